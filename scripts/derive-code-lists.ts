/**
 * Rewrites test/fixtures/seed-codes.json and reference-codes.json from the source pages in ../shared/:
 * `npx tsx scripts/derive-code-lists.ts`. The tests check the catalog against the fixtures, and (where ../shared is
 * present, as in CI) the fixtures against the pages.
 */
import { writeFileSync } from 'node:fs';
import {
  formatCodeList,
  readSharedPage,
  REFERENCE_CODES_FILE,
  REFERENCE_PAGE,
  referenceCodesFromPage,
  SEED_CODES_FILE,
  SEED_PAGE,
  seedCodesFromPage,
} from '../test/helpers/code-lists';

for (const [page, file, derive] of [
  [SEED_PAGE, SEED_CODES_FILE, seedCodesFromPage],
  [REFERENCE_PAGE, REFERENCE_CODES_FILE, referenceCodesFromPage],
] as const) {
  const read = readSharedPage(page);
  if ('absent' in read) throw new Error(read.absent);
  const derived = derive(read.text);
  writeFileSync(file, formatCodeList(derived));
  console.log(`${file}: ${derived.codes.length} codes`);
}
