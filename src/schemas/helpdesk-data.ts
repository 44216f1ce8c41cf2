import { applyOverrides, parseOverrides } from '../catalog/overrides';
import type { CatalogEntry } from './catalog-schema';
import type { Command } from './commands-schema';
import type { CodeFamily } from './families-schema';
import type { Lexicon } from './lexicon-schema';
import { parseCatalog, parseCommands, parseFamilies, parseLexicon, parsePopularCodes, parseSpikeHints, parseStrings } from './parse-data';
import type { SpikeHintsData } from './spike-hints-schema';
import type { StringTables } from './strings-schema';

/** Everything the bot reads from data/, cards/ and the overrides file, validated: plain data, no files. */
export interface HelpdeskData {
  /** The catalog as served: data/catalog.json with the organisation's overrides (CATALOG_OVERRIDES) merged in. */
  readonly catalog: readonly CatalogEntry[];
  readonly lexicon: Lexicon;
  readonly strings: StringTables;
  readonly commands: readonly Command[];
  /** The most common codes, most common first, of those the organisation did not hide. */
  readonly popularCodes: readonly number[];
  readonly families: readonly CodeFamily[];
  /** What a spike of a code may mean, for the insights' spike alerts. */
  readonly spikeHints: SpikeHintsData;
  /** Adaptive Card templates by name (cards/answer.json → "answer"); CardTemplates checks and compiles them. */
  readonly cardTemplates: Readonly<Record<string, unknown>>;
}

/** The parsed JSON of a file, and the name it goes by in messages (its path). */
export interface DataFile {
  readonly json: unknown;
  readonly source: string;
}

export type DataFiles = Readonly<
  Record<'catalog' | 'lexicon' | 'strings' | 'commands' | 'popularCodes' | 'families' | 'spikeHints', DataFile>
>;

/** Validates every file, then merges the overrides over the catalog; pure, so start-up and tests run the same checks. */
export function parseHelpdeskData(files: DataFiles, cardTemplates: HelpdeskData['cardTemplates'], overrides?: DataFile): HelpdeskData {
  const base = parseCatalog(files.catalog.json, files.catalog.source);
  const catalog = overrides ? applyOverrides(base, parseOverrides(overrides.json, base, overrides.source)) : base;
  const baseCodes = new Set(base.map((entry) => entry.code));
  const served = new Set(catalog.map((entry) => entry.code));
  const isBaseCode = (code: number) => baseCodes.has(code);
  return {
    catalog,
    lexicon: parseLexicon(files.lexicon.json, files.lexicon.source),
    strings: parseStrings(files.strings.json, files.strings.source),
    commands: parseCommands(files.commands.json, files.commands.source),
    // Checked against Microsoft's catalog, then kept to the codes the organisation did not hide.
    popularCodes: parsePopularCodes(files.popularCodes.json, isBaseCode, files.popularCodes.source).filter((code) => served.has(code)),
    families: parseFamilies(files.families.json, isBaseCode, files.families.source),
    spikeHints: parseSpikeHints(files.spikeHints.json, isBaseCode, files.spikeHints.source),
    cardTemplates,
  };
}
