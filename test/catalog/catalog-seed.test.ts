import { describe, expect, it } from 'vitest';
import { errorLookupUrl, PARTIES } from '../../src/catalog/types';
import { codesFixture, SEED_PAGE, seedPageRows, sharedText } from '../helpers/shared-sources';
import { testCatalog } from '../helpers/helpdesk-data';

/** The seed: Microsoft's 2019 zh-CN sign-in error code page, one `|code|description|` row per code. */
const seedCodes = codesFixture('seed-codes');
const seedText = sharedText(SEED_PAGE);

describe('catalog against the seed', () => {
  const catalog = testCatalog();

  it('keeps the seed codes as facts in the repository, sorted and each once', () => {
    expect(seedCodes.length).toBeGreaterThan(0);
    expect(new Set(seedCodes).size).toBe(seedCodes.length);
    expect([...seedCodes].sort((a, b) => a - b)).toEqual(seedCodes);
  });

  it.skipIf(seedText === undefined)('has the same codes as the seed page itself', () => {
    expect([...seedPageRows(seedText!).keys()].sort((a, b) => a - b)).toEqual(seedCodes);
  });

  it('has every seed code, marked as from the seed, and no other entry claims the seed', () => {
    for (const code of seedCodes) expect([code, catalog.get(code)?.source.includes('seed')]).toEqual([code, true]);
    const claimed = catalog.entries.filter((entry) => entry.source.includes('seed')).map((entry) => entry.code);
    expect(claimed).toEqual(seedCodes);
  });

  it.each(seedCodes)('%i has zh and en title, meaning and steps, a valid party and its lookup link', (code) => {
    const entry = catalog.get(code)!;
    for (const lang of ['zh', 'en'] as const) {
      expect(entry.title[lang].trim()).not.toBe('');
      expect(entry.meaning[lang].trim()).not.toBe('');
      expect(entry.steps[lang].length).toBeGreaterThan(0);
      for (const step of entry.steps[lang]) expect(step.trim()).not.toBe('');
      expect(entry.keywords[lang].length).toBeGreaterThan(0);
    }
    expect(/\p{Script=Han}/u.test(entry.meaning.zh)).toBe(true);
    expect(/\p{Script=Han}/u.test(entry.meaning.en)).toBe(false);
    expect(PARTIES).toContain(entry.party);
    expect(entry.links.map((link) => link.url)).toContain(errorLookupUrl(code));
  });

  it.skipIf(seedText === undefined)('follows the seed where it names who must act, unless the current reference says otherwise', () => {
    const named: [RegExp, string][] = [
      [/请联系 IDP/, 'identity_provider'],
      [/可以放心地忽略/, 'none'],
    ];
    for (const [code, description] of seedPageRows(seedText!)) {
      const entry = catalog.get(code)!;
      if (entry.changed) continue; // 16000 "can be ignored" in 2019, "account not in this tenant" today
      for (const [pattern, party] of named) if (pattern.test(description)) expect([code, entry.party]).toEqual([code, party]);
    }
  });

  it('gives every code a step of its own, not only sentences pasted everywhere', () => {
    // Codes with one meaning (20001/20012/…, 50034/51004, 70043/70044) carry one title and may share all their steps.
    const groupOf = new Map(catalog.entries.map((entry) => [entry.code, entry.title.en]));
    const codesByStep = new Map<string, number[]>();
    for (const entry of catalog.entries)
      for (const step of entry.steps.en) codesByStep.set(step, [...(codesByStep.get(step) ?? []), entry.code]);
    const generic = catalog.entries.filter(
      (entry) => !entry.steps.en.some((step) => codesByStep.get(step)!.every((code) => groupOf.get(code) === groupOf.get(entry.code))),
    );
    expect(generic.map((entry) => entry.code)).toEqual([]);
  });
});
