import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CARDS_DIR, DATA_DIR } from '../paths';
import { parseHelpdeskData, type DataFiles, type HelpdeskData } from '../schemas/helpdesk-data';
import { readJsonFile } from './read-json-file';

export interface DataLocation {
  /** The folder of catalog.json, synonyms.json, strings.json, commands.json, popular-codes.json, families.json (DATA_DIR). */
  readonly dataDir: string;
  /** The organisation's additions to the catalog (CATALOG_OVERRIDES), if any. */
  readonly overridesPath?: string;
  /** The Adaptive Card templates; they belong to the code, so the default is the project's cards/. */
  readonly cardsDir?: string;
}

/** The files of a data folder, by what they hold. */
export const DATA_FILE_NAMES = {
  catalog: 'catalog.json',
  lexicon: 'synonyms.json',
  strings: 'strings.json',
  commands: 'commands.json',
  popularCodes: 'popular-codes.json',
  families: 'families.json',
  spikeHints: 'spike-hints.json',
} as const satisfies Record<keyof DataFiles, string>;

function readCardTemplates(dir: string): Record<string, unknown> {
  const templates: Record<string, unknown> = {};
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    templates[basename(file, '.json')] = readJsonFile(join(dir, file), 'CARD_TEMPLATE_INVALID');
  }
  return templates;
}

/**
 * The one place that reads data/ and cards/: once, at start-up. Everything is validated before anything runs; a bad
 * file stops here with a message that names the file, the entry and the field.
 */
export function loadHelpdeskData({ dataDir, cardsDir = CARDS_DIR, overridesPath }: DataLocation): HelpdeskData {
  const files = Object.fromEntries(
    Object.entries(DATA_FILE_NAMES).map(([key, name]) => {
      const path = join(dataDir, name);
      return [key, { json: readJsonFile(path, key === 'catalog' ? 'CATALOG_INVALID' : 'DATA_INVALID'), source: path }];
    }),
  ) as unknown as DataFiles;
  const overrides = overridesPath ? { json: readJsonFile(overridesPath, 'OVERRIDES_INVALID'), source: overridesPath } : undefined;
  return parseHelpdeskData(files, readCardTemplates(cardsDir), overrides);
}

/** The project's own data/ and cards/: for scripts, benchmarks and tests. */
export function loadDefaultHelpdeskData(options: Omit<DataLocation, 'dataDir'> = {}): HelpdeskData {
  return loadHelpdeskData({ dataDir: DATA_DIR, ...options });
}
