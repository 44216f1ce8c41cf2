import { describe, expect, it } from 'vitest';
import {
  readReferenceCodes,
  readSeedCodes,
  readSharedPage,
  REFERENCE_PAGE,
  referenceCodesFromPage,
  SEED_PAGE,
  seedCodesFromPage,
} from '../helpers/code-lists';

/**
 * The code lists in test/fixtures against the pages they were derived from. The pages live in ../shared/, beside CI's
 * checkout but not beside a clone: there these tests are skipped, saying why, and the catalog tests still run on the
 * fixtures. To update the fixtures after a page changed: `npx tsx scripts/derive-code-lists.ts`.
 */
const checks = [
  { name: 'seed page', page: SEED_PAGE, derive: seedCodesFromPage, fixture: readSeedCodes },
  { name: 'AADSTS reference', page: REFERENCE_PAGE, derive: referenceCodesFromPage, fixture: readReferenceCodes },
] as const;

for (const { name, page, derive, fixture } of checks) {
  const read = readSharedPage(page);
  const absent = 'absent' in read ? read.absent : undefined;
  if (absent) console.info(`skipping the ${name} cross-check: ${absent}`);

  describe.skipIf(absent !== undefined)(`the ${name}'s codes${absent ? ` (skipped: ${absent})` : ''}`, () => {
    it('are the fixture, exactly', () => {
      const derived = derive((read as { text: string }).text);
      expect(derived.codes.length).toBeGreaterThan(0);
      expect(fixture()).toEqual(derived);
    });
  });
}
