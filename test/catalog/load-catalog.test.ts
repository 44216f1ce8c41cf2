import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Catalog } from '../../src/catalog/catalog';
import { HelpdeskError } from '../../src/errors';
import { DATA_DIR } from '../../src/paths';
import { parseCatalog } from '../../src/schemas/parse-data';

const CATALOG_PATH = join(DATA_DIR, 'catalog.json');

function realCatalog(): { entries: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(CATALOG_PATH, 'utf8'));
}

function rejection(json: unknown): string {
  try {
    parseCatalog(json, 'test catalog');
  } catch (error) {
    expect(error).toBeInstanceOf(HelpdeskError);
    expect((error as HelpdeskError).code).toBe('CATALOG_INVALID');
    return (error as Error).message;
  }
  throw new Error('the catalog was accepted');
}

describe('catalog validation', () => {
  it('accepts the real catalog and indexes it by code', () => {
    const catalog = new Catalog(parseCatalog(realCatalog()));
    expect(catalog.size).toBe(realCatalog().entries.length);
    expect(catalog.get(50053)?.party).toBe('user');
    expect(catalog.get(1)).toBeUndefined();
  });

  it('names the entry and field when a field is missing', () => {
    const json = realCatalog();
    delete json.entries[3]!.steps;
    expect(rejection(json)).toMatch(/entry 3 \(code \d+\): missing required field "steps"/);
  });

  it('names the entry when the party is not one of the six', () => {
    const json = realCatalog();
    json.entries[5]!.party = 'the_intern';
    const message = rejection(json);
    expect(message).toContain(`entry 5 (code ${json.entries[5]!.code as number}): /party: must be one of user, tenant_admin`);
  });

  it('names both entries of a duplicate code', () => {
    const json = realCatalog();
    json.entries[7]!.code = json.entries[2]!.code;
    expect(rejection(json)).toContain(`entry 7 (code ${json.entries[2]!.code as number}): duplicate code, already used by entry 2`);
  });

  it('rejects an empty meaning and a missing translation', () => {
    const json = realCatalog();
    (json.entries[0]!.meaning as Record<string, string>).en = '   ';
    delete (json.entries[1]!.title as Record<string, string>).zh;
    const message = rejection(json);
    expect(message).toMatch(/entry 0 \(code \d+\): \/meaning\/en/);
    expect(message).toMatch(/entry 1 \(code \d+\): \/title: missing required field "zh"/);
  });

  it('requires the error lookup link of the entry', () => {
    const json = realCatalog();
    json.entries[4]!.links = [{ label: { zh: '文档', en: 'Docs' }, url: 'https://learn.microsoft.com/' }];
    expect(rejection(json)).toMatch(/entry 4 \(code \d+\): links: must include https:\/\/login\.microsoftonline\.com\/error\?code=/);
  });

  it('requires where an entry comes from', () => {
    const json = realCatalog();
    delete json.entries[6]!.source;
    json.entries[8]!.source = [];
    json.entries[9]!.source = ['blog'];
    const message = rejection(json);
    expect(message).toMatch(/entry 6 \(code \d+\): missing required field "source"/);
    expect(message).toMatch(/entry 8 \(code \d+\): \/source: Too small: expected array to have >=1 items/);
    expect(message).toMatch(/entry 9 \(code \d+\): \/source\/0: must be one of seed, reference/);
  });

  it('takes an alias only of another code of the catalog', () => {
    const json = realCatalog();
    const index = json.entries.findIndex((entry) => entry.code === 70044);
    json.entries[index]!.aliasOf = 70045;
    json.entries[0]!.aliasOf = json.entries[0]!.code;
    const message = rejection(json);
    expect(message).toContain(`entry ${index} (code 70044): aliasOf: must name another code of the catalog`);
    expect(message).toMatch(/entry 0 \(code \d+\): aliasOf: must name another code of the catalog/);
  });

  it('does not retire a code the current reference lists', () => {
    const json = realCatalog();
    const index = json.entries.findIndex((entry) => entry.code === 50126);
    json.entries[index]!.retired = true;
    expect(rejection(json)).toContain(`entry ${index} (code 50126): retired: a code the current reference lists is not retired`);
  });
});
