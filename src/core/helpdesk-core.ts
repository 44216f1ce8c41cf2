import { Catalog } from '../catalog/catalog';
import type { CatalogEntry, Lang } from '../catalog/types';
import type { HelpdeskData } from '../schemas/helpdesk-data';
import { askForSignInCode, Clarifier, type Clarification, type CodeCue } from './clarify';
import { detectLanguage } from './detect-language';
import { findAppCodes } from './extract-app-codes';
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

  /** Indexes the catalog and builds the matcher once, from data the loader validated (overrides already merged in). */
  static fromData(data: Pick<HelpdeskData, 'catalog' | 'lexicon' | 'popularCodes' | 'families'>): HelpdeskCore {
    const catalog = new Catalog(data.catalog);
    const matcher = new SymptomMatcher(catalog, data.lexicon, data.popularCodes);
    // Families name codes of Microsoft's catalog: one an override hides is simply never among the matches.
    return new HelpdeskCore(catalog, matcher, data.popularCodes, new Clarifier(data.families));
  }

  /** `withImage`: the message carried a picture (a screenshot of the error, most likely), which the core cannot read. */
  understand(text: string, locale?: string, withImage = false): Understanding {
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
    const decided = this.clarifier.decide(reading, Boolean(context.traceId || context.correlationId));
    const [appCode] = findAppCodes(normalized);
    const cue: CodeCue | undefined = appCode ? { appCode } : withImage ? { screenshot: true } : undefined;
    const clarification = cue ? askForSignInCode(decided, reading, cue) : decided;
    return { ...base, matches: reading.matches, ...(clarification && { clarification }) };
  }
}
