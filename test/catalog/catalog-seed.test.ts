import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog';
import { errorLookupUrl, PARTIES } from '../../src/catalog/types';
import { ROOT_DIR } from '../../src/paths';

/** The seed: Microsoft's zh-CN sign-in error code reference, one `|code|description|` row per code. */
const SEED = join(ROOT_DIR, '..', 'shared', 'seeds', '000_747e127f2e05eee1.txt');

/** The seed lives in ../shared/, which a clone of the repository alone does not have: then these tests skip. */
const HAS_SEED = existsSync(SEED);
if (!HAS_SEED) console.warn(`catalog-seed tests skipped: ${SEED} is not here (it sits beside the repository in CI, not in a clone)`);

function seedRows(): Map<number, string> {
  const rows = new Map<number, string>();
  if (!HAS_SEED) return rows;
  for (const match of readFileSync(SEED, 'utf8').matchAll(/^\|(\d+)\|(.*)\|\s*$/gm)) rows.set(Number(match[1]), match[2]!);
  return rows;
}

describe.skipIf(!HAS_SEED)('catalog against the seed', () => {
  const catalog = loadCatalog();
  const seed = seedRows();

  it('reads 133 codes from the seed', () => {
    expect(seed.size).toBe(133);
  });

  it('has every seed code, and no code the seed does not have', () => {
    expect(catalog.entries.map((entry) => entry.code).sort((a, b) => a - b)).toEqual([...seed.keys()].sort((a, b) => a - b));
  });

  it.each([...seedRows().keys()])('%i has zh and en title, meaning and steps, a valid party and its lookup link', (code) => {
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
    const named: [RegExp, string][] = [
      [/请联系 IDP/, 'identity_provider'],
      [/可以放心地忽略/, 'none'],
    ];
    for (const [code, description] of seed) {
      for (const [pattern, party] of named) if (pattern.test(description)) expect([code, catalog.get(code)!.party]).toEqual([code, party]);
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
