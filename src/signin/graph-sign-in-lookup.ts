import { ClientSecretCredential } from '@azure/identity';
import {
  AuthenticationHandler,
  Client,
  GraphError,
  HTTPMessageHandler,
  RetryHandler,
  RetryHandlerOptions,
} from '@microsoft/microsoft-graph-client';
import { TokenCredentialAuthenticationProvider } from '@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials';
import type { GraphSettings } from '../config';
import { MalformedSignIns, parseSignIns } from './parse-sign-ins';
import type { LookupFailure, LookupOutcome, SignInLookup, SignInSubject } from './sign-in-lookup';
import { signInQuery } from './sign-in-query';

/**
 * Microsoft's public cloud, whose sign-in host MSAL knows. Any other host (a national cloud, a test stand-in)
 * gets instance discovery switched off: otherwise the library would first ask login.microsoftonline.com about it.
 */
const PUBLIC_AUTHORITY_HOST = 'login.microsoftonline.com';
/** Graph's answer to a tenant without Entra ID P1/P2 (sign-in logs through Graph need it). */
const UNLICENSED = 'Authentication_RequestFromNonPremiumTenantOrB2CTenant';
/** OAuth 2.0 errors by which Entra refuses an app's credentials, tenant or scope. */
const ENTRA_REFUSED = /\b(?:invalid_client|unauthorized_client|invalid_tenant|invalid_scope|invalid_request|invalid_grant)\b|AADSTS\d+/;
/** Time kept back from the deadline when deciding whether one more try fits. */
const MARGIN_MS = 300;

class Timeout extends Error {
  constructor() {
    super('sign-in logs did not answer in time');
    this.name = 'Timeout';
  }
}

/** Seconds from a Retry-After header: delta-seconds or an HTTP date. */
export function retryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = /^\d+$/.test(value.trim()) ? Number(value) : Math.ceil((Date.parse(value) - now) / 1000);
  return Number.isFinite(seconds) ? Math.max(0, seconds) : undefined;
}

function classify(error: unknown): { failure: LookupFailure; retryAfterSeconds?: number } {
  if (error instanceof Timeout) return { failure: 'timeout' };
  if (error instanceof MalformedSignIns) return { failure: 'malformed' };
  // The Graph client wraps what failed before Graph answered (the token, the network) in a GraphError with status -1,
  // keeping the original error's name as its code and its text as its body.
  const wrapped = error instanceof GraphError && error.statusCode === -1;
  const name = wrapped ? error.code : (error as { name?: string } | undefined)?.name;
  const message = wrapped ? String(error.body) : String((error as Error | undefined)?.message);
  if (name === 'AbortError') return { failure: 'timeout' };
  // @azure/identity: Entra refused the app (an OAuth error such as invalid_client, with its AADSTS code),
  // or the authority could not be reached or read (endpoints_resolution_error and the like).
  if (name === 'AuthenticationError' || name === 'AuthenticationRequiredError' || name === 'CredentialUnavailableError') {
    return { failure: ENTRA_REFUSED.test(message) ? 'auth' : 'unavailable' };
  }
  if (error instanceof GraphError && !wrapped) {
    if (error.statusCode === 403) return { failure: error.code === UNLICENSED ? 'unlicensed' : 'forbidden' };
    if (error.statusCode === 401) return { failure: 'auth' };
    if (error.statusCode === 429) {
      const after = retryAfterSeconds(error.headers?.get('Retry-After'));
      return { failure: 'throttled', ...(after !== undefined && { retryAfterSeconds: after }) };
    }
    if (error.statusCode >= 200 && error.statusCode < 300) return { failure: 'malformed' };
  }
  return { failure: 'unavailable' };
}

/**
 * The sign-in logs through Microsoft Graph: an app-only token by OAuth client credentials (@azure/identity,
 * which caches it until shortly before it expires), then `GET /v1.0/auditLogs/signIns` through Microsoft's Graph client.
 * Everything, token included, is bounded by `timeoutMs`.
 */
export class GraphSignInLookup implements SignInLookup {
  private readonly client: Client;

  constructor(
    private readonly settings: GraphSettings,
    private readonly now: () => Date = () => new Date(),
  ) {
    const authority = new URL(settings.authorityHost);
    const credential = new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret, {
      authorityHost: settings.authorityHost,
      disableInstanceDiscovery: authority.hostname !== PUBLIC_AUTHORITY_HOST,
      // One quick retry at most: the caller's deadline is a few seconds.
      retryOptions: { maxRetries: 1, retryDelayInMs: 200, maxRetryDelayInMs: 1000 },
    });
    const auth = new AuthenticationHandler(
      new TokenCredentialAuthenticationProvider(credential, { scopes: [`${settings.endpoint}/.default`] }),
    );
    const retry = new RetryHandler(new RetryHandlerOptions(1, 1));
    auth.setNext(retry);
    retry.setNext(new HTTPMessageHandler());
    this.client = Client.initWithMiddleware({
      middleware: auth,
      baseUrl: settings.endpoint,
      defaultVersion: 'v1.0',
      // The Graph client sends the token only to Graph's own hosts and these (a national cloud's host is already one).
      customHosts: new Set([new URL(settings.endpoint).hostname]),
    });
  }

  async recentFailures(subject: SignInSubject): Promise<LookupOutcome> {
    const deadline = Date.now() + this.settings.timeoutMs;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Timeout());
      }, this.settings.timeoutMs);
    });
    try {
      const records = await Promise.race([this.read(subject, controller.signal, deadline), timeout]);
      return { ok: true, records, lookbackHours: this.settings.lookbackHours };
    } catch (error) {
      return { ok: false, ...classify(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  private async read(subject: SignInSubject, signal: AbortSignal, deadline: number) {
    const query = signInQuery(subject, this.now(), this.settings.lookbackHours);
    // Retry a throttled or busy Graph once, and only when its Retry-After still fits the deadline.
    const retry = new RetryHandlerOptions(0, 1, (_delay, _attempt, _request, _options, response) => {
      const after = retryAfterSeconds(response.headers.get('Retry-After')) ?? 1;
      return Date.now() + after * 1000 + MARGIN_MS < deadline;
    });
    // A body that is not JSON surfaces as a GraphError with a 2xx status; one that is, but not sign-ins, fails parsing.
    const body: unknown = await this.client
      .api('/auditLogs/signIns')
      .filter(query.filter)
      .orderby(query.orderby)
      .top(query.top)
      .middlewareOptions([retry])
      .option('signal', signal)
      .get();
    return parseSignIns(body);
  }
}
