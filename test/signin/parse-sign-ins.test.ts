import { describe, expect, it } from 'vitest';
import { MalformedSignIns, parseSignIns } from '../../src/signin/parse-sign-ins';
import { signIn } from '../helpers/graph-stand-in';

describe("parsing Graph's signIns page", () => {
  it('keeps what the bot shows from a documented row, newest first, without the rest', () => {
    const older = signIn({
      createdDateTime: '2026-11-28T08:00:00Z',
      status: { errorCode: 50126, failureReason: 'Invalid username or password.' },
    });
    const newer = signIn({
      createdDateTime: '2026-11-28T09:00:00Z',
      appDisplayName: 'Salesforce',
      conditionalAccessStatus: 'failure',
      status: { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies.', additionalDetails: null },
    });
    const records = parseSignIns({ '@odata.context': 'x', value: [older, newer] });
    expect(records.map((record) => record.errorCode)).toEqual([53003, 50126]);
    expect(records[0]).toEqual({
      requestId: newer.id,
      createdAt: '2026-11-28T09:00:00.000Z',
      errorCode: 53003,
      userId: newer.userId,
      userPrincipalName: newer.userPrincipalName,
      userDisplayName: newer.userDisplayName,
      appDisplayName: 'Salesforce',
      correlationId: newer.correlationId,
      failureReason: 'Access has been blocked by Conditional Access policies.',
      conditionalAccessStatus: 'failure',
      ipAddress: newer.ipAddress,
      location: { city: 'Shanghai', state: 'Shanghai', countryOrRegion: 'CN' },
      device: { operatingSystem: 'Windows 10', browser: 'Edge 120.0.0' },
    });
  });

  it('reads nulls and missing fields as absent, and drops successes Graph should not have sent', () => {
    const records = parseSignIns({
      value: [
        {
          id: 'a',
          createdDateTime: '2026-11-28T09:00:00Z',
          status: { errorCode: 50053 },
          location: null,
          deviceDetail: null,
          appDisplayName: null,
        },
        { id: 'b', createdDateTime: '2026-11-28T09:01:00Z', status: { errorCode: 0 } },
      ],
    });
    expect(records).toEqual([{ requestId: 'a', createdAt: '2026-11-28T09:00:00.000Z', errorCode: 50053 }]);
  });

  it('an empty page is no failures', () => {
    expect(parseSignIns({ value: [] })).toEqual([]);
  });

  it('drops a row that does not fit, unless none fits', () => {
    const good = signIn({ status: { errorCode: 50126 } });
    expect(parseSignIns({ value: [good, { id: 3 }] })).toHaveLength(1);
    expect(() => parseSignIns({ value: [{ id: 3 }, { createdDateTime: 'yesterday' }] })).toThrow(MalformedSignIns);
  });

  it.each([null, 'text', [], { error: { code: 'x' } }, { value: 'rows' }])('throws on a body that is not a page: %j', (body) => {
    expect(() => parseSignIns(body)).toThrow(MalformedSignIns);
  });

  it('cuts very long text from Graph', () => {
    const [record] = parseSignIns({ value: [signIn({ appDisplayName: 'x'.repeat(5000), status: { errorCode: 50126 } })] });
    expect(record!.appDisplayName).toHaveLength(300);
  });
});
