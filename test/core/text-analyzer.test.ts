import { describe, expect, it } from 'vitest';
import { MAX_ANALYSED_CHARS } from '../../src/core/normalize-text';
import { stem, TextAnalyzer } from '../../src/core/text-analyzer';
import type { Lexicon } from '../../src/schemas/lexicon-schema';

/** A lexicon small enough to reason about: each test knows every word in it. */
const lexicon: Lexicon = {
  variants: { 帳: '账', 號: '号', 鎖: '锁', 密马: '密码' },
  typos: { pasword: 'password', signin: 'sign in' },
  stopwords: { en: ['the', 'is', 'an'], zh: ['的', '了'] },
  plainWords: ['order'],
  ignore: ['caps lock', '锁屏'],
  concepts: {
    locked: { en: ['locked out', 'lock'], zh: ['被锁', '锁定'] },
    password: { en: ['password'], zh: ['密码'] },
    register_device: { en: ['register device'], zh: ['注册设备'] },
    reject_the: { en: ['rejected the'], zh: [] },
    sign_in: { en: ['sign in'], zh: ['登录'] },
    app_missing: { en: [], zh: ['应用…找不到'] },
  },
  contextConcepts: [],
  cueConcepts: [],
  offTopicConcepts: [],
  errorPageConcepts: [],
  microsoftConcepts: [],
  otherSystemConcepts: [],
  disclaimerConcepts: [],
  howToConcepts: [],
  troubleConcepts: [],
  allClearConcepts: [],
  worksNowConcepts: [],
};

const analyze = (text: string, setup?: (analyzer: TextAnalyzer) => void) => {
  const analyzer = new TextAnalyzer(lexicon);
  setup?.(analyzer);
  return analyzer.analyze(text);
};

describe('stem', () => {
  it.each([
    ['passwords', 'password'],
    ['locked', 'lock'],
    ['signing', 'sign'],
    ['policies', 'policy'],
    ['agreed', 'agree'],
    ['addresses', 'address'],
    ['access', 'access'],
    ['status', 'status'],
    ['analysis', 'analysis'],
    ['mfa', 'mfa'],
    ['b2b', 'b2b'],
  ])('%s → %s', (word, stemmed) => {
    expect(stem(word)).toBe(stemmed);
  });
});

describe('TextAnalyzer', () => {
  it('turns English into lower-case stems, leaving out stopwords and bare numbers', () => {
    const terms = analyze('The Passwords EXPIRED 3 times');
    expect(terms).toEqual(expect.arrayContaining(['e:password', 'e:expir', 'e:time', 'c:password']));
    expect(terms).not.toContain('e:the');
    expect(terms).not.toContain('e:3');
  });

  it('adds the concept of a phrase in either language, so they meet', () => {
    expect(analyze('I am locked out')).toContain('c:locked');
    expect(analyze('账号被锁定了')).toContain('c:locked');
    expect(analyze('device registered')).not.toContain('c:register_device'); // the words of a phrase, in its order
  });

  it('lets fillers stand inside a phrase: "register my device" is "register device"', () => {
    expect(analyze('I cannot register my device')).toContain('c:register_device');
    expect(analyze('register a new device')).not.toContain('c:register_device');
  });

  it('does not shrink a phrase of one word and fillers to that word: "rejected the" is not "rejected"', () => {
    expect(analyze('it was rejected')).not.toContain('c:reject_the');
  });

  it('maps the typo table before anything else: pasword → password, signin → sign in', () => {
    expect(analyze('pasword wrong')).toEqual(expect.arrayContaining(['e:password', 'c:password']));
    expect(analyze('signin fails')).toContain('c:sign_in');
  });

  it('maps Traditional characters and slips to one form before analysis', () => {
    const terms = analyze('我的帳號被鎖');
    expect(terms).toContain('c:locked');
    expect(terms).toContain('z:账号');
    expect(analyze('密马不对')).toContain('c:password');
  });

  it('also pairs the characters around 已, 已经 and 被, so "代码已过期" meets a keyword written "代码过期"', () => {
    expect(analyze('代码已过期')).toEqual(expect.arrayContaining(['z:码已', 'z:已过', 'z:码过']));
    expect(analyze('账户已经被禁用')).toContain('z:户禁');
    expect(analyze('代码过期')).not.toContain('z:码已');
  });

  it('splits Chinese into character pairs, broken at stopwords, with single characters kept', () => {
    const terms = analyze('我的账号');
    expect(terms).toContain('z:我');
    expect(terms).toContain('z:账号');
    expect(terms).not.toContain('z:我的');
    expect(terms).not.toContain('z:的账');
  });

  it('matches a Chinese phrase with a gap in order, within a few characters of one clause', () => {
    expect(analyze('应用在目录里找不到')).toContain('c:app_missing');
    expect(analyze('应用找不到')).toContain('c:app_missing');
    expect(analyze('找不到应用')).not.toContain('c:app_missing');
    expect(analyze('应用打开了，可是过了很久以后找不到')).not.toContain('c:app_missing');
    expect(analyze('应用在这个租户和目录里面都找不到')).not.toContain('c:app_missing');
  });

  it('removes phrases that only look like a symptom before anything else', () => {
    expect(analyze('caps lock is on')).not.toContain('c:locked');
    expect(analyze('锁屏了')).not.toContain('c:locked');
    expect(analyze('account lock')).toContain('c:locked');
  });

  it('corrects typos to the learned vocabulary only once enabled, and not words it knows', () => {
    const learn = (analyzer: TextAnalyzer) => analyzer.learnVocabulary('Authentication failed on the authenticator');
    expect(analyze('authentcation', learn)).toContain('e:authentcation');
    const fuzzy = (analyzer: TextAnalyzer) => {
      learn(analyzer);
      analyzer.enableTypoCorrection();
    };
    expect(analyze('authentcation', fuzzy)).toContain('e:authentication');
    expect(analyze('authenticator', fuzzy)).toContain('e:authenticator');
    expect(analyze('fail', fuzzy)).toContain('e:fail'); // too short to guess at
  });

  it('leaves the plain words alone: "order" is not a slip for "older"', () => {
    const fuzzy = (analyzer: TextAnalyzer) => {
      analyzer.learnVocabulary('the older device');
      analyzer.enableTypoCorrection();
    };
    expect(analyze('order', fuzzy)).toContain('e:order');
    expect(analyze('oldre', fuzzy)).toContain('e:older');
  });

  it('gives the same terms every time, with the caches warm', () => {
    const analyzer = new TextAnalyzer(lexicon);
    analyzer.learnVocabulary('authentication');
    analyzer.enableTypoCorrection();
    const text = '账号被锁定 authentcation 账号被锁定';
    expect(analyzer.analyze(text)).toEqual(analyzer.analyze(text));
  });

  it(`reads at most ${MAX_ANALYSED_CHARS} characters of a huge paste`, () => {
    const terms = analyze(`${'x '.repeat(MAX_ANALYSED_CHARS / 2)}locked out`);
    expect(terms).not.toContain('c:locked');
    expect(analyze(`locked out ${'x '.repeat(MAX_ANALYSED_CHARS)}`)).toContain('c:locked');
  });
});
