import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOverrides } from '../../src/catalog/overrides';
import { applyOverrides, type CatalogOverrides } from '../../src/catalog/overrides';
import type { CatalogEntry } from '../../src/catalog/types';
import { HelpdeskError } from '../../src/errors';
import { DATA_DIR, ROOT_DIR } from '../../src/paths';
import { testCatalog, testCore } from '../helpers/helpdesk-data';

const EXAMPLE = join(DATA_DIR, 'overrides.example.json');
const catalog = testCatalog();
const example = (): Record<string, unknown> => JSON.parse(readFileSync(EXAMPLE, 'utf8'));
const byCode = (entries: readonly CatalogEntry[], code: number) => entries.find((entry) => entry.code === code);

function rejection(json: unknown): string {
  try {
    parseOverrides(json, catalog.entries, 'test overrides');
  } catch (error) {
    expect(error).toBeInstanceOf(HelpdeskError);
    expect((error as HelpdeskError).code).toBe('OVERRIDES_INVALID');
    return (error as Error).message;
  }
  throw new Error('the overrides were accepted');
}

describe('catalog overrides: the merge', () => {
  const overrides = parseOverrides(example(), catalog.entries, EXAMPLE);
  const merged = applyOverrides(catalog.entries, overrides);

  it('adds steps before and after the catalog\u2019s, in both languages', () => {
    const original = catalog.get(50053)!;
    const lockout = byCode(merged, 50053)!;
    for (const lang of ['en', 'zh'] as const) {
      expect(lockout.steps[lang]).toHaveLength(original.steps[lang].length + 2);
      expect(lockout.steps[lang].slice(1, -1)).toEqual(original.steps[lang]);
    }
    expect(lockout.steps.en[0]).toMatch(/^Reset your password yourself/);
    expect(lockout.steps.zh.at(-1)).toMatch(/^服务台：18:00/);
    expect(lockout.source).toEqual(['seed', 'reference', 'org']);
  });

  it('replaces steps', () => {
    expect(byCode(merged, 50076)!.steps.en).toEqual(overrides.entries![2]!.steps!.replace!.en);
  });

  it('adds the organisation\u2019s contacts to every card and an entry\u2019s own contacts to its card', () => {
    const helpdesk = 'tel:+861055550100';
    expect(merged.every((entry) => entry.links.some((link) => link.url === helpdesk))).toBe(true);
    expect(byCode(merged, 50072)!.links.map((link) => link.url)).toEqual([
      ...catalog.get(50072)!.links.map((link) => link.url),
      'https://aka.ms/mysecurityinfo',
      helpdesk,
      'https://helpdesk.contoso.com/new',
    ]);
    expect(byCode(merged, 50126)!.links[0]!.url).toBe('https://login.microsoftonline.com/error?code=50126');
  });

  it('replaces text in one language or both, and changes the party', () => {
    const blocked = byCode(merged, 53003)!;
    expect(blocked.party).toBe('tenant_admin');
    expect(blocked.meaning.en).toMatch(/^A Conditional Access policy of Contoso/);
    expect(blocked.title).toEqual(catalog.get(53003)!.title);
    const password = byCode(merged, 50126)!;
    expect(password.title).toEqual({ zh: '用户名或密码不正确', en: catalog.get(50126)!.title.en });
  });

  it('hides entries', () => {
    expect(byCode(merged, 50140)).toBeUndefined();
    expect(merged).toHaveLength(catalog.size - 1 + 1);
  });

  it('adds internal codes as entries of the organisation', () => {
    const internal = byCode(merged, 88880001)!;
    expect(internal.source).toEqual(['org']);
    expect(internal.party).toBe('tenant_admin');
    expect(internal.links.map((link) => link.url)).toEqual([
      'https://expenses.contoso.com/help',
      'tel:+861055550100',
      'https://helpdesk.contoso.com/new',
    ]);
  });

  it('leaves the catalog it merges into as it was', () => {
    const before = JSON.stringify(catalog.entries);
    applyOverrides(catalog.entries, overrides);
    expect(JSON.stringify(catalog.entries)).toBe(before);
    expect(applyOverrides(catalog.entries, {})).toEqual(catalog.entries);
  });

  it('serves the merged catalog: internal codes are found, hidden ones are unknown, symptoms reach internal entries', () => {
    const core = testCore(EXAMPLE);
    expect(core.understand('AADSTS50140').unknown).toEqual([50140]);
    expect(core.understand('AADSTS88880001').known.map((entry) => entry.code)).toEqual([88880001]);
    expect(core.understand('报销门户没有帐户，报销系统登不进去').matches[0]?.code).toBe(88880001);
    expect(core.popularCodes).not.toContain(50140);
  });
});

describe('catalog overrides: rejected, naming the entry and field', () => {
  it.each<[string, (json: CatalogOverrides & Record<string, unknown>) => void, string]>([
    [
      'an unknown field',
      (json) => ((json.entries![0] as Record<string, unknown>).partty = 'user'),
      'entries[0] (code 50053): unknown field "partty"',
    ],
    [
      'an unknown party',
      (json) => ((json.entries![3] as Record<string, unknown>).party = 'the_intern'),
      'entries[3] (code 53003): party: must be one of user',
    ],
    [
      'steps in one language only',
      (json) => (json.entries![0]!.steps!.append!.zh = []),
      'entries[0] (code 50053): steps.append.zh: needs at least one step',
    ],
    [
      'more en steps than zh steps',
      (json) => json.entries![0]!.steps!.prepend!.en.push('Call us.'),
      'entries[0] (code 50053): steps.prepend.zh: needs as many zh steps as en steps',
    ],
    [
      'a contact that is not a link',
      (json) => (json.contacts![0]!.url = 'call 0100'),
      'contacts.0.url: must start with https://, mailto: or tel:',
    ],
    ['an empty title', (json) => (json.entries![4]!.title = {}), 'entries[4] (code 50126): title: needs zh, en or both'],
    [
      'a code that is not a number',
      (json) => ((json.entries![5] as Record<string, unknown>).code = '50140'),
      'entries[5]: code: must be a number',
    ],
    [
      'an internal entry without keywords',
      (json) => delete (json.internal![0] as Record<string, unknown>).keywords,
      'internal[0] (code 88880001): keywords: is required',
    ],
  ])('%s', (_, spoil, message) => {
    const json = example() as CatalogOverrides & Record<string, unknown>;
    spoil(json);
    expect(rejection(json)).toContain(message);
  });

  it.each<[string, (json: CatalogOverrides) => void, string]>([
    ['a code the catalog does not have', (json) => (json.entries![1]!.code = 12345), 'entries[1] (code 12345): code: not in the catalog'],
    [
      'two overrides of one code',
      (json) => (json.entries![1]!.code = 50053),
      'entries[1] (code 50053): code: 50053 is already overridden by entries[0]',
    ],
    [
      'an internal code Microsoft already uses',
      (json) => (json.internal![0]!.code = 50126),
      'internal[0] (code 50126): code: already in the catalog',
    ],
    [
      'a hidden entry with changes',
      (json) => (json.entries![5]!.party = 'none'),
      'entries[5] (code 50140): hidden: a hidden entry takes no other changes',
    ],
  ])('%s', (_, spoil, message) => {
    const json = example() as CatalogOverrides;
    spoil(json);
    expect(rejection(json)).toContain(message);
  });

  it('stops start-up: the process exits 1 naming the file, entry and field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'overrides-'));
    const file = join(dir, 'overrides.json');
    writeFileSync(file, JSON.stringify({ entries: [{ code: 50053, steps: { append: { en: ['x'], zh: ['一', '二'] } } }] }));
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT_DIR,
      env: { ...process.env, PORT: '0', STORAGE: 'memory', LOG_LEVEL: 'silent', CATALOG_OVERRIDES: file },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`OVERRIDES_INVALID: ${file} has 1 problem(s):`);
    expect(run.stderr).toContain('entries[0] (code 50053): steps.append.zh: needs as many zh steps as en steps');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('stops start-up on a file that is not JSON', () => {
    expect(() => testCore(join(ROOT_DIR, 'README.md'))).toThrow(/OVERRIDES_INVALID: .*README\.md is not readable JSON/);
  });
});
