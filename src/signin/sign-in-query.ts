import type { SignInSubject } from './sign-in-lookup';

/** Rows asked for: enough to group a burst of retries of one failure and still see the others. */
export const SIGN_IN_ROWS = 20;

/** The OData query of `GET /v1.0/auditLogs/signIns` for one subject's failures since `now - lookbackHours`. */
export interface SignInQuery {
  readonly filter: string;
  readonly top: number;
  readonly orderby: string;
}

/** Whole seconds, as the sign-in logs' createdDateTime filter is usually written (`2024-05-01T08:00:00Z`). */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An OData string literal; the subject is already validated, doubling quotes is the belt to those braces. */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function signInQuery(subject: SignInSubject, now: Date, lookbackHours: number): SignInQuery {
  const since = new Date(now.getTime() - lookbackHours * 3_600_000);
  const who = subject.kind === 'objectId' ? `userId eq ${literal(subject.id)}` : `userPrincipalName eq ${literal(subject.upn)}`;
  return {
    filter: `${who} and createdDateTime ge ${isoSeconds(since)} and status/errorCode ne 0`,
    top: SIGN_IN_ROWS,
    orderby: 'createdDateTime desc',
  };
}
