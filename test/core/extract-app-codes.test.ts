import { describe, expect, it } from 'vitest';
import { findAppCodes } from '../../src/core/extract-app-codes';
import { testCore } from '../helpers/helpdesk-data';

describe('app status codes', () => {
  it.each([
    ['Teams error code caa70004', ['0xCAA70004']],
    ['We couldn\u2019t sign you in. Status code: 0xCAA20003', ['0xCAA20003']],
    ['Outlook 登录报错 0x80070520，重启也没用', ['0x80070520']],
    ['caa2000b then CAA2000B again, then 0xcaa82ee2', ['0xCAA2000B', '0xCAA82EE2']],
  ])('finds them in %s', (text, codes) => {
    expect(findAppCodes(text)).toEqual(codes);
  });

  it.each([
    'the colour #CAA12345 on the banner',
    'build 8a1b2c3d failed',
    'Trace ID: 0caa7000-4000-4000-8000-000000000000',
    'device CAA700041 is offline',
    '0x8007052 is too short',
  ])('finds none in %s', (text) => {
    expect(findAppCodes(text)).toEqual([]);
  });
});

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
