/**
 * Prints extraction and matching accuracy with every miss: `tsx scripts/eval-accuracy.ts [test|validation|holdout2|holdout3]`.
 * test: the development set the tests enforce; validation, holdout2, holdout3: sets in bench/fixtures written apart from the matcher.
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
const symptoms = scoreSymptoms(core, readJsonl<SymptomCase>(symptomsFile));
const pastes = existsSync(pastesFile) ? scorePastes(core, readJsonl<PasteCase>(pastesFile)) : undefined;
for (const failure of [...symptoms.failures, ...(pastes?.failures ?? [])]) console.log(failure);
console.log(
  `symptoms: top-1 ${percent(symptoms.top1, symptoms.related)}, top-3 ${percent(symptoms.top3, symptoms.related)} of ${symptoms.related}; ` +
    `no match ${symptoms.noMatch}/${symptoms.unrelated}` +
    (pastes ? `; pastes exact ${pastes.exact}/${pastes.exact + pastes.failures.length}` : ''),
);
