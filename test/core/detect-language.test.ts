import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/core/detect-language';

describe('detectLanguage', () => {
  it.each([
    ['我的账号被锁了', undefined, 'zh'],
    ['帳號被鎖', 'en-US', 'zh'], // Traditional characters are Chinese too, whatever the client says
    ['Outlook 一直提示密码错误 AADSTS50126', 'en-US', 'zh'], // Chinese quoting an English product name and a code
    ['my account is locked', 'zh-CN', 'en'], // English words and no Han: the message wins over the locale
    ['AADSTS50126 what does it mean', 'zh-CN', 'en'],
  ] as const)('%j (locale %s) is %s, from the script of the message', (text, locale, lang) => {
    expect(detectLanguage(text, locale)).toBe(lang);
  });

  it.each([
    ['50126', 'zh-CN', 'zh'],
    ['50126', 'ZH-TW', 'zh'],
    ['50126', 'en-GB', 'en'],
    ['50126', undefined, 'en'],
    ['AADSTS50126', 'zh-CN', 'zh'], // a pasted code is no English: answered like the bare number
    ['aadsts 50126', 'zh-CN', 'zh'],
    ['0xCAA20003', 'zh-CN', 'zh'],
    ['caa20002', 'zh-CN', 'zh'], // as Teams shows it, without 0x
    ['AADSTS50126', 'en-US', 'en'],
    ['AADSTS50126', undefined, 'en'],
    ['', 'zh-cn', 'zh'],
    ['锁 locked', 'zh-CN', 'zh'], // one Han character with English: undecided, the locale says
    ['锁 locked', 'en-US', 'en'],
    ['a 1', 'zh-CN', 'zh'], // a single letter is not an English word
  ] as const)('%j (locale %s) is %s, from the locale when the text does not say', (text, locale, lang) => {
    expect(detectLanguage(text, locale)).toBe(lang);
  });
});
