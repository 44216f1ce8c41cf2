import { describe, expect, it } from 'vitest';
import { errorLookupUrl, LANGS, PARTIES } from '../../src/catalog/types';
import { codesFixture, REFERENCE_PAGE, referencePageCodes, sharedText } from '../helpers/shared-sources';
import { testCatalog } from '../helpers/helpdesk-data';

/** Microsoft's current "authentication and authorization error codes" page, its codes kept as facts in the repository. */
const referenceCodes = codesFixture('reference-codes');
const seedCodes = codesFixture('seed-codes');
const referenceText = sharedText(REFERENCE_PAGE);
const RETIRED = [40014, 50201, 70037, 70044, 80003, 80011, 81001, 500121, 530021];

describe('catalog against the current reference', () => {
  const catalog = testCatalog();

  it('keeps the reference codes as facts in the repository, sorted and each once', () => {
    expect(referenceCodes.length).toBeGreaterThan(0);
    expect([...new Set(referenceCodes)].sort((a, b) => a - b)).toEqual(referenceCodes);
  });

  it.skipIf(referenceText === undefined)('has the same codes as the reference page itself', () => {
    expect(referencePageCodes(referenceText!)).toEqual(referenceCodes);
  });

  it('has every reference code, marked as from the reference, and no other entry claims it', () => {
    for (const code of referenceCodes) expect([code, catalog.get(code)?.source.includes('reference')]).toEqual([code, true]);
    const claimed = catalog.entries.filter((entry) => entry.source.includes('reference')).map((entry) => entry.code);
    expect(claimed).toEqual(referenceCodes);
  });

  it('has only seed and reference codes, each entry naming where it comes from', () => {
    const known = new Set([...seedCodes, ...referenceCodes]);
    expect(catalog.entries.filter((entry) => !known.has(entry.code)).map((entry) => entry.code)).toEqual([]);
    expect(catalog.size).toBe(known.size);
    for (const entry of catalog.entries) expect(entry.source.length).toBeGreaterThan(0);
  });

  it('marks as retired exactly the seed codes the reference no longer lists', () => {
    const listed = new Set(referenceCodes);
    expect(seedCodes.filter((code) => !listed.has(code))).toEqual(RETIRED);
    expect(catalog.entries.filter((entry) => entry.retired).map((entry) => entry.code)).toEqual(RETIRED);
  });

  it.each(referenceCodes)('%i has every field in both languages', (code) => {
    const entry = catalog.get(code)!;
    for (const lang of LANGS) {
      expect(entry.title[lang].trim()).not.toBe('');
      expect(entry.meaning[lang].trim()).not.toBe('');
      expect(entry.steps[lang].length).toBeGreaterThan(0);
      for (const step of entry.steps[lang]) expect(step.trim()).not.toBe('');
      expect(entry.keywords[lang].length).toBeGreaterThanOrEqual(4);
      for (const link of entry.links) expect(link.label[lang].trim()).not.toBe('');
    }
    expect(entry.steps.zh).toHaveLength(entry.steps.en.length);
    expect(/\p{Script=Han}/u.test(entry.title.zh) && /\p{Script=Han}/u.test(entry.meaning.zh)).toBe(true);
    expect(/\p{Script=Han}/u.test(`${entry.title.en} ${entry.meaning.en} ${entry.steps.en.join(' ')}`)).toBe(false);
    expect(PARTIES).toContain(entry.party);
    expect(entry.links[0]!.url).toBe(errorLookupUrl(code));
  });
});
