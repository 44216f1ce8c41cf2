import type { Catalog } from '../catalog/catalog';
import type { Lexicon } from '../catalog/load-lexicon';
import type { CatalogEntry } from '../catalog/types';
import { TextAnalyzer, type Term } from './text-analyzer';

export interface SymptomMatch {
  readonly code: number;
  readonly score: number;
}

/**
 * Ranks catalog entries for a free-text description with BM25F over each entry's keywords, title and meaning.
 * Both sides go through the same TextAnalyzer, so a Chinese description meets English keywords through shared
 * concepts (被锁 and "locked out" are both c:locked). A concept is worth more than a bare word, and a keyword
 * more than a word in the meaning. Below MIN_SCORE nothing fits and the answer is "no match".
 */
const FIELD_WEIGHTS = { keywords: 3, title: 2, meaning: 1 } as const;
const QUERY_WEIGHT: Record<string, number> = { c: 1.6, e: 1, z: 0.6 };
const K1 = 1.2;
const B = 0.6;
/** Tuned on test/fixtures and checked on bench/fixtures: the score an unrelated request stays under. */
export const MIN_SCORE = 6;
/** Alternatives are offered only when they come close to the best match. */
const ALTERNATIVE_RATIO = 0.6;

interface Posting {
  readonly doc: number;
  readonly weight: number;
}

export class SymptomMatcher {
  private readonly analyzer: TextAnalyzer;
  private readonly entries: readonly CatalogEntry[];
  private readonly postings = new Map<Term, Posting[]>();
  private readonly idf = new Map<Term, number>();
  /** Lower is more common; breaks ties between entries that describe the same failure. */
  private readonly popularity: Float64Array;

  constructor(catalog: Catalog, lexicon: Lexicon, popularCodes: readonly number[] = []) {
    this.entries = catalog.entries;
    this.analyzer = new TextAnalyzer(lexicon);
    for (const entry of this.entries) this.analyzer.learnVocabulary(documentText(entry));
    const fieldTerms = this.entries.map((entry) => this.weightedTerms(entry));
    this.analyzer.enableTypoCorrection();

    const lengths = fieldTerms.map((terms) => [...terms.values()].reduce((sum, tf) => sum + tf, 0));
    const averageLength = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length);
    const docFrequency = new Map<Term, number>();
    fieldTerms.forEach((terms) => terms.forEach((_, term) => docFrequency.set(term, (docFrequency.get(term) ?? 0) + 1)));
    const n = this.entries.length;
    for (const [term, df] of docFrequency) this.idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));

    fieldTerms.forEach((terms, doc) => {
      const norm = K1 * (1 - B + (B * lengths[doc]!) / averageLength);
      for (const [term, tf] of terms) {
        const list = this.postings.get(term) ?? [];
        list.push({ doc, weight: (this.idf.get(term)! * tf * (K1 + 1)) / (tf + norm) });
        this.postings.set(term, list);
      }
    });

    const rank = new Map(popularCodes.map((code, i) => [code, i]));
    this.popularity = Float64Array.from(this.entries, (entry) => rank.get(entry.code) ?? popularCodes.length);
  }

  /** Up to `limit` entries, best first; empty when nothing fits. */
  match(text: string, limit = 5): SymptomMatch[] {
    const scores = new Float64Array(this.entries.length);
    for (const term of new Set(this.analyzer.analyze(text))) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const weight = QUERY_WEIGHT[term[0]!] ?? 1;
      for (const posting of postings) scores[posting.doc]! += weight * posting.weight;
    }
    const ranked: number[] = [];
    scores.forEach((score, doc) => {
      if (score >= MIN_SCORE) ranked.push(doc);
    });
    ranked.sort((a, b) => scores[b]! - scores[a]! || this.popularity[a]! - this.popularity[b]! || this.entries[a]!.code - this.entries[b]!.code);
    return ranked.slice(0, limit).map((doc) => ({ code: this.entries[doc]!.code, score: Math.round(scores[doc]! * 100) / 100 }));
  }

  /** The best match and the close alternatives worth offering beside it. */
  static alternativesOf(matches: readonly SymptomMatch[], max = 2): SymptomMatch[] {
    const best = matches[0];
    if (!best) return [];
    return matches.slice(1).filter((m) => m.score >= best.score * ALTERNATIVE_RATIO).slice(0, max);
  }

  /** The analyzer's view of a text, for explaining a ranking. */
  explain(text: string): Term[] {
    return this.analyzer.analyze(text);
  }

  private weightedTerms(entry: CatalogEntry): Map<Term, number> {
    const terms = new Map<Term, number>();
    const add = (text: string, weight: number) => {
      for (const term of this.analyzer.analyze(text)) terms.set(term, (terms.get(term) ?? 0) + weight);
    };
    for (const keyword of [...entry.keywords.zh, ...entry.keywords.en]) add(keyword, FIELD_WEIGHTS.keywords);
    add(`${entry.title.zh}\n${entry.title.en}`, FIELD_WEIGHTS.title);
    add(`${entry.meaning.zh}\n${entry.meaning.en}`, FIELD_WEIGHTS.meaning);
    return terms;
  }
}

function documentText(entry: CatalogEntry): string {
  return [...entry.keywords.en, entry.title.en, entry.meaning.en].join('\n');
}
