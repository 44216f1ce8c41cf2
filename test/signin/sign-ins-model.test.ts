import { describe, expect, it } from 'vitest';
import type { SignInRecord } from '../../src/signin/sign-in-lookup';
import { buildSignInsModel, hasFailuresToShow } from '../../src/signin/sign-ins-model';
import { testCore, testStrings } from '../helpers/helpdesk-data';

const core = testCore();
const strings = testStrings();
const record = (overrides: Partial<SignInRecord>): SignInRecord => ({
  requestId: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
  createdAt: '2026-11-28T01:05:00.000Z',
  errorCode: 50126,
  appDisplayName: 'Outlook',
  correlationId: 'aaaa0000-bb11-2222-33cc-444444dddddd',
  ipAddress: '203.0.113.45',
  location: { city: 'Shanghai', state: 'Shanghai', countryOrRegion: 'CN' },
  device: { operatingSystem: 'iOS 17', browser: 'Mobile Safari' },
  ...overrides,
});
const self = {
  audience: { kind: 'self' as const, question: "I can't sign in to Salesforce" },
  lookbackHours: 24,
  timeZone: 'Asia/Shanghai',
};

describe('the sign-ins card model', () => {
  it('explains each failure from the catalog, newest first, grouping retries of one failure in one app', () => {
    const model = buildSignInsModel(
      [
        record({ requestId: 'r1', createdAt: '2026-11-28T01:00:00.000Z' }),
        record({ requestId: 'r2', createdAt: '2026-11-28T02:00:00.000Z', errorCode: 53003, appDisplayName: 'Salesforce' }),
        record({ requestId: 'r3', createdAt: '2026-11-28T01:30:00.000Z' }),
      ],
      core.catalog,
      strings,
      'en',
      self,
    );
    expect(model.heading).toBe('Your failed sign-ins in the last 24 hours');
    expect(model.groups.map((group) => group.codeLabel)).toEqual(['AADSTS53003', 'AADSTS50126']);
    const [salesforce, outlook] = model.groups;
    expect(salesforce!.title).toBe(core.catalog.get(53003)!.title.en);
    expect(salesforce!.partyLabel).toBe('Your IT admin must act');
    expect(salesforce!.steps.length).toBeGreaterThan(0);
    expect(salesforce!.lines).toContainEqual({ label: 'When', value: '2026-11-28 10:00 GMT+8' }); // 02:00 UTC in Shanghai
    expect(outlook!.lines).toContainEqual({ label: 'When', value: '2 times, last at 2026-11-28 09:30 GMT+8' });
    expect(outlook!.lines).toContainEqual({ label: 'Request ID', value: 'r3' }); // the latest of the group
    expect(outlook!.lines).toContainEqual({ label: 'Where', value: 'Shanghai · CN' });
    expect(outlook!.lines).toContainEqual({ label: 'Device', value: 'iOS 17 · Mobile Safari' });
  });

  it('shows the IP address and the log’s own reason to the helpdesk only', () => {
    const records = [record({ failureReason: 'Invalid username or password.' })];
    const person = JSON.stringify(buildSignInsModel(records, core.catalog, strings, 'en', self));
    const helpdesk = JSON.stringify(
      buildSignInsModel(records, core.catalog, strings, 'en', { ...self, audience: { kind: 'helpdesk', user: 'bob@contoso.com' } }),
    );
    expect(person).not.toContain('203.0.113.45');
    expect(helpdesk).toContain('203.0.113.45');
    expect(helpdesk).toContain('Invalid username or password.');
    expect(helpdesk).not.toContain('"escalate":{');
  });

  it('puts the sign-in’s code, request id, correlation id and time in the escalate button, so the ticket gets them', () => {
    const model = buildSignInsModel([record({ errorCode: 53003, appDisplayName: 'Salesforce' })], core.catalog, strings, 'zh', self);
    const q = model.groups[0]!.escalate!.q;
    const understood = core.understand(q);
    expect(understood.found).toEqual([53003]);
    expect(understood.context).toEqual({
      traceId: '0000aaaa-11bb-cccc-dd22-eeeeee333333',
      correlationId: 'aaaa0000-bb11-2222-33cc-444444dddddd',
      timestamp: '2026-11-28T01:05:00.000Z',
    });
    expect(q).toContain("I can't sign in to Salesforce");
    expect(q).not.toContain('203.0.113.45');
    expect(model.escalate).not.toBeNull();
  });

  it('explains an unknown code with the log’s reason and a lookup link, and notes interrupts that need no one', () => {
    const interrupt = core.catalog.entries.find((entry) => entry.party === 'none')!.code;
    const model = buildSignInsModel(
      [record({ errorCode: 99999991, failureReason: 'Something new.' }), record({ errorCode: interrupt })],
      core.catalog,
      strings,
      'en',
      self,
    );
    expect(model.groups).toHaveLength(1);
    expect(model.groups[0]!.title).toBe('Not in our catalog yet');
    expect(model.groups[0]!.lines).toContainEqual({ label: 'Reason in the log', value: 'Something new.' });
    expect(model.groups[0]!.links[0]!.url).toBe('https://login.microsoftonline.com/error?code=99999991');
    expect(model.interruptions).toContain(`AADSTS${interrupt}`);
    expect(hasFailuresToShow([record({ errorCode: interrupt })], core.catalog)).toBe(false);
  });

  it('shows four failures in full and counts the rest', () => {
    const codes = [50126, 50053, 50057, 53003, 50055, 50055];
    const model = buildSignInsModel(
      codes.map((errorCode, i) => record({ errorCode, requestId: `r${i}`, appDisplayName: `App ${i}` })),
      core.catalog,
      strings,
      'en',
      self,
    );
    expect(model.groups).toHaveLength(4);
    expect(model.more).toBe('2 more failed sign-ins are not shown.');
  });

  it('writes times in UTC when Teams sent no time zone, or nonsense', () => {
    for (const timeZone of [undefined, 'Mars/Olympus_Mons']) {
      const model = buildSignInsModel([record({})], core.catalog, strings, 'en', {
        audience: self.audience,
        lookbackHours: 24,
        ...(timeZone && { timeZone }),
      });
      expect(model.groups[0]!.lines).toContainEqual({ label: 'When', value: '2026-11-28 01:05 UTC' });
    }
  });

  it('without a question there is nothing to escalate', () => {
    const model = buildSignInsModel([record({})], core.catalog, strings, 'en', { ...self, audience: { kind: 'self' } });
    expect(model.groups[0]!.escalate).toBeNull();
    expect(model.escalate).toBeNull();
  });
});
