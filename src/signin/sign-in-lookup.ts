/**
 * The sign-in logs as the app sees them: a lookup it calls, whatever reads the logs behind it
 * (Microsoft Graph in production, anything else in tests of the rules).
 */

/** Whose sign-ins: an Entra object id (what Teams gives as `from.aadObjectId`) or a user principal name. */
export type SignInSubject = { readonly kind: 'objectId'; readonly id: string } | { readonly kind: 'upn'; readonly upn: string };

/** One failed sign-in, reduced to what the bot shows or puts in a ticket. */
export interface SignInRecord {
  /** The sign-in's id: the Request ID of the sign-in logs. */
  readonly requestId: string;
  readonly createdAt: string;
  readonly userId?: string;
  readonly userPrincipalName?: string;
  readonly userDisplayName?: string;
  readonly appDisplayName?: string;
  readonly correlationId?: string;
  readonly errorCode: number;
  readonly failureReason?: string;
  readonly additionalDetails?: string;
  readonly conditionalAccessStatus?: string;
  readonly ipAddress?: string;
  readonly location?: { readonly city?: string; readonly state?: string; readonly countryOrRegion?: string };
  readonly device?: { readonly displayName?: string; readonly operatingSystem?: string; readonly browser?: string };
}

/** Why the logs could not be read; each has its own log line and cool-down. */
export type LookupFailure = 'forbidden' | 'unlicensed' | 'throttled' | 'timeout' | 'malformed' | 'auth' | 'unavailable';

export type LookupOutcome =
  | { readonly ok: true; readonly records: readonly SignInRecord[]; readonly lookbackHours: number }
  | { readonly ok: false; readonly failure: LookupFailure; readonly retryAfterSeconds?: number };

export interface SignInLookup {
  /** The subject's failed sign-ins of the lookback window, newest first. Never throws: a failure is an outcome. */
  recentFailures(subject: SignInSubject): Promise<LookupOutcome>;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A user principal name: name@domain. An apostrophe is allowed (o'brien@…): the query doubles it inside its literal. */
const UPN = /^[a-z0-9._%+#'-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/i;

/** What an agent typed after `sign-ins`: an object id or a UPN; anything else is refused before any request. */
export function parseSubject(text: string): SignInSubject | undefined {
  // Teams may send an e-mail address as a mailto link: keep the text, drop the markup.
  const value = text
    .replace(/<[^>]*>/g, '')
    .trim()
    .replace(/^mailto:/i, '');
  if (GUID.test(value)) return { kind: 'objectId', id: value.toLowerCase() };
  // The sign-in logs store UPNs in lower case.
  if (value.length <= 113 && UPN.test(value)) return { kind: 'upn', upn: value.toLowerCase() };
  return undefined;
}

export function subjectOf(objectId: string | undefined): SignInSubject | undefined {
  return objectId && GUID.test(objectId) ? { kind: 'objectId', id: objectId.toLowerCase() } : undefined;
}

export function subjectKey(subject: SignInSubject): string {
  return subject.kind === 'objectId' ? `id:${subject.id}` : `upn:${subject.upn}`;
}

export function subjectLabel(subject: SignInSubject): string {
  return subject.kind === 'objectId' ? subject.id : subject.upn;
}
