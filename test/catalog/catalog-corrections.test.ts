import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../src/catalog/types';
import { testCatalog, testCore } from '../helpers/helpdesk-data';

/** The fact-check of issue 13, each checked against Microsoft's current reference before the catalog changed. */
const catalog = testCatalog();
const entry = (code: number): CatalogEntry => catalog.get(code)!;
const allText = (e: CatalogEntry) => JSON.stringify([e.title, e.meaning, e.steps]);

describe('catalog corrections', () => {
  it('50074: MFA is required and the sign-in interrupted, logged for successful sign-ins too; real failures are 500121', () => {
    const e = entry(50074);
    expect(e.meaning.en).toMatch(/required/);
    expect(e.meaning.en).toMatch(/also for sign-ins the user then completes successfully/);
    expect(e.meaning.en).toContain('500121');
    expect(e.meaning.zh).toContain('500121');
    expect(e.title.en).not.toMatch(/not completed|failed/i);
    expect(e.meaning.zh.startsWith('需要强身份验证，但用户未通过')).toBe(false);
    expect(e.changed?.en).toMatch(/2019/);
  });

  it('16000: the account does not exist in this tenant, which blocks the user; the wrong-account case comes first', () => {
    const e = entry(16000);
    expect(e.party).toBe('user');
    expect(e.category).toBe('account');
    expect(e.title.en).not.toMatch(/not an error/i);
    expect(e.meaning.en).toMatch(/does not exist in the tenant/);
    expect(e.steps.en[0]).toMatch(/^Sign out, then sign in again with the account that belongs to that organization/);
    expect(allText(e)).not.toMatch(/Nothing to do|无需处理/);
    expect(e.changed?.en).toMatch(/internal step/);
  });

  it('50059: no information in the request identifies the tenant, like 50128; no longer a copy of 50034', () => {
    const e = entry(50059);
    const userNotFound = entry(50034);
    expect(e.meaning.en).toMatch(/say which tenant/);
    expect(e.title.en).not.toBe(userNotFound.title.en);
    expect(e.steps.en.filter((step) => userNotFound.steps.en.includes(step))).toEqual([]);
    expect(e.keywords.en.filter((keyword) => userNotFound.keywords.en.includes(keyword))).toEqual([]);
    expect(e.keywords.zh.filter((keyword) => userNotFound.keywords.zh.includes(keyword))).toEqual([]);
    expect(e.changed?.en).toMatch(/user does not exist in directory/);
  });

  it('50059: its keywords no longer steer "user not found" descriptions to it', () => {
    const core = testCore();
    for (const text of ['user not found', 'it says we couldn\u2019t find an account with that username', '找不到这个用户名']) {
      expect([text, core.understand(text).matches[0]?.code]).not.toEqual([text, 50059]);
    }
  });

  it('70037: says only what the sources say, an incorrect challenge response; no invented Authenticator number', () => {
    const e = entry(70037);
    expect(e.meaning.en).toMatch(/incorrect response was given to a sign-in challenge/);
    expect(`${allText(e)} ${e.keywords.en.join(' ')} ${e.keywords.zh.join(' ')}`).not.toMatch(/number|数字|Authenticator/i);
  });

  it('50076: interactive step-up as well as background apps, and the Chinese does not open with "the user failed MFA"', () => {
    const e = entry(50076);
    expect(e.meaning.en).toMatch(/interactive step-up as well as/);
    expect(e.meaning.zh).toMatch(/交互式升级验证/);
    expect(e.meaning.zh.startsWith('用户未通过 MFA 质询')).toBe(false);
    expect(e.title.en).not.toMatch(/^MFA required \(non-interactive\)$/);
    expect(e.changed?.en).toMatch(/did not pass/);
  });

  it('50053: no "wait 15 minutes"; smart lockout starts at about a minute and grows, and a self-service reset unlocks', () => {
    const e = entry(50053);
    expect(allText(e)).not.toMatch(/15 minutes|15 分钟/);
    expect(e.steps.en[0]).toMatch(/about a minute and locks it for longer after each further failed attempt/);
    expect(e.steps.en.some((step) => /self-service reset also unlocks the account/.test(step))).toBe(true);
    expect(e.steps.zh.some((step) => /自助重置成功后帐户也会解除锁定/.test(step))).toBe(true);
  });

  it.each([
    [50140, 'none'],
    [50048, 'app_owner'],
    [50120, 'app_owner'],
    [80002, 'tenant_admin'],
  ])('%i: the party is %s', (code, party) => {
    expect(entry(code).party).toBe(party);
  });

  it('50020, 90072 and 16000 (account not in this tenant) share one party: the user picks the right account first', () => {
    expect([50020, 90072, 16000].map((code) => entry(code).party)).toEqual(['user', 'user', 'user']);
    for (const code of [50020, 90072, 16000]) expect(entry(code).steps.en.some((step) => step.startsWith('Admin: '))).toBe(true);
  });

  it('50001, 700016 and 70001 follow the current reference, and the card says why 70001 differs', () => {
    expect(entry(50001).party).toBe('app_owner');
    expect(entry(700016).party).toBe('app_owner');
    expect(entry(500011).party).toBe('app_owner'); // the same situation, drafted from the reference
    expect(entry(70001).party).toBe('tenant_admin');
    expect(entry(70001).meaning.en).toMatch(/^The application is disabled/);
    expect(entry(70001).changed?.en).toMatch(/700016/);
    expect(entry(50001).changed?.en).toMatch(/app's code/);
  });

  it('80012: step 1 says what to do rather than repeat the meaning, under pass-through authentication', () => {
    const e = entry(80012);
    expect(e.category).toBe('pass_through_auth');
    expect(e.steps.en[0]).toMatch(/^Sign in again during the hours/);
  });

  it('70044 is marked as an alias of 70043 and keeps the same text', () => {
    expect(entry(70044).aliasOf).toBe(70043);
    expect(entry(70044).meaning).toEqual(entry(70043).meaning);
  });

  it.each([50003, 50006, 50011, 50105, 65005])(
    '%i links current learn.microsoft.com pages, not retired docs.microsoft.com anchors',
    (code) => {
      const urls = entry(code).links.map((link) => link.url);
      expect(urls.filter((url) => !url.startsWith('https://login.microsoftonline.com/'))).not.toEqual([]);
      for (const url of urls) expect(url).toMatch(/^https:\/\/(login\.microsoftonline\.com|learn\.microsoft\.com|aka\.ms|jwt\.ms)\//);
    },
  );

  it('uses no retired docs.microsoft.com link anywhere', () => {
    const old = catalog.entries.flatMap((e) => e.links.filter((link) => /docs\.microsoft\.com/.test(link.url)).map(() => e.code));
    expect(old).toEqual([]);
  });
});
