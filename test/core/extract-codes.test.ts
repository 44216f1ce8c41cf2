import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCodes } from '../../src/core/extract-codes';
import { extractContext } from '../../src/core/extract-context';
import { FIXTURES, readJsonl, VALIDATION_FIXTURES, type PasteCase } from '../helpers/fixtures';
import { testCatalog } from '../helpers/helpdesk-data';

const catalog = testCatalog();
const found = (text: string) => extractCodes(text, (code) => catalog.has(code)).found;

describe('code extraction', () => {
  it.each([
    ['AADSTS50126: Error validating credentials', [50126]],
    ['aadsts50058 silent sign-in', [50058]],
    ['AADSTS 50055 and AADSTS-50057', [50055, 50057]],
    ['登录报错AADSTS700016了', [700016]],
    ['错误代码５００５７', [50057]],
    ['error 50053', [50053]],
    ['Sign-in error code: 50126', [50126]],
    ['错误码 50126，报错 53003', [50126, 53003]],
    ['50126', [50126]],
    ['{"errorCode": 50126, "failureReason": "Invalid username or password"}', [50126]],
    ['{"error_codes": [7000218, 50058]}', [7000218, 50058]],
    ['https://login.microsoftonline.com/error?code=50011', [50011]],
    ['redirect?error=invalid_grant&error_description=AADSTS70008%3a+The+provided+grant+has+expired', [70008]],
    ['SigninLogs | where ResultType in ("50053","50055")', [50053, 50055]],
    ['SigninLogs | where ResultType == 50126', [50126]],
    ['AADSTS99999999: something new', [99999999]],
    ['first AADSTS50126, later AADSTS50053, then AADSTS50126 again', [50126, 50053]],
    ['Microsoft support 50058 again?', [50058]],
    ['Error Code: 50053\nRequest Id: 086c745f-81ed-45b1-b563-8a2f1c3d4e5f', [50053]],
    // The troubleshooting block flattened onto one line, as some clients paste it.
    ['Error Code: 53003 Request Id: 086c745f-81ed-45b1-b563-8a2f1c3d4e5f Correlation Id: 1', [53003]],
    ['error code 500121 request ID abc', [500121]],
    ['Error Code 50126 Event ID 4625', [50126]],
  ])('finds codes in %s', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('reads the error-code column of a sign-in log CSV export and nothing else', () => {
    const csv = [
      'Date (UTC),Request ID,User,Application,Status,Sign-in error code,Failure reason,IP address,Port',
      '2024-03-05T08:12:44Z,1b2c3d4e-5005-3000-8000-500535005300,li.wei@contoso.com,Office 365,Failure,50126,Invalid username or password,10.1.50.126,50053',
      '2024-03-05T08:13:02Z,2b2c3d4e-5005-3000-8000-500535005301,li.wei@contoso.com,Office 365,Success,0,,10.1.50.126,50053',
      '2024-03-05T08:14:10Z,3b2c3d4e-5005-3000-8000-500535005302,li.wei@contoso.com,Office 365,Failure,50053,Account is locked,10.1.50.126,50053',
    ].join('\n');
    expect(found(csv)).toEqual([50126, 50053]);
  });

  it.each([
    ['Trace ID: 5005a126-0000-4000-8000-500530050126'],
    ['2024-05-01 10:50:53 and 2024-05-01T10:50:53Z'],
    ['server 10.1.50.126:50053 refused'],
    ['call me on +86 138 5005 3000 or 13850053000'],
    ['see ticket INC0050126 and REQ0053003'],
    ['order number 50126, employee no. 50053, asset tag 53000'],
    ['install KB5005565 first'],
    ['Teams version 1.6.00.50055'],
    ['预算 50000 元，覆盖 50000 users，导出了 53000 rows'],
    ['process pid=50061 crashed'],
    ['{"status": {"errorCode": 0}}'],
    ['HTTP 400 Bad Request, then 401'],
    ['my verification code 500121 does not work'],
    ['at Worker.cs:line 50126'],
    ['Content-Length: 50011'],
    ['call 021-5005-3000 ext. 70008'],
    ['50126 events in the last 30 days'],
  ])('finds nothing in %s', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('splits known from unknown codes', () => {
    const result = extractCodes('AADSTS50126 and AADSTS99999999', (code) => catalog.has(code));
    expect(result.known).toEqual([50126]);
    expect(result.unknown).toEqual([99999999]);
  });

  it.each([
    join(FIXTURES, 'pastes.jsonl'),
    join(VALIDATION_FIXTURES, 'validation-pastes.jsonl'),
    join(VALIDATION_FIXTURES, 'holdout3-pastes.jsonl'),
  ])('gets every paste of %s exactly right', (file) => {
    const cases = readJsonl<PasteCase>(file);
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const wrong = cases
      .filter((c) => JSON.stringify(found(c.text)) !== JSON.stringify(c.codes))
      .map((c) => `${c.id}: ${found(c.text).join(',')}`);
    expect(wrong).toEqual([]);
  });

  it('captures trace, correlation and timestamp from the pastes that carry them', () => {
    const cases = readJsonl<PasteCase>(join(FIXTURES, 'pastes.jsonl'));
    for (const c of cases) {
      const context = extractContext(c.text);
      expect({ id: c.id, ...context }).toEqual({
        id: c.id,
        ...(c.traceId && { traceId: c.traceId }),
        ...(c.correlationId && { correlationId: c.correlationId }),
        ...(c.timestamp && { timestamp: c.timestamp }),
      });
    }
  });
  const TRACE = '1b2c3d4e-1111-2222-3333-444455556666';
  const CORRELATION = 'd79f5bee-5860-4832-928f-3133e22ae912';
  it.each([
    [
      'a CSV row under the export header',
      `Date (UTC),Request ID,User agent,Correlation ID,User,Application,Status,Sign-in error code,Failure reason\n2026-11-30T08:12:01Z,${TRACE},"Mozilla/5.0 (Windows NT 10.0; Win64; x64)",${CORRELATION},Li Lei,Microsoft Teams,Failure,50053,Account is locked`,
      '2026-11-30T08:12:01Z',
    ],
    [
      'the sign-in details pane copied (label, tab, value; the browser\u2019s date format)',
      `Date\t11/30/2026, 8:12:01 AM\nRequest ID\t${TRACE}\nCorrelation ID\t${CORRELATION}\nSign-in error code\t50126`,
      '11/30/2026, 8:12:01 AM',
    ],
    [
      'a Markdown table',
      `| Date | Request ID | Correlation ID | Error code |\n|---|---|---|---|\n| 2026-11-30 08:12:01 | ${TRACE} | ${CORRELATION} | 50126 |`,
      '2026-11-30 08:12:01',
    ],
    ['the pane in Chinese', `日期\t2026/11/30 08:12:01\n请求 ID\t${TRACE}\n关联 ID\t${CORRELATION}`, '2026/11/30 08:12:01'],
  ])('captures the context from %s', (_, text, timestamp) => {
    expect(extractContext(text)).toEqual({ traceId: TRACE, correlationId: CORRELATION, timestamp });
  });

  it('takes no context from a table of several sign-ins (which one is meant is the person\u2019s to say)', () => {
    const row = `2026-11-30T08:12:01Z,${TRACE},${CORRELATION},50126`;
    expect(extractContext(`Date (UTC),Request ID,Correlation ID,Sign-in error code\n${row}\n${row}`)).toEqual({});
  });

  it('takes no context from prose that only has commas and a date', () => {
    expect(extractContext('I tried, again, and again, on 11/30 at 8am, with date 2026-11-30 and a request id of 12345')).toEqual({});
  });
});
