import type { LookupFailure, LookupOutcome, SignInLookup, SignInSubject } from './sign-in-lookup';
import { subjectKey } from './sign-in-lookup';

/** The part of the logger this needs; pino's fits. */
export interface WarnLog {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** After a failure, the logs are not asked again for this long: each message would otherwise wait for the same failure. */
const COOL_DOWN_SECONDS: Record<LookupFailure, number> = {
  forbidden: 120,
  unlicensed: 600,
  auth: 120,
  throttled: 30, // unless Graph's Retry-After says otherwise
  timeout: 30,
  malformed: 30,
  unavailable: 30,
};
/** Graph's Retry-After is honoured between these bounds. */
const MIN_RETRY_AFTER_SECONDS = 5;
const MAX_RETRY_AFTER_SECONDS = 300;

/** What an operator must know, once, when the logs cannot be read; never the user, the query or any IP address. */
const WARNING: Record<LookupFailure, string> = {
  forbidden:
    'sign-in logs: Microsoft Graph answered 403 Authorization_RequestDenied. Grant the app the application permission AuditLog.Read.All with admin consent. Answering from message text meanwhile.',
  unlicensed:
    'sign-in logs: Microsoft Graph answered 403: the tenant has no Microsoft Entra ID P1/P2 licence, which sign-in logs through Graph need. Answering from message text meanwhile.',
  auth: 'sign-in logs: no token for Microsoft Graph: check GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET (or the MicrosoftApp* values they default to) and GRAPH_AUTHORITY_HOST. Answering from message text meanwhile.',
  throttled: 'sign-in logs: Microsoft Graph is throttling (429); not asking again until its Retry-After has passed.',
  timeout:
    'sign-in logs: Microsoft Graph or the token endpoint did not answer in time (GRAPH_TIMEOUT_MS). Answering from message text meanwhile.',
  malformed: 'sign-in logs: Microsoft Graph answered with something that is not a list of sign-ins. Answering from message text meanwhile.',
  unavailable:
    'sign-in logs: Microsoft Graph or the sign-in service could not be reached or read: check GRAPH_ENDPOINT, GRAPH_AUTHORITY_HOST and GRAPH_TENANT_ID (an unknown tenant looks the same). Answering from message text meanwhile.',
};

export interface GuardOptions {
  /** How long a successful answer is reused for the same person. */
  readonly cacheSeconds?: number;
  readonly maxCached?: number;
  readonly now?: () => number;
}

/**
 * Keeps a slow or failing Graph from making the bot worse than without it: recent answers are reused briefly,
 * concurrent questions about one person share a request, a failure pauses requests for a while,
 * and a failure is logged once when it starts (and once when it ends), not per message.
 */
export class GuardedSignInLookup implements SignInLookup {
  private readonly cache = new Map<string, { outcome: LookupOutcome; expires: number }>();
  private readonly pending = new Map<string, Promise<LookupOutcome>>();
  private pausedUntil = 0;
  private pausedFor: LookupOutcome | undefined;
  private failing: LookupFailure | undefined;
  private readonly cacheMs: number;
  private readonly maxCached: number;
  private readonly now: () => number;

  constructor(
    private readonly inner: SignInLookup,
    private readonly log: WarnLog,
    options: GuardOptions = {},
  ) {
    this.cacheMs = (options.cacheSeconds ?? 60) * 1000;
    this.maxCached = options.maxCached ?? 1000;
    this.now = options.now ?? Date.now;
  }

  recentFailures(subject: SignInSubject): Promise<LookupOutcome> {
    const key = subjectKey(subject);
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.expires > now) return Promise.resolve(cached.outcome);
    if (cached) this.cache.delete(key);
    if (this.pausedFor && now < this.pausedUntil) return Promise.resolve(this.pausedFor);
    let request = this.pending.get(key);
    if (!request) {
      request = this.ask(key, subject).finally(() => this.pending.delete(key));
      this.pending.set(key, request);
    }
    return request;
  }

  private async ask(key: string, subject: SignInSubject): Promise<LookupOutcome> {
    const outcome = await this.inner.recentFailures(subject);
    if (outcome.ok) {
      if (this.failing) this.log.info({ recovered: this.failing }, 'sign-in logs: readable again');
      this.failing = undefined;
      this.pausedFor = undefined;
      if (this.cache.size >= this.maxCached) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { outcome, expires: this.now() + this.cacheMs });
      return outcome;
    }
    const pauseSeconds =
      outcome.failure === 'throttled' && outcome.retryAfterSeconds !== undefined
        ? Math.min(MAX_RETRY_AFTER_SECONDS, Math.max(MIN_RETRY_AFTER_SECONDS, outcome.retryAfterSeconds))
        : COOL_DOWN_SECONDS[outcome.failure];
    this.pausedFor = outcome;
    this.pausedUntil = this.now() + pauseSeconds * 1000;
    if (this.failing !== outcome.failure) {
      this.log.warn({ failure: outcome.failure, pauseSeconds }, WARNING[outcome.failure]);
      this.failing = outcome.failure;
    }
    return outcome;
  }
}
