import type { z } from 'zod/v4';
import { HelpdeskError } from '../errors';
import { catalogFileSchema, errorLookupUrl, type CatalogEntry } from './catalog-schema';
import { commandsFileSchema, type Command } from './commands-schema';
import { LANGS } from './common';
import { describeIssue, describeIssues, pointer } from './describe-issues';
import { familiesFileSchema, type CodeFamily } from './families-schema';
import { lexiconFileSchema, type Lexicon } from './lexicon-schema';
import { popularCodesFileSchema } from './popular-codes-schema';
import { spikeHintsFileSchema, type SpikeHintsData } from './spike-hints-schema';
import { stringsFileSchema, type StringTables } from './strings-schema';

/**
 * Validation of each data file, pure: JSON in, typed data out, or one HelpdeskError that lists every problem with the
 * field it is in. `source` names the file in messages. The loader (src/loading) reads the files and calls these.
 */

function parseWith<S extends z.ZodType>(schema: S, json: unknown, source: string): z.infer<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new HelpdeskError('DATA_INVALID', `${source}: ${describeIssues(parsed.error.issues, json).join('; ')}`);
  return parsed.data;
}

function stripHeader<T extends { $schema?: unknown; $comment?: unknown }>(file: T): Omit<T, '$schema' | '$comment'> {
  const { $schema: _schema, $comment: _comment, ...data } = file;
  return data;
}

/** Names an entry in messages by its code when it has one, by its position otherwise. */
function entryName(raw: unknown, index: number): string {
  const code = (raw as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? `entry ${index} (code ${code})` : `entry ${index}`;
}

export function parseCatalog(json: unknown, source = 'catalog'): readonly CatalogEntry[] {
  const problems: string[] = [];
  const parsed = catalogFileSchema.safeParse(json);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { path, text } = describeIssue(issue, json);
      const [top, index, ...field] = path;
      if (top === 'entries' && typeof index === 'number') {
        problems.push(`${entryName((json as { entries: unknown[] }).entries[index], index)}: ${pointer(field)}${text}`);
      } else {
        problems.push(`${pointer(path)}${text}`);
      }
    }
  } else {
    const entries = parsed.data.entries;
    const seen = new Map<number, number>();
    entries.forEach((entry, index) => {
      const first = seen.get(entry.code);
      if (first !== undefined) problems.push(`${entryName(entry, index)}: duplicate code, already used by entry ${first}`);
      seen.set(entry.code, index);
      if (!entry.links.some((link) => link.url === errorLookupUrl(entry.code))) {
        problems.push(`${entryName(entry, index)}: links: must include ${errorLookupUrl(entry.code)}`);
      }
      if (entry.retired && entry.source.includes('reference')) {
        problems.push(`${entryName(entry, index)}: retired: a code the current reference lists is not retired`);
      }
    });
    for (const [index, entry] of entries.entries()) {
      if (entry.aliasOf !== undefined && (entry.aliasOf === entry.code || !seen.has(entry.aliasOf))) {
        problems.push(`${entryName(entry, index)}: aliasOf: must name another code of the catalog`);
      }
    }
  }
  if (problems.length) {
    throw new HelpdeskError('CATALOG_INVALID', `${source} has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data!.entries;
}

export function parseLexicon(json: unknown, source = 'lexicon'): Lexicon {
  const lexicon = stripHeader(parseWith(lexiconFileSchema, json, source));
  const lists = [
    'contextConcepts',
    'cueConcepts',
    'offTopicConcepts',
    'errorPageConcepts',
    'microsoftConcepts',
    'otherSystemConcepts',
    'disclaimerConcepts',
    'howToConcepts',
    'troubleConcepts',
    'allClearConcepts',
    'worksNowConcepts',
  ] as const;
  const undefinedConcepts = lists.flatMap((list) => lexicon[list]).filter((concept) => !(concept in lexicon.concepts));
  if (undefinedConcepts.length) {
    throw new HelpdeskError(
      'DATA_INVALID',
      `${source}: ${lists.join(', ')} name concepts that are not defined: ${undefinedConcepts.join(', ')}`,
    );
  }
  return lexicon;
}

export function parseStrings(json: unknown, source = 'strings'): StringTables {
  const tables = stripHeader(parseWith(stringsFileSchema, json, source));
  const keys = new Set(LANGS.flatMap((lang) => Object.keys(tables[lang])));
  const missing = LANGS.flatMap((lang) => [...keys].filter((key) => !(key in tables[lang])).map((key) => `${lang}.${key}`));
  if (missing.length) throw new HelpdeskError('DATA_INVALID', `${source}: missing translations: ${missing.join(', ')}`);
  return tables;
}

export function parseCommands(json: unknown, source = 'commands'): readonly Command[] {
  return parseWith(commandsFileSchema, json, source).commands;
}

/** Families and their codes; every code must be in the catalog, so a family never offers a code the bot cannot show. */
export function parseFamilies(json: unknown, isCatalogCode: (code: number) => boolean, source = 'families'): readonly CodeFamily[] {
  const { families } = parseWith(familiesFileSchema, json, source);
  const problems = families.flatMap((family) =>
    family.codes.filter((code) => !isCatalogCode(code)).map((code) => `family "${family.id}" names ${code}, which is not in the catalog`),
  );
  const ids = families.map((family) => family.id);
  problems.push(...ids.filter((id, i) => ids.indexOf(id) !== i).map((id) => `family "${id}" is defined twice`));
  if (problems.length) throw new HelpdeskError('DATA_INVALID', `${source}: ${problems.join('; ')}`);
  return families;
}

export function parsePopularCodes(json: unknown, isCatalogCode: (code: number) => boolean, source = 'popular codes'): readonly number[] {
  const { codes } = parseWith(popularCodesFileSchema, json, source);
  const strangers = codes.filter((code) => !isCatalogCode(code));
  if (strangers.length) throw new HelpdeskError('DATA_INVALID', `${source}: codes not in the catalog: ${strangers.join(', ')}`);
  return codes;
}

/** data/spike-hints.json: the codes it names must be catalog codes. */
export function parseSpikeHints(json: unknown, isCatalogCode: (code: number) => boolean, source = 'spike hints'): SpikeHintsData {
  const { $schema: _schema, $comment: _comment, ...hints } = parseWith(spikeHintsFileSchema, json, source);
  const strangers = Object.keys(hints.codes).filter((code) => !isCatalogCode(Number(code)));
  if (strangers.length) throw new HelpdeskError('DATA_INVALID', `${source}: codes not in the catalog: ${strangers.join(', ')}`);
  return hints;
}
