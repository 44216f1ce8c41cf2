import { z } from 'zod';
import type { SignInRecord } from './sign-in-lookup';

/** Graph leaves out or nulls what it does not know; both mean "absent" here. */
const text = z
  .string()
  .nullish()
  .transform((value) => (value?.trim() ? value.trim().slice(0, 300) : undefined));

/** One row of `GET /v1.0/auditLogs/signIns`, in the shape of Microsoft Graph's signIn resource (fields the bot uses). */
const row = z.object({
  id: z.string().min(1).max(100),
  createdDateTime: z.string().refine((value) => !Number.isNaN(Date.parse(value)), 'not a date-time'),
  userId: text,
  userPrincipalName: text,
  userDisplayName: text,
  appDisplayName: text,
  correlationId: text,
  ipAddress: text,
  conditionalAccessStatus: text,
  status: z.object({ errorCode: z.number().int(), failureReason: text, additionalDetails: text }),
  location: z.object({ city: text, state: text, countryOrRegion: text }).nullish(),
  deviceDetail: z.object({ displayName: text, operatingSystem: text, browser: text }).nullish(),
});

const page = z.object({ value: z.array(z.unknown()) });

export class MalformedSignIns extends Error {
  constructor(reason: string) {
    super(`malformed sign-in logs answer: ${reason}`);
    this.name = 'MalformedSignIns';
  }
}

const compact = <T extends object>(value: T): T | undefined =>
  Object.values(value).some((field) => field !== undefined)
    ? (Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T)
    : undefined;

/**
 * Graph's answer as failed sign-ins, newest first. A body that is not a page of sign-ins throws;
 * single rows that do not fit are dropped, unless none fits.
 */
export function parseSignIns(body: unknown): SignInRecord[] {
  const parsed = page.safeParse(body);
  if (!parsed.success) throw new MalformedSignIns('no "value" list');
  const rows = parsed.data.value.map((item) => row.safeParse(item));
  const good = rows.flatMap((result) => (result.success ? [result.data] : []));
  if (rows.length && !good.length) throw new MalformedSignIns('no row has the shape of a sign-in');
  return good
    .filter((item) => item.status.errorCode !== 0)
    .map((item) => {
      const record: SignInRecord = {
        requestId: item.id,
        createdAt: new Date(item.createdDateTime).toISOString(),
        errorCode: item.status.errorCode,
        ...compact({
          userId: item.userId,
          userPrincipalName: item.userPrincipalName,
          userDisplayName: item.userDisplayName,
          appDisplayName: item.appDisplayName,
          correlationId: item.correlationId,
          failureReason: item.status.failureReason,
          additionalDetails: item.status.additionalDetails,
          conditionalAccessStatus: item.conditionalAccessStatus,
          ipAddress: item.ipAddress,
        }),
      };
      const location = item.location && compact({ ...item.location });
      const device = item.deviceDetail && compact({ ...item.deviceDetail });
      return { ...record, ...(location && { location }), ...(device && { device }) };
    })
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}
