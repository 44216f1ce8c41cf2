import { z } from 'zod/v4';
import { fileHeader, localizedList, localizedText, type DeepReadonly } from './common';

/** Who must act to fix a sign-in failure. */
export const PARTIES = ['user', 'tenant_admin', 'app_owner', 'identity_provider', 'microsoft_support', 'none'] as const;
export type Party = (typeof PARTIES)[number];

export const CATEGORIES = [
  'password',
  'account',
  'mfa',
  'conditional_access',
  'device',
  'federation',
  'saml',
  'app_config',
  'consent',
  'token_session',
  'pass_through_auth',
  'seamless_sso',
  'service',
  'informational',
  'protocol',
  'tenant',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * Where an entry's facts come from: the 2019 zh-CN seed page, Microsoft's current error reference, or the
 * organisation's overrides file (CATALOG_OVERRIDES; never written in data/catalog.json itself).
 */
export const SOURCES = ['seed', 'reference', 'org'] as const;
export type CatalogSource = (typeof SOURCES)[number];
const FILE_SOURCES = ['seed', 'reference'] as const;

/** No value twice: the editor's `uniqueItems`, and the same check when the bot loads the file. */
function unique<T extends z.ZodArray>(list: T): T {
  return list.refine((items: unknown[]) => new Set(items).size === items.length, 'must not repeat a value').meta({ uniqueItems: true });
}

export const MAX_CODE = 99_999_999;
const code = z.number().int().min(1).max(MAX_CODE);

const link = z.strictObject({ label: localizedText, url: z.string().regex(/^https:\/\//, 'must start with https://') });

export const catalogEntrySchema = z.strictObject({
  code: code.describe("The number after AADSTS, as in the sign-in log's error code column."),
  title: localizedText.describe('A short name a person recognises.'),
  meaning: localizedText.describe('What happened, in plain words.'),
  party: z.enum(PARTIES).describe('Who must act to fix it.'),
  category: z.enum(CATEGORIES),
  steps: localizedList.describe('Ordered next steps for the person reading the card.'),
  links: z.array(link).min(1),
  keywords: localizedList.describe('Words people use for this problem; they drive symptom matching.'),
  source: unique(z.array(z.enum(FILE_SOURCES)).min(1)).describe(
    "Where the facts come from: seed (the 2019 zh-CN sign-in error page), reference (Microsoft's current error code reference), or both.",
  ),
  retired: z.literal(true).optional().describe("Microsoft's current reference no longer lists the code; the card says so."),
  aliasOf: code.optional().describe('The code this one is a copy of; the card says so.'),
  changed: localizedText.optional().describe('What changed since the 2019 page, where the two sources disagree; shown on the card.'),
});

export const catalogFileSchema = z.strictObject({ ...fileHeader, entries: z.array(catalogEntrySchema).min(1) }).meta({
  title: 'Sign-in Helpdesk error catalog',
  description: 'One entry per Microsoft Entra sign-in error code: what it means, who must act and what to do, in Chinese and English.',
});

/** An entry as the bot serves it: from data/catalog.json, or merged with or added by the organisation's overrides. */
export type CatalogEntry = DeepReadonly<Omit<z.infer<typeof catalogEntrySchema>, 'source'>> & { readonly source: readonly CatalogSource[] };
export type CatalogLink = CatalogEntry['links'][number];

export function errorLookupUrl(code: number): string {
  return `https://login.microsoftonline.com/error?code=${code}`;
}
