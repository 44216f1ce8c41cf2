import type { Config } from '../config';
import type { Logger } from '../logger';
import { GraphSignInLookup } from './graph-sign-in-lookup';
import { GuardedSignInLookup } from './guarded-sign-in-lookup';
import type { SignInLookup } from './sign-in-lookup';

/** The sign-in lookup the configuration asks for (Microsoft Graph, guarded), or none when SIGNIN_LOGS is off. */
export function createSignInLookup(config: Config, log: Logger): SignInLookup | undefined {
  if (!config.graph) return undefined;
  const part = log.child({ part: 'sign-in-logs' });
  if (config.anonymous) {
    part.warn(
      'sign-in logs are on while the bot runs anonymously: anyone who can reach it can claim any Entra object id and read that person’s failed sign-ins. Use this only locally, against a test tenant.',
    );
  }
  part.info(
    { graph: config.graph.endpoint, authority: config.graph.authorityHost, lookbackHours: config.graph.lookbackHours },
    'sign-in logs: reading failed sign-ins through Microsoft Graph',
  );
  return new GuardedSignInLookup(new GraphSignInLookup(config.graph), part);
}
