import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog';
import { loadFamilies } from '../../src/catalog/load-families';

const catalog = loadCatalog();
const dir = mkdtempSync(join(tmpdir(), 'families-'));
function file(json: unknown): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(json));
  return path;
}

describe('data/families.json', () => {
  it('loads, and names only codes of the catalog, in families of two or more', () => {
    const families = loadFamilies(catalog);
    expect(families.length).toBeGreaterThan(10);
    for (const family of families) {
      expect(family.codes.length).toBeGreaterThanOrEqual(2);
      for (const code of family.codes) expect(catalog.has(code), `${family.id}: ${code}`).toBe(true);
    }
    expect(families.find((family) => family.id === 'mfa_challenge')?.codes).toEqual(expect.arrayContaining([50074, 50076, 500121]));
    expect(families.find((family) => family.id === 'password_change')?.codes).toEqual(expect.arrayContaining([50133, 50173]));
  });

  it.each([
    ['a code the catalog lacks', { families: [{ id: 'x', codes: [50074, 99999999] }] }, /names 99999999, which is not in the catalog/],
    [
      'a family defined twice',
      {
        families: [
          { id: 'x', codes: [50074, 50076] },
          { id: 'x', codes: [50053, 50057] },
        ],
      },
      /defined twice/,
    ],
    ['a family of one', { families: [{ id: 'x', codes: [50074] }] }, /codes/],
    ['an unknown field', { families: [{ id: 'x', codes: [50074, 50076], note: 'y' }] }, /unknown field "note"/],
  ])('refuses %s, naming the file', (_, json, message) => {
    const path = file(json);
    expect(() => loadFamilies(catalog, path)).toThrow(message);
    expect(() => loadFamilies(catalog, path)).toThrow(path);
  });
});
