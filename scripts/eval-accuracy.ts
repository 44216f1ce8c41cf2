/**
 * Prints extraction and matching accuracy with every miss, then per language:
 * `tsx scripts/eval-accuracy.ts [test|validation|holdout2|holdout3|blind-employees|blind-developers|unseen-mixed|unseen-employees|unseen2-employees|unseen2-mixed|unseen3-employees|unseen3-mixed|unseen4-employees|unseen4-mixed|unseen5-employees|unseen5-mixed|unseen6-employees|unseen6-mixed]`.
 * test: the development set the tests enforce; the others: sets in bench/fixtures written apart from the matcher.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HelpdeskCore } from '../src/core/helpdesk-core';
import { loadDefaultHelpdeskData } from '../src/loading/load-helpdesk-data';
import { percent, scorePastes, scoreSymptoms } from '../test/helpers/evaluate';
import { FIXTURES, readJsonl, VALIDATION_FIXTURES, type PasteCase, type SymptomCase } from '../test/helpers/fixtures';

const which = process.argv[2] ?? 'test';
const [dir, prefix] = which === 'test' ? [FIXTURES, ''] : [VALIDATION_FIXTURES, `${which}-`];
const symptomsFile = join(dir, `${prefix}symptoms.jsonl`);
const pastesFile = join(dir, `${prefix}pastes.jsonl`);
if (!existsSync(symptomsFile)) throw new Error(`no ${symptomsFile}`);
const core = HelpdeskCore.fromData(loadDefaultHelpdeskData());
const cases = readJsonl<SymptomCase>(symptomsFile);
const symptoms = scoreSymptoms(core, cases);
const pastes = existsSync(pastesFile) ? scorePastes(core, readJsonl<PasteCase>(pastesFile)) : undefined;
for (const failure of [...symptoms.failures, ...(pastes?.failures ?? [])]) console.log(failure);
console.log(
  `symptoms: top-1 ${percent(symptoms.top1, symptoms.related)}, top-3 ${percent(symptoms.top3, symptoms.related)} of ${symptoms.related}; ` +
    `no match ${symptoms.noMatch}/${symptoms.unrelated}` +
    (pastes ? `; pastes exact ${pastes.exact}/${pastes.exact + pastes.failures.length}` : ''),
);
for (const lang of ['zh', 'en', 'mixed']) {
  const part = cases.filter((c) => c.lang === lang);
  if (!part.length) continue;
  const score = scoreSymptoms(core, part);
  console.log(
    `  ${lang}: top-1 ${percent(score.top1, score.related)}, top-3 ${percent(score.top3, score.related)} of ${score.related}; no match ${score.noMatch}/${score.unrelated}`,
  );
}
