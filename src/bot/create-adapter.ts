import { CloudAdapter, ConfigurationServiceClientCredentialFactory, ShowTypingMiddleware } from 'botbuilder';
import type { Config } from '../config';
import { ReusingBotFrameworkAuthentication } from './reused-connector-clients';

/** The Bot Framework adapter from the standard Microsoft* variables; with no app id, anonymous for local use. */
export function createAdapter(config: Config): CloudAdapter {
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const auth = new ReusingBotFrameworkAuthentication(credentials, new ConfigurationServiceClientCredentialFactory(credentials));
  const adapter = new CloudAdapter(auth);
  // Answers take milliseconds; "typing…" shows only when a turn is slower than this (storage, a slow connector).
  adapter.use(new ShowTypingMiddleware(config.TYPING_DELAY_MS, 2000));
  return adapter;
}
