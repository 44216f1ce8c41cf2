import { describe, expect, it } from 'vitest';
import { testCore } from '../helpers/helpdesk-data';

describe('a message with an app status code and no AADSTS code', () => {
  const core = testCore();

  it('asks for the sign-in code, naming the app code', () => {
    expect(core.understand('Teams error code caa70004').clarification).toEqual({
      kind: 'find_code',
      reason: 'app_code',
      appCode: '0xCAA70004',
      codes: [],
    });
    expect(core.understand('Outlook 登录失败，报错 0x80070520').clarification).toMatchObject({ kind: 'find_code', reason: 'app_code' });
  });

  it('answers a description that names the problem clearly, and an AADSTS code beside it wins', () => {
    const locked = core.understand('my account is locked, Teams shows caa20002');
    expect(locked.clarification).toBeUndefined();
    expect(locked.matches[0]?.code).toBe(50053);
    expect(core.understand('AADSTS50126 and 0xCAA20003')).toMatchObject({ found: [50126], matches: [] });
  });

  it('leaves a hex code in a message that is not about signing in alone', () => {
    expect(core.understand('build 0x8a1b2c3d failed').clarification).toBeUndefined();
  });
});

describe('a message that carried a picture', () => {
  const core = testCore();

  it('asks for the text of the error page when the words alone do not name the problem', () => {
    expect(core.understand('', 'en-US', true).clarification).toEqual({ kind: 'find_code', reason: 'screenshot', codes: [] });
    expect(core.understand('here is the error I get', 'en-US', true).clarification).toMatchObject({ reason: 'screenshot' });
    expect(core.understand('看下这个报错', 'zh-CN', true).clarification).toMatchObject({ reason: 'screenshot' });
  });

  it('answers words that name the problem clearly, and a code typed beside the picture', () => {
    const locked = core.understand('my account is locked, screenshot attached', 'en-US', true);
    expect(locked.clarification).toBeUndefined();
    expect(locked.matches[0]?.code).toBe(50053);
    expect(core.understand('AADSTS50126 see picture', 'en-US', true)).toMatchObject({ found: [50126], matches: [] });
  });
});
