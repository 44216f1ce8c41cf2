/**
 * One line per symptom set (top-1, top-3, no match, in rows) and their sums: the yardstick for a matching change.
 * `tsx scripts/eval-all.ts [--misses FILE] [--except PREFIX]` (FILE gets every set's misses, for diffing two runs;
 * `--except unseen5` leaves out the sets a tuning round must not read).
 */
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HelpdeskCore } from '../src/core/helpdesk-core';
import { loadDefaultHelpdeskData } from '../src/loading/load-helpdesk-data';
import { scoreSymptoms } from '../test/helpers/evaluate';
import { FIXTURES, readJsonl, VALIDATION_FIXTURES, type SymptomCase } from '../test/helpers/fixtures';

const SETS = [
  'test',
  'validation',
  'holdout2',
  'holdout3',
  'blind-employees',
  'blind-developers',
  'unseen-mixed',
  'unseen-employees',
  'unseen2-employees',
  'unseen2-mixed',
  'unseen3-employees',
  'unseen3-mixed',
  'unseen4-employees',
  'unseen4-mixed',
  'unseen5-employees',
  'unseen5-mixed',
  'unseen6-employees',
  'unseen6-mixed',
];

const missesFlag = process.argv.indexOf('--misses');
const missesFile = missesFlag >= 0 ? process.argv[missesFlag + 1] : undefined;
const exceptFlag = process.argv.indexOf('--except');
const exceptPrefix = exceptFlag >= 0 ? process.argv[exceptFlag + 1] : undefined;
const core = HelpdeskCore.fromData(loadDefaultHelpdeskData());
const sum = { related: 0, top1: 0, top3: 0, unrelated: 0, noMatch: 0 };
const misses: string[] = [];
for (const set of SETS.filter((name) => !exceptPrefix || !name.startsWith(exceptPrefix))) {
  const file = set === 'test' ? join(FIXTURES, 'symptoms.jsonl') : join(VALIDATION_FIXTURES, `${set}-symptoms.jsonl`);
  if (!existsSync(file)) throw new Error(`no ${file}`);
  const score = scoreSymptoms(core, readJsonl<SymptomCase>(file));
  for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += score[key];
  misses.push(...score.failures.map((failure) => `${set} ${failure}`));
  console.log(
    `${set.padEnd(18)} top-1 ${String(score.top1).padStart(3)}/${score.related}  top-3 ${String(score.top3).padStart(3)}  no match ${score.noMatch}/${score.unrelated}`,
  );
}
console.log(`${'sum'.padEnd(18)} top-1 ${sum.top1}/${sum.related}  top-3 ${sum.top3}  no match ${sum.noMatch}/${sum.unrelated}`);
if (missesFile) writeFileSync(missesFile, misses.join('\n') + '\n');
