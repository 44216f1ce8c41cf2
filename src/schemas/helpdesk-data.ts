import type { CatalogEntry } from './catalog-schema';
import type { Command } from './commands-schema';
import type { Lexicon } from './lexicon-schema';
import { parseCatalog, parseCommands, parseLexicon, parsePopularCodes, parseStrings } from './parse-data';
import type { StringTables } from './strings-schema';

/** Everything the bot reads from data/ and cards/, validated: plain data, no files, handed to the core and the app. */
export interface HelpdeskData {
  readonly catalog: readonly CatalogEntry[];
  readonly lexicon: Lexicon;
  readonly strings: StringTables;
  readonly commands: readonly Command[];
  readonly popularCodes: readonly number[];
  /** Adaptive Card templates by name (cards/answer.json → "answer"); CardTemplates checks and compiles them. */
  readonly cardTemplates: Readonly<Record<string, unknown>>;
}

/** The parsed JSON of each data file, and the name each goes by in messages (its path). */
export type DataFiles = Readonly<
  Record<'catalog' | 'lexicon' | 'strings' | 'commands' | 'popularCodes', { json: unknown; source: string }>
>;

export function parseHelpdeskData(files: DataFiles, cardTemplates: HelpdeskData['cardTemplates']): HelpdeskData {
  const catalog = parseCatalog(files.catalog.json, files.catalog.source);
  const codes = new Set(catalog.map((entry) => entry.code));
  return {
    catalog,
    lexicon: parseLexicon(files.lexicon.json, files.lexicon.source),
    strings: parseStrings(files.strings.json, files.strings.source),
    commands: parseCommands(files.commands.json, files.commands.source),
    popularCodes: parsePopularCodes(files.popularCodes.json, (code) => codes.has(code), files.popularCodes.source),
    cardTemplates,
  };
}
