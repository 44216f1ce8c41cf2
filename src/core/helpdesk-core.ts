import { Catalog } from '../catalog/catalog';
import type { CatalogEntry, Lang } from '../catalog/types';
import type { HelpdeskData } from '../schemas/helpdesk-data';
import { detectLanguage } from './detect-language';
import { findCodes } from './extract-codes';
import { findContext, type SignInContext } from './extract-context';
import { normalizeForExtraction } from './normalize-text';
import { SymptomMatcher, type SymptomMatch } from './symptom-matcher';

/** What a message is about: the codes it carries, or the catalog entries its description matches. */
export interface Understanding {
  readonly lang: Lang;
  /** Every code found, in order, known and unknown. */
  readonly found: readonly number[];
  readonly known: readonly CatalogEntry[];
  readonly unknown: readonly number[];
  readonly context: SignInContext;
  /** Symptom matches, best first; empty when the message carries codes or nothing fits. */
  readonly matches: readonly SymptomMatch[];
}

/** The pure core: catalog, code extraction and symptom matching, with no Teams or HTTP in sight. */
export class HelpdeskCore {
  constructor(
    readonly catalog: Catalog,
    readonly matcher: SymptomMatcher,
    readonly popularCodes: readonly number[],
  ) {}

  /** Indexes the catalog and builds the matcher once, from data the loader validated. */
  static fromData(data: Pick<HelpdeskData, 'catalog' | 'lexicon' | 'popularCodes'>): HelpdeskCore {
    const catalog = new Catalog(data.catalog);
    return new HelpdeskCore(catalog, new SymptomMatcher(catalog, data.lexicon, data.popularCodes), data.popularCodes);
  }

  understand(text: string, locale?: string): Understanding {
    const normalized = normalizeForExtraction(text); // once for both extractions
    const codes = findCodes(normalized, (code) => this.catalog.has(code));
    const matches = codes.found.length ? [] : this.matcher.match(text);
    return {
      lang: detectLanguage(text, locale),
      found: codes.found,
      known: codes.known.map((code) => this.catalog.get(code)!),
      unknown: codes.unknown,
      context: findContext(normalized),
      matches,
    };
  }
}
