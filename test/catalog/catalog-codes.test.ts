import { describe, expect, it } from 'vitest';
import { errorLookupUrl, PARTIES } from '../../src/catalog/types';
import { readReferenceCodes, readSeedCodes } from '../helpers/code-lists';
import { testCatalog } from '../helpers/helpdesk-data';

/** The catalog against the code lists kept in test/fixtures (see test/helpers/code-lists.ts): no file outside the repository. */
describe('catalog against the seed and reference code lists', () => {
  const catalog = testCatalog();
  const seed = readSeedCodes();
  const reference = new Set(readReferenceCodes().codes);

  it('has every seed code', () => {
    expect(seed.codes.filter((code) => !catalog.has(code))).toEqual([]);
  });

  it('has no code that neither the seed nor the reference lists', () => {
    const listed = new Set([...seed.codes, ...reference]);
    expect(catalog.entries.map((entry) => entry.code).filter((code) => !listed.has(code))).toEqual([]);
  });

  it.each(seed.codes)('%i has zh and en title, meaning and steps, a valid party and its lookup link', (code) => {
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

  it('follows the seed where it names who must act', () => {
    for (const [party, codes] of Object.entries(seed.partyNamedBySeed)) {
      expect(codes.length).toBeGreaterThan(0);
      for (const code of codes) expect([code, catalog.get(code)?.party]).toEqual([code, party]);
    }
  });

  it('gives every code a step of its own, not only sentences pasted everywhere', () => {
    // Codes with one meaning (20001/20012/…, 50034/50059/51004) carry one title and may share all their steps.
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
