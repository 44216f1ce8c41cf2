import { ConfigurationServiceClientCredentialFactory, ShowTypingMiddleware } from 'botbuilder';
import type { Config } from '../config';
import { HelpdeskAdapter } from './helpdesk-adapter';
import { LoginUrlCredentialsFactory } from './login-credentials';
import { ReusingBotFrameworkAuthentication } from './reused-connector-clients';

/**
 * The Bot Framework adapter from the standard Microsoft* variables; with no app id, anonymous for local use.
 * The four endpoint variables, when set, replace the public cloud's (botbuilder then uses only those).
 */
export function createAdapter(config: Config): HelpdeskAdapter {
  const credentials = {
    MicrosoftAppId: config.MicrosoftAppId,
    MicrosoftAppPassword: config.MicrosoftAppPassword,
    MicrosoftAppType: config.MicrosoftAppType,
    MicrosoftAppTenantId: config.MicrosoftAppTenantId,
  };
  const endpoints = {
    ...(config.ToBotFromChannelOpenIdMetadataUrl && { ToBotFromChannelOpenIdMetadataUrl: config.ToBotFromChannelOpenIdMetadataUrl }),
    ...(config.ToBotFromChannelTokenIssuer && { ToBotFromChannelTokenIssuer: config.ToBotFromChannelTokenIssuer }),
    ...(config.ToChannelFromBotLoginUrl && { ToChannelFromBotLoginUrl: config.ToChannelFromBotLoginUrl }),
    ...(config.ToChannelFromBotOAuthScope && { ToChannelFromBotOAuthScope: config.ToChannelFromBotOAuthScope }),
  };
  const credentialsFactory = new LoginUrlCredentialsFactory(
    new ConfigurationServiceClientCredentialFactory(credentials),
    config.MicrosoftAppId,
    config.MicrosoftAppPassword,
    config.ToChannelFromBotLoginUrl,
  );
  const auth = new ReusingBotFrameworkAuthentication({ ...credentials, ...endpoints }, credentialsFactory);
  const adapter = new HelpdeskAdapter(auth, config.anonymous);
  // Answers take milliseconds; "typing…" shows only when a turn is slower than this (storage, a slow connector).
  adapter.use(new ShowTypingMiddleware(config.TYPING_DELAY_MS, 2000));
  return adapter;
}
