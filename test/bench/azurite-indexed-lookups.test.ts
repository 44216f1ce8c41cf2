import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const OPERATIONS = join(ROOT, 'test', 'helpers', 'azurite-blob-operations.cjs');
const PRELOAD = join(ROOT, 'bench', 'lib', 'azurite-indexed-lookups.cjs');

function run(preload: boolean): { answers: string; left: number; leftDigest: string; badIndexes: string[] } {
  const args = [...(preload ? ['--require', PRELOAD] : []), OPERATIONS];
  return JSON.parse(execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' })) as ReturnType<typeof run>;
}

// The escalation bench's `--indexed-azurite` claims to change only what Azurite's look-ups, listings and deletes
// cost, not what they answer: the same random run of Azurite's queries, with and without it, must agree.
describe('the indexed-Azurite preload (bench only)', () => {
  it('gives the same answers and leaves the same blobs, with consistent indexes', () => {
    const stock = run(false);
    const indexed = run(true);
    expect(stock.left).toBeGreaterThan(500);
    expect(indexed).toEqual(stock);
    expect(indexed.badIndexes).toEqual([]);
  });
});
