import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { LANGS, type Lang } from '../catalog/types';
import { loadConfig } from '../config';
import { buildAnswer } from '../core/answer-model';
import { HelpdeskCore } from '../core/helpdesk-core';
import { toLookupResult } from '../core/lookup-result';
import { Strings } from '../core/strings';
import { loadHelpdeskData } from '../loading/load-helpdesk-data';
import { renderAnswerText } from './render-text';

const USAGE = `Usage:
  npm run -s lookup -- [--lang zh|en] "<text>"     readable answer
  npm run -s lookup -- --json "<text>"             one JSON object
  npm run -s lookup -- --jsonl < input.jsonl       {"id","text"} per line in, one result per line out
  --overrides <file>                               answer with an overrides file merged in (as CATALOG_OVERRIDES does)
  (-s keeps npm's own "> script" banner off stdout)`;

async function runJsonl(core: HelpdeskCore): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (!line.trim()) continue;
    let input: { id?: unknown; text?: unknown };
    try {
      input = JSON.parse(line) as typeof input;
    } catch {
      process.stderr.write(`line ${lineNumber}: not JSON, skipped\n`);
      continue;
    }
    const id = typeof input.id === 'string' || typeof input.id === 'number' ? String(input.id) : String(lineNumber);
    const text = typeof input.text === 'string' ? input.text : '';
    process.stdout.write(`${JSON.stringify(toLookupResult(id, core.understand(text), core))}\n`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      jsonl: { type: 'boolean', default: false },
      lang: { type: 'string' },
      overrides: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.lang !== undefined && !LANGS.includes(values.lang as Lang)) {
    process.stderr.write(`--lang must be one of ${LANGS.join(', ')}\n`);
    return 2;
  }
  const config = loadConfig();
  const overridesPath = values.overrides ?? config.CATALOG_OVERRIDES;
  const data = loadHelpdeskData({ dataDir: config.DATA_DIR, ...(overridesPath && { overridesPath }) });
  const core = HelpdeskCore.fromData(data);
  const strings = new Strings(data.strings);
  if (values.jsonl) {
    await runJsonl(core);
    return 0;
  }
  const text = positionals.join(' ');
  if (!text.trim()) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const understanding = core.understand(text);
  if (values.json) {
    const answer = buildAnswer(understanding, core.catalog, strings, (values.lang as Lang | undefined) ?? understanding.lang);
    process.stdout.write(
      `${JSON.stringify({ ...toLookupResult('1', understanding, core), context: understanding.context, lang: answer.lang, answer })}\n`,
    );
    return 0;
  }
  const answer = buildAnswer(understanding, core.catalog, strings, (values.lang as Lang | undefined) ?? understanding.lang);
  process.stdout.write(`${renderAnswerText(answer)}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
