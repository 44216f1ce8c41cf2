/** The catalog's types, inferred from its schema (src/schemas/catalog-schema.ts), the one source of its shape. */
export { LANGS, type Lang, type Localized } from '../schemas/common';
export {
  CATEGORIES,
  errorLookupUrl,
  PARTIES,
  SOURCES,
  type CatalogEntry,
  type CatalogLink,
  type CatalogSource,
  type Category,
  type Party,
} from '../schemas/catalog-schema';
