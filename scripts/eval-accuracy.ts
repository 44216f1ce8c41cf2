/** Prints extraction and matching accuracy over a fixture folder, with every miss: `tsx scripts/eval-accuracy.ts [test|validation]`. */
import { join } from 'node:path';
import { loadHelpdeskCore } from '../src/core/helpdesk-core';
import { FIXTURES, readJsonl, VALIDATION_FIXTURES, type PasteCase, type SymptomCase } from '../test/helpers/fixtures';
import { percent, scorePastes, scoreSymptoms } from '../test/helpers/evaluate';

const which = process.argv[2] ?? 'test';
const [dir, prefix] = which === 'validation' ? [VALIDATION_FIXTURES, 'validation-'] : [FIXTURES, ''];
const core = loadHelpdeskCore();
const symptoms = scoreSymptoms(core, readJsonl<SymptomCase>(join(dir, `${prefix}symptoms.jsonl`)));
const pastes = scorePastes(core, readJsonl<PasteCase>(join(dir, `${prefix}pastes.jsonl`)));
for (const failure of [...symptoms.failures, ...pastes.failures]) console.log(failure);
console.log(
  `symptoms: top-1 ${percent(symptoms.top1, symptoms.related)}, top-3 ${percent(symptoms.top3, symptoms.related)} of ${symptoms.related}; ` +
    `no match ${symptoms.noMatch}/${symptoms.unrelated}; pastes exact ${pastes.exact}/${pastes.exact + pastes.failures.length}`,
);
