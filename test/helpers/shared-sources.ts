import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths';

/**
 * Microsoft's pages the catalog was written from live beside the repository in ../shared (CI has them, a clone
 * does not). Tests that read them skip with a message when they are absent; SHARED_SOURCES_DIR points elsewhere
 * (a git worktree sits one level deeper than the clone).
 */
export const SHARED_DIR = process.env.SHARED_SOURCES_DIR ?? join(ROOT_DIR, '..', 'shared');
export const REFERENCE_PAGE = join(SHARED_DIR, 'references', 'entra-reference-error-codes.md');
export const SEED_PAGE = join(SHARED_DIR, 'seeds', '000_747e127f2e05eee1.txt');

/** The file's text, or undefined after saying why the test that needs it is skipped. */
export function sharedText(path: string): string | undefined {
  if (existsSync(path)) return readFileSync(path, 'utf8');
  console.warn(`skipped: ${path} is not here (it sits beside the repository in CI; set SHARED_SOURCES_DIR to use another copy)`);
  return undefined;
}

/** Codes kept as facts in the repository, so the catalog tests stand on the repository alone. */
export function codesFixture(name: 'reference-codes' | 'seed-codes'): number[] {
  return JSON.parse(readFileSync(join(ROOT_DIR, 'test', 'fixtures', `${name}.json`), 'utf8')) as number[];
}

/** The codes of the reference's table rows ("| AADSTS50126 | ..."), sorted. */
export function referencePageCodes(markdown: string): number[] {
  return [...new Set([...markdown.matchAll(/^\| AADSTS(\d+)\s*\|/gm)].map((match) => Number(match[1])))].sort((a, b) => a - b);
}

/** The seed page's rows ("|50126|description|"), by code. */
export function seedPageRows(text: string): Map<number, string> {
  const rows = new Map<number, string>();
  for (const match of text.matchAll(/^\|(\d+)\|(.*)\|\s*$/gm)) rows.set(Number(match[1]), match[2]!);
  return rows;
}
