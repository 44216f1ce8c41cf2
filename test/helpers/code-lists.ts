import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths';
import { FIXTURES } from './fixtures';

/**
 * The code lists the catalog is checked against, kept in the repository as facts (numbers, no copied text), and how
 * they are derived from the source pages in ../shared/ (beside CI's checkout, not beside a clone):
 * `npx tsx scripts/derive-code-lists.ts` rewrites the fixtures from the pages; the tests check both ways.
 */
export const SHARED_DIR = join(ROOT_DIR, '..', 'shared');
/** Microsoft's zh-CN sign-in activity report error codes page (2019): one `|code|description|` row per code. */
export const SEED_PAGE = join(SHARED_DIR, 'seeds', '000_747e127f2e05eee1.txt');
/** Microsoft's current AADSTS error code reference: one `| AADSTSnnnn | description |` table row per code. */
export const REFERENCE_PAGE = join(SHARED_DIR, 'references', 'entra-reference-error-codes.md');
export const SEED_CODES_FILE = join(FIXTURES, 'seed-codes.json');
export const REFERENCE_CODES_FILE = join(FIXTURES, 'reference-codes.json');

export interface SeedCodes {
  /** Every code of the seed page, ascending. */
  readonly codes: readonly number[];
  /** Codes whose seed description itself says who must act ("请联系 IDP", "可以放心地忽略"). */
  readonly partyNamedBySeed: { readonly identity_provider: readonly number[]; readonly none: readonly number[] };
}

export interface ReferenceCodes {
  readonly codes: readonly number[];
}

const ascending = (codes: Iterable<number>) => [...new Set(codes)].sort((a, b) => a - b);

export function seedCodesFromPage(page: string): SeedCodes {
  const rows = [...page.matchAll(/^\|(\d+)\|(.*)\|\s*$/gm)].map((match) => [Number(match[1]), match[2]!] as const);
  const saying = (pattern: RegExp) => ascending(rows.filter(([, description]) => pattern.test(description)).map(([code]) => code));
  return {
    codes: ascending(rows.map(([code]) => code)),
    partyNamedBySeed: { identity_provider: saying(/请联系 IDP/), none: saying(/可以放心地忽略/) },
  };
}

export function referenceCodesFromPage(page: string): ReferenceCodes {
  return { codes: ascending([...page.matchAll(/^\|\s*AADSTS(\d+)/gm)].map((match) => Number(match[1]))) };
}

export function readSeedCodes(): SeedCodes {
  return JSON.parse(readFileSync(SEED_CODES_FILE, 'utf8')) as SeedCodes;
}

export function readReferenceCodes(): ReferenceCodes {
  return JSON.parse(readFileSync(REFERENCE_CODES_FILE, 'utf8')) as ReferenceCodes;
}

/** The page's text, or why it cannot be read here (a clone has no ../shared beside it). */
export function readSharedPage(path: string): { text: string } | { absent: string } {
  return existsSync(path)
    ? { text: readFileSync(path, 'utf8') }
    : { absent: `${path} is not here (only CI's checkout has ../shared beside it)` };
}

/** Short lines of numbers: the fixtures stay readable in a diff. */
export function formatCodeList(value: object, indent = ''): string {
  const inner = `${indent}  `;
  const fields = Object.entries(value).map(([key, item]) => {
    if (!Array.isArray(item)) return `${inner}${JSON.stringify(key)}: ${formatCodeList(item as object, inner)}`;
    const lines: string[] = [];
    for (let i = 0; i < item.length; i += 12) lines.push(`${inner}  ${item.slice(i, i + 12).join(', ')}`);
    return `${inner}${JSON.stringify(key)}: [\n${lines.join(',\n')}\n${inner}]`;
  });
  return `{\n${fields.join(',\n')}\n${indent}}${indent ? '' : '\n'}`;
}
