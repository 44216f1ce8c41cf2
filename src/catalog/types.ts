export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type Localized<T = string> = Readonly<Record<Lang, T>>;

/** Who must act to fix a sign-in failure. Mirrors the `party` enum in data/catalog.schema.json. */
export const PARTIES = ['user', 'tenant_admin', 'app_owner', 'identity_provider', 'microsoft_support', 'none'] as const;
export type Party = (typeof PARTIES)[number];

/** What an entry is about. Mirrors the `category` enum in data/catalog.schema.json. */
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

export interface CatalogLink {
  readonly label: Localized;
  readonly url: string;
}

/** Where an entry's facts come from: the 2019 zh-CN seed page, Microsoft's current error reference, or the organisation's overrides file. */
export const SOURCES = ['seed', 'reference', 'org'] as const;
export type CatalogSource = (typeof SOURCES)[number];

export interface CatalogEntry {
  readonly code: number;
  readonly title: Localized;
  readonly meaning: Localized;
  readonly party: Party;
  readonly category: Category;
  readonly steps: Localized<readonly string[]>;
  readonly links: readonly CatalogLink[];
  readonly keywords: Localized<readonly string[]>;
  readonly source: readonly CatalogSource[];
  /** Microsoft no longer lists the code; the card says so. */
  readonly retired?: true;
  /** The code is a copy of another one (same meaning, same steps). */
  readonly aliasOf?: number;
  /** What changed since the 2019 page, where the two sources disagree; shown on the card. */
  readonly changed?: Localized;
}

export function errorLookupUrl(code: number): string {
  return `https://login.microsoftonline.com/error?code=${code}`;
}
