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

/** Where an entry's code is listed: the 2019 sign-in report page (the seed), Microsoft's current AADSTS reference. */
export const SOURCES = ['seed', 'reference'] as const;
export type Source = (typeof SOURCES)[number];

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
  source: z
    .array(z.enum(SOURCES))
    .min(1)
    .optional()
    .describe('Where the code is listed: "seed" (the 2019 sign-in report page), "reference" (the current AADSTS reference).'),
  retired: z.literal(true).optional().describe('Microsoft no longer returns this code; kept so old log rows still get an answer.'),
  aliasOf: code.optional().describe('Another catalog code that means the same; that entry carries the full answer.'),
  changed: localizedText.optional().describe('What changed since the 2019 page said otherwise.'),
});

export const catalogFileSchema = z.strictObject({ ...fileHeader, entries: z.array(catalogEntrySchema).min(1) }).meta({
  title: 'Sign-in Helpdesk error catalog',
  description: 'One entry per Microsoft Entra sign-in error code: what it means, who must act and what to do, in Chinese and English.',
});

export type CatalogEntry = DeepReadonly<z.infer<typeof catalogEntrySchema>>;
export type CatalogLink = CatalogEntry['links'][number];

export function errorLookupUrl(code: number): string {
  return `https://login.microsoftonline.com/error?code=${code}`;
}
