import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATA_DIR } from '../../src/paths';
import { parseFamilies } from '../../src/schemas/parse-data';
import { testCatalog } from '../helpers/helpdesk-data';

const catalog = testCatalog();
const FAMILIES_PATH = join(DATA_DIR, 'families.json');
const loadFamilies = (json: unknown = JSON.parse(readFileSync(FAMILIES_PATH, 'utf8')), source = FAMILIES_PATH) =>
  parseFamilies(json, (code) => catalog.has(code), source);

describe('data/families.json', () => {
  it('loads, and names only codes of the catalog, in families of two or more', () => {
    const families = loadFamilies();
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
    const path = '/somewhere/families.json';
    expect(() => loadFamilies(json, path)).toThrow(message);
    expect(() => loadFamilies(json, path)).toThrow(path);
  });
});
