import { z } from 'zod/v4';
import { HelpdeskError } from '../errors';
import { CATEGORIES, PARTIES, type CatalogEntry, type CatalogLink, type Localized } from './types';

/**
 * An organisation's own additions to the catalog (CATALOG_OVERRIDES=<path>): contacts on every card, steps,
 * contacts and text for single codes, another party, hidden codes, and internal codes of its own.
 * data/overrides.example.json shows every kind.
 */
const text = z.string().trim().min(1, 'must not be empty');
const code = z.number({ message: 'must be a number' }).int('must be a whole number').min(1).max(99999999);
const localized = z.object({ zh: text, en: text }).strict();
/** A replacement of title or meaning: one language or both; the other keeps the catalog's text. */
const someLanguages = z
  .object({ zh: text.optional(), en: text.optional() })
  .strict()
  .refine((value) => value.zh !== undefined || value.en !== undefined, 'needs zh, en or both');
/** Steps in both languages, as many in each, so a card reads the same in either language. */
const stepList = z
  .object({ zh: z.array(text).min(1, 'needs at least one step'), en: z.array(text).min(1, 'needs at least one step') })
  .strict()
  .refine((value) => value.zh.length === value.en.length, { message: 'needs as many zh steps as en steps', path: ['zh'] });
const wordList = z
  .object({ zh: z.array(text).min(1, 'needs at least one keyword'), en: z.array(text).min(1, 'needs at least one keyword') })
  .strict();
const contact = z
  .object({
    label: localized,
    url: z.string().regex(/^(https:\/\/|mailto:|tel:)\S+$/, 'must start with https://, mailto: or tel:'),
  })
  .strict();

const entryOverride = z
  .object({
    code,
    hidden: z.literal(true, { message: 'must be true (leave it out to keep the entry)' }).optional(),
    party: z.enum(PARTIES, { message: `must be one of ${PARTIES.join(', ')}` }).optional(),
    title: someLanguages.optional(),
    meaning: someLanguages.optional(),
    steps: z
      .object({ replace: stepList.optional(), prepend: stepList.optional(), append: stepList.optional() })
      .strict()
      .refine((value) => Boolean(value.replace ?? value.prepend ?? value.append), {
        message: 'needs replace, prepend or append',
        // A list that failed its own check is left out of the value: only ask for one when none was given.
        when: (payload) => payload.issues.length === 0,
      })
      .optional(),
    contacts: z.array(contact).min(1).optional(),
  })
  .strict();

const internalEntry = z
  .object({
    code,
    title: localized,
    meaning: localized,
    party: z.enum(PARTIES, { message: `must be one of ${PARTIES.join(', ')}` }),
    category: z.enum(CATEGORIES, { message: `must be one of ${CATEGORIES.join(', ')}` }),
    steps: stepList,
    keywords: wordList,
    contacts: z.array(contact).optional(),
  })
  .strict();

export const overridesSchema = z
  .object({
    $schema: z.string().optional(),
    $comment: z.string().optional(),
    contacts: z.array(contact).optional(),
    entries: z.array(entryOverride).optional(),
    internal: z.array(internalEntry).optional(),
  })
  .strict();

export type CatalogOverrides = z.infer<typeof overridesSchema>;
type EntryOverride = z.infer<typeof entryOverride>;

/** Names an override in messages the way the catalog names entries: where it is, and its code. */
export function overrideName(list: 'entries' | 'internal', index: number, codeValue: unknown): string {
  return typeof codeValue === 'number' ? `${list}[${index}] (code ${codeValue})` : `${list}[${index}]`;
}

/** What is wrong with valid-looking overrides against this catalog: unknown or doubled codes, hidden entries with changes. */
export function overrideProblems(catalog: readonly CatalogEntry[], overrides: CatalogOverrides): string[] {
  const codes = new Set(catalog.map((entry) => entry.code));
  const problems: string[] = [];
  const seen = new Map<number, string>();
  const claim = (name: string, value: number) => {
    const first = seen.get(value);
    if (first) problems.push(`${name}: code: ${value} is already overridden by ${first}`);
    else seen.set(value, name);
  };
  (overrides.entries ?? []).forEach((override, index) => {
    const name = overrideName('entries', index, override.code);
    if (!codes.has(override.code)) problems.push(`${name}: code: not in the catalog (add your own codes under "internal")`);
    if (override.hidden && Object.keys(override).some((key) => key !== 'code' && key !== 'hidden')) {
      problems.push(`${name}: hidden: a hidden entry takes no other changes`);
    }
    claim(name, override.code);
  });
  (overrides.internal ?? []).forEach((entry, index) => {
    const name = overrideName('internal', index, entry.code);
    if (codes.has(entry.code)) problems.push(`${name}: code: already in the catalog (change it under "entries")`);
    claim(name, entry.code);
  });
  return problems;
}

const toLink = (item: { label: Localized; url: string }): CatalogLink => ({ label: item.label, url: item.url });

function overridden(entry: CatalogEntry, override: EntryOverride, contacts: readonly CatalogLink[]): CatalogEntry {
  let steps = override.steps?.replace ?? entry.steps;
  if (override.steps?.prepend) steps = { zh: [...override.steps.prepend.zh, ...steps.zh], en: [...override.steps.prepend.en, ...steps.en] };
  if (override.steps?.append) steps = { zh: [...steps.zh, ...override.steps.append.zh], en: [...steps.en, ...override.steps.append.en] };
  return {
    ...entry,
    party: override.party ?? entry.party,
    title: { ...entry.title, ...override.title },
    meaning: { ...entry.meaning, ...override.meaning },
    steps,
    links: [...entry.links, ...(override.contacts ?? []).map(toLink), ...contacts],
    source: entry.source.includes('org') ? entry.source : [...entry.source, 'org'],
  };
}

/**
 * The catalog as the organisation wants it: pure, so start-up and tests run the same merge. Call it with
 * overrides that overrideProblems() found nothing wrong with.
 */
export function applyOverrides(catalog: readonly CatalogEntry[], overrides: CatalogOverrides): CatalogEntry[] {
  const contacts = (overrides.contacts ?? []).map(toLink);
  const byCode = new Map((overrides.entries ?? []).map((override) => [override.code, override]));
  const merged: CatalogEntry[] = [];
  for (const entry of catalog) {
    const override = byCode.get(entry.code);
    if (override?.hidden) continue;
    merged.push(
      override ? overridden(entry, override, contacts) : contacts.length ? { ...entry, links: [...entry.links, ...contacts] } : entry,
    );
  }
  for (const entry of overrides.internal ?? []) {
    const { contacts: own = [], ...fields } = entry;
    merged.push({ ...fields, links: [...own.map(toLink), ...contacts], source: ['org'] });
  }
  return merged;
}

/** "entries[2] (code 50053): steps.append.zh: needs as many zh steps as en steps". */
function describeIssue(issue: z.core.$ZodIssue, json: unknown): string {
  const [list, index, ...field] = issue.path;
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown field ${issue.keys.map((key) => `"${key}"`).join(', ')}`
      : issue.code === 'invalid_type' && /received undefined$/.test(issue.message)
        ? 'is required'
        : issue.message;
  if ((list === 'entries' || list === 'internal') && typeof index === 'number') {
    const raw = (json as Record<string, { code?: unknown }[]>)[list]?.[index];
    return `${overrideName(list, index, raw?.code)}: ${field.length ? `${field.join('.')}: ` : ''}${message}`;
  }
  return `${issue.path.length ? `${issue.path.join('.')}: ` : ''}${message}`;
}

/** Validates an overrides file against its schema and the catalog; one error names every entry and field at fault. */
export function parseOverrides(json: unknown, catalog: readonly CatalogEntry[], source = 'overrides'): CatalogOverrides {
  const parsed = overridesSchema.safeParse(json);
  const problems = parsed.success ? overrideProblems(catalog, parsed.data) : parsed.error.issues.map((issue) => describeIssue(issue, json));
  if (problems.length) {
    throw new HelpdeskError('OVERRIDES_INVALID', `${source} has ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }
  return parsed.data!;
}
