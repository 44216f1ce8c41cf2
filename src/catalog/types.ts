export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export type Localized<T = string> = Readonly<Record<Lang, T>>;

/** Who must act to fix a sign-in failure. Mirrors the `party` enum in data/catalog.schema.json. */
export const PARTIES = ['user', 'tenant_admin', 'app_owner', 'identity_provider', 'microsoft_support', 'none'] as const;
export type Party = (typeof PARTIES)[number];

export interface CatalogLink {
  readonly label: Localized;
  readonly url: string;
}

export interface CatalogEntry {
  readonly code: number;
  readonly title: Localized;
  readonly meaning: Localized;
  readonly party: Party;
  readonly category: string;
  readonly steps: Localized<readonly string[]>;
  readonly links: readonly CatalogLink[];
  readonly keywords: Localized<readonly string[]>;
  /** The code is a copy of another one (same meaning, same steps). */
  readonly aliasOf?: number;
}

export function errorLookupUrl(code: number): string {
  return `https://login.microsoftonline.com/error?code=${code}`;
}
