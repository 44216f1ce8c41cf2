import { describe, expect, it } from 'vitest';
import { findAppCodes } from '../../src/core/extract-app-codes';

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
