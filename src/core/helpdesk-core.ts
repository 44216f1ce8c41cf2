import { join } from 'node:path';
import { Catalog } from '../catalog/catalog';
import { loadCatalog } from '../catalog/load-catalog';
import { loadFamilies } from '../catalog/load-families';
import { loadLexicon } from '../catalog/load-lexicon';
import { loadOverrides } from '../catalog/load-overrides';
import { applyOverrides } from '../catalog/overrides';
import { readJsonFile } from '../catalog/validate-json';
import type { CatalogEntry, Lang } from '../catalog/types';
import { HelpdeskError } from '../errors';
import { DATA_DIR } from '../paths';
import { Clarifier, type Clarification } from './clarify';
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
  /** When the answer should be a question back: which of near-twin matches, or where to find the code. */
  readonly clarification?: Clarification;
}

/** The pure core: catalog, code extraction and symptom matching, with no Teams or HTTP in sight. */
export class HelpdeskCore {
  constructor(
    readonly catalog: Catalog,
    readonly matcher: SymptomMatcher,
    readonly popularCodes: readonly number[],
    private readonly clarifier = new Clarifier([]),
  ) {}

  understand(text: string, locale?: string): Understanding {
    const normalized = normalizeForExtraction(text); // once for both extractions
    const codes = findCodes(normalized, (code) => this.catalog.has(code));
    const context = findContext(normalized);
    const base = {
      lang: detectLanguage(text, locale),
      found: codes.found,
      known: codes.known.map((code) => this.catalog.get(code)!),
      unknown: codes.unknown,
      context,
    };
    if (codes.found.length) return { ...base, matches: [] };
    const reading = this.matcher.read(text);
    const clarification = this.clarifier.decide(reading, Boolean(context.traceId || context.correlationId));
    return { ...base, matches: reading.matches, ...(clarification && { clarification }) };
  }
}

/** The most common codes, most common first: checked against Microsoft's catalog, then kept to those the organisation did not hide. */
function loadPopularCodes(base: Catalog, served: Catalog): number[] {
  const path = join(DATA_DIR, 'popular-codes.json');
  const json = readJsonFile(path, 'DATA_INVALID') as { codes?: unknown };
  const codes = json.codes;
  if (!Array.isArray(codes) || !codes.every((code) => typeof code === 'number' && base.has(code))) {
    throw new HelpdeskError('DATA_INVALID', `${path}: "codes" must be a list of codes that are in the catalog`);
  }
  return (codes as number[]).filter((code) => served.has(code));
}

export interface CoreOptions {
  /** The organisation's overrides file (CATALOG_OVERRIDES), merged over the catalog. */
  readonly overridesPath?: string;
}

/** Loads and validates everything in data/ (and the overrides file) once; a bad file stops here with a message that names it. */
export function loadHelpdeskCore(options: CoreOptions = {}): HelpdeskCore {
  const base = loadCatalog();
  const catalog = options.overridesPath
    ? new Catalog(applyOverrides(base.entries, loadOverrides(options.overridesPath, base.entries)))
    : base;
  const popular = loadPopularCodes(base, catalog);
  // Families are checked against the whole catalog: a code an override hides is simply never among the matches.
  return new HelpdeskCore(catalog, new SymptomMatcher(catalog, loadLexicon(), popular), popular, new Clarifier(loadFamilies(base)));
}
