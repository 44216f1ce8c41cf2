import type { Catalog } from '../catalog/catalog';
import type { Lexicon } from '../schemas/lexicon-schema';
import type { CatalogEntry } from '../catalog/types';
import { TextAnalyzer, type Term } from './text-analyzer';

export interface SymptomMatch {
  readonly code: number;
  readonly score: number;
}

/** What the matcher read in a message besides its ranking: enough to decide whether to answer, ask, or say no match. */
export interface SymptomReading {
  readonly matches: SymptomMatch[];
  /** The message speaks of signing in or an account (a cue concept), whether or not it says what went wrong. */
  readonly aboutSignIn: boolean;
  /** The message says what went wrong (a problem concept or rare catalog words), not only where. */
  readonly namesProblem: boolean;
  /** The message carries the wording of a sign-in error page ("we couldn't sign you in", "Troubleshooting details"). */
  readonly errorPage: boolean;
}

/**
 * Ranks catalog entries for a free-text description with BM25F over each entry's keywords, title and meaning.
 * Both sides go through the same TextAnalyzer, so a Chinese description meets English keywords through shared
 * concepts (被锁 and "locked out" are both c:locked). A concept is worth more than a bare word, and a keyword
 * more than a word in the meaning.
 *
 * "No match" is decided before ranking: a message must carry evidence of a sign-in problem, i.e. a concept that
 * is not mere context (a device, an app, Outlook), words that only a few catalog keywords use (two of them, or one
 * with a sign-in cue), or a sign-in cue ("sign in", "account") with more context; and the best entry must score
 * at least MIN_SCORE (more when there is only context).
 */
const FIELD_WEIGHTS = { keywords: 3, title: 2.5, meaning: 1 } as const;
const QUERY_WEIGHT: Record<string, number> = { c: 1.6, e: 1, z: 0.6 };
const K1 = 1.2;
const B = 0.6;
/** Tuned on test/fixtures and checked on bench/fixtures: the score an unrelated request stays under. */
export const MIN_SCORE = 6;
/** Raised with CONTEXT_WEIGHT (0.6 → 0.8): "cant sign in help" must still stay under it. */
const CONTEXT_ONLY_MIN_SCORE = 10;
/** A keyword used by this many entries or fewer is specific enough to count as evidence on its own. */
const RARE_TERM_MAX_ENTRIES = 3;
/** Words shorter than this (room, 回复) are too ambiguous to count alone. */
const MIN_EVIDENCE_LENGTH = { e: 5, z: 3 } as const;
/**
 * Context (a device, Outlook, "sign in") helps rank but must not outweigh what went wrong. 0.8 and TITLE_MISS_PENALTY
 * 0.25 were chosen together on all six sets (scripts/eval-accuracy.ts): top-1 rose or held on each of them.
 */
const CONTEXT_WEIGHT = 0.8;
/** How much of its score an entry loses when the message names none of its title's concepts (locked, expired). */
const TITLE_MISS_PENALTY = 0.25;
/** The most common code gets this much more score; the last of data/popular-codes.json almost none. */
const POPULARITY_BOOST = 0.15;
/** Alternatives are offered only when they come close to the best match. */
const ALTERNATIVE_RATIO = 0.6;
/**
 * A keyword all of whose terms the message carries ("client secret expired", "租户不存在") says more than its words
 * one by one: the entry gains this much of the keyword's summed idf. Bag-of-words BM25 cannot see the phrase.
 */
const PHRASE_WEIGHT = 0.5;
/**
 * A keyword made only of context words still names a failure when it has this many English words of its own
 * ("device authentication failed"); Chinese bigrams of one word ("世纪互联") do not count.
 */
const MIN_CONTEXT_PHRASE_WORDS = 2;

/** The entries a term occurs in and its BM25 weight in each, in two typed arrays: compact, and quick to walk. */
interface Postings {
  readonly docs: Uint16Array;
  readonly weights: Float64Array;
}

/** A keyword of two or more terms, filed under its rarest term so that a message looks up only the keywords it can complete. */
interface KeywordPhrase {
  readonly doc: number;
  readonly terms: readonly Term[];
  readonly weight: number;
}

export class SymptomMatcher {
  private readonly analyzer: TextAnalyzer;
  private readonly entries: readonly CatalogEntry[];
  private readonly postings = new Map<Term, Postings>();
  private readonly idf = new Map<Term, number>();
  private readonly contextTerms: Set<Term>;
  private readonly cueTerms: ReadonlySet<Term>;
  private readonly offTopicTerms: ReadonlySet<Term>;
  private readonly errorPageTerms: ReadonlySet<Term>;
  private readonly anchorTerms: ReadonlySet<Term>;
  private readonly otherSystemTerms: ReadonlySet<Term>;
  private readonly disclaimerTerms: ReadonlySet<Term>;
  private readonly howToTerms: ReadonlySet<Term>;
  private readonly troubleTerms: ReadonlySet<Term>;
  private readonly allClearTerms: ReadonlySet<Term>;
  private readonly worksNowTerms: ReadonlySet<Term>;
  /** Cues that speak of signing in itself, as opposed to an account (an expense account, the printer's account). */
  private readonly signInCueTerms: ReadonlySet<Term>;
  private readonly phrases = new Map<Term, KeywordPhrase[]>();
  /** For an entry that copies another (aliasOf), the index of the entry it copies: they rank as one. */
  private readonly canonical: Int32Array;
  /** Terms of keywords and titles: the curated words, as opposed to those of the longer meanings. */
  private readonly curatedTerms = new Set<Term>();
  /** The problem concepts of each entry's title: what the entry is about, in a word or two. */
  private readonly titleConcepts: readonly (readonly Term[])[];
  /** Per-entry scores of the message being read, zeroed again after each call (no allocation per message). */
  private readonly scores: Float64Array;
  /** Lower is more common; breaks ties between entries that describe the same failure. */
  private readonly popularity: Float64Array;
  /** A small prior for the codes helpdesks see most: between two near-equal readings, the common one is likelier. */
  private readonly prior: Float64Array;

  constructor(catalog: Catalog, lexicon: Lexicon, popularCodes: readonly number[] = []) {
    this.entries = catalog.entries;
    this.analyzer = new TextAnalyzer(lexicon);
    this.contextTerms = new Set(lexicon.contextConcepts.map((concept) => `c:${concept}`));
    this.cueTerms = new Set(lexicon.cueConcepts.map((concept) => `c:${concept}`));
    this.offTopicTerms = new Set(lexicon.offTopicConcepts.map((concept) => `c:${concept}`));
    this.errorPageTerms = new Set(lexicon.errorPageConcepts.map((concept) => `c:${concept}`));
    this.anchorTerms = new Set(lexicon.microsoftConcepts.map((concept) => `c:${concept}`));
    this.otherSystemTerms = new Set(lexicon.otherSystemConcepts.map((concept) => `c:${concept}`));
    this.disclaimerTerms = new Set(lexicon.disclaimerConcepts.map((concept) => `c:${concept}`));
    this.howToTerms = new Set(lexicon.howToConcepts.map((concept) => `c:${concept}`));
    this.troubleTerms = new Set(lexicon.troubleConcepts.map((concept) => `c:${concept}`));
    this.allClearTerms = new Set(lexicon.allClearConcepts.map((concept) => `c:${concept}`));
    this.worksNowTerms = new Set(lexicon.worksNowConcepts.map((concept) => `c:${concept}`));
    this.signInCueTerms = new Set([...this.cueTerms].filter((term) => term !== 'c:account'));
    for (const concept of lexicon.contextConcepts) {
      for (const phrase of [...lexicon.concepts[concept]!.en, ...lexicon.concepts[concept]!.zh]) {
        for (const term of this.analyzer.analyze(phrase)) if (!term.startsWith('c:')) this.contextTerms.add(term);
      }
    }
    for (const entry of this.entries) this.analyzer.learnVocabulary(documentText(entry));
    const keywordTerms: Term[][][] = [];
    const fieldTerms = this.entries.map((entry) => this.weightedTerms(entry, (keywordTerms[keywordTerms.length] = [])));
    this.titleConcepts = this.entries.map((entry) => [
      ...new Set(
        this.analyzer
          .analyze(`${entry.title.zh}\n${entry.title.en}`)
          .filter((term) => term.startsWith('c:') && !this.contextTerms.has(term) && !this.isGateOnly(term)),
      ),
    ]);
    this.analyzer.enableTypoCorrection();

    const lengths = fieldTerms.map((terms) => [...terms.values()].reduce((sum, tf) => sum + tf, 0));
    const averageLength = lengths.reduce((sum, length) => sum + length, 0) / Math.max(1, lengths.length);
    const docFrequency = new Map<Term, number>();
    fieldTerms.forEach((terms) => terms.forEach((_, term) => docFrequency.set(term, (docFrequency.get(term) ?? 0) + 1)));
    const n = this.entries.length;
    for (const [term, df] of docFrequency) this.idf.set(term, Math.log(1 + (n - df + 0.5) / (df + 0.5)));

    const lists = new Map<Term, number[]>();
    fieldTerms.forEach((terms, doc) => {
      const norm = K1 * (1 - B + (B * lengths[doc]!) / averageLength);
      for (const [term, tf] of terms) {
        let list = lists.get(term);
        if (!list) lists.set(term, (list = []));
        list.push(doc, (this.idf.get(term)! * tf * (K1 + 1)) / (tf + norm));
      }
    });
    for (const [term, list] of lists) {
      const postings = { docs: new Uint16Array(list.length / 2), weights: new Float64Array(list.length / 2) };
      for (let i = 0; i < list.length; i += 2) {
        postings.docs[i / 2] = list[i]!;
        postings.weights[i / 2] = list[i + 1]!;
      }
      this.postings.set(term, postings);
    }

    this.indexPhrases(keywordTerms);
    this.scores = new Float64Array(this.entries.length);
    const index = new Map(this.entries.map((entry, doc) => [entry.code, doc]));
    this.canonical = Int32Array.from(this.entries, (entry, doc) => (entry.aliasOf !== undefined ? (index.get(entry.aliasOf) ?? doc) : doc));

    const rank = new Map(popularCodes.map((code, i) => [code, i]));
    this.popularity = Float64Array.from(this.entries, (entry) => rank.get(entry.code) ?? popularCodes.length);
    this.prior = Float64Array.from(this.popularity, (r) => 1 + POPULARITY_BOOST * Math.max(0, 1 - r / Math.max(1, popularCodes.length)));
  }

  /** Up to `limit` entries, best first; empty when nothing fits. */
  match(text: string, limit = 5): SymptomMatch[] {
    return this.read(text, limit).matches;
  }

  /** The ranking with what the message showed about itself: a sign-in cue, a named problem, an error page. */
  read(text: string, limit = 5): SymptomReading {
    const queryTerms = new Set(this.analyzer.analyze(text));
    const phraseHits = this.phraseHits(queryTerms);
    const gate = this.gate(queryTerms, phraseHits.size > 0);
    const reading = { aboutSignIn: gate.cue, namesProblem: gate.evidence, errorPage: gate.errorPage };
    if (gate.minScore === undefined) return { matches: [], ...reading };
    const minScore = gate.minScore;
    // Only the entries a message touches are scored further; `scores` is kept zeroed between calls.
    const scores = this.scores;
    const touched: number[] = [];
    for (const term of queryTerms) {
      const postings = this.postings.get(term);
      if (!postings) continue;
      const weight = (QUERY_WEIGHT[term[0]!] ?? 1) * (this.contextTerms.has(term) ? CONTEXT_WEIGHT : 1);
      const { docs, weights } = postings;
      for (let i = 0; i < docs.length; i++) {
        const doc = docs[i]!;
        if (scores[doc] === 0) touched.push(doc);
        scores[doc]! += weight * weights[i]!;
      }
    }
    for (const [doc, weight] of phraseHits) if (scores[doc]! > 0) scores[doc]! += PHRASE_WEIGHT * weight;
    for (const doc of touched) {
      const core = this.titleConcepts[doc]!;
      let score = scores[doc]!;
      if (core.length) {
        let named = 0;
        for (const term of core) if (queryTerms.has(term)) named++;
        score *= 1 - TITLE_MISS_PENALTY * (1 - named / core.length);
      }
      scores[doc] = score * this.prior[doc]!;
    }
    // An alias ranks as the entry it copies, with the better of the two scores.
    for (let i = 0, n = touched.length; i < n; i++) {
      const doc = touched[i]!;
      const target = this.canonical[doc]!;
      if (target === doc) continue;
      if (scores[target] === 0) touched.push(target);
      if (scores[doc]! > scores[target]!) scores[target] = scores[doc]!;
      scores[doc] = 0;
    }
    const ranked = touched.filter((doc) => scores[doc]! >= minScore);
    ranked.sort(
      (a, b) => scores[b]! - scores[a]! || this.popularity[a]! - this.popularity[b]! || this.entries[a]!.code - this.entries[b]!.code,
    );
    const matches = ranked.slice(0, limit).map((doc) => ({ code: this.entries[doc]!.code, score: Math.round(scores[doc]! * 100) / 100 }));
    for (const doc of touched) scores[doc] = 0;
    return { matches, ...reading };
  }

  /** Per entry, the weight of its best keyword whose every term the message carries. */
  private phraseHits(queryTerms: ReadonlySet<Term>): Map<number, number> {
    const best = new Map<number, number>();
    for (const term of queryTerms) {
      for (const phrase of this.phrases.get(term) ?? []) {
        if (phrase.weight <= (best.get(phrase.doc) ?? 0)) continue;
        if (phrase.terms.every((t) => queryTerms.has(t))) best.set(phrase.doc, phrase.weight);
      }
    }
    return best;
  }

  /** Files every entry's keywords of two or more terms (`keywordTerms`: each entry's keywords, analysed) under their rarest term. */
  private indexPhrases(keywordTerms: readonly (readonly Term[])[][]): void {
    keywordTerms.forEach((keywords, doc) => {
      for (const analysed of keywords) {
        const terms = [...new Set(analysed)].filter((term) => this.idf.has(term));
        if (
          terms.length < 2 ||
          (terms.every((term) => this.contextTerms.has(term)) &&
            terms.filter((term) => term.startsWith('e:')).length < MIN_CONTEXT_PHRASE_WORDS)
        )
          continue;
        const weight = terms.reduce((sum, term) => sum + this.idf.get(term)! * (this.contextTerms.has(term) ? CONTEXT_WEIGHT : 1), 0);
        const rarest = terms.reduce((a, b) => (this.postings.get(a)!.docs.length <= this.postings.get(b)!.docs.length ? a : b));
        const list = this.phrases.get(rarest) ?? [];
        list.push({ doc, terms, weight });
        this.phrases.set(rarest, list);
      }
    });
  }

  /**
   * The score an entry needs for this message (undefined when the message shows no sign-in problem at all), and what
   * the message showed: a sign-in cue, evidence of a problem, the wording of an error page.
   */
  private gate(
    queryTerms: ReadonlySet<Term>,
    phraseHit: boolean,
  ): { minScore: number | undefined; cue: boolean; evidence: boolean; errorPage: boolean } {
    // A whole catalog keyword ("找不到租户", "reply url mismatch") names a problem, whatever its words weigh one by one.
    let evidence = phraseHit;
    let anchored = false;
    let contextConcepts = 0;
    let rareWords = 0;
    let cue = false;
    let offTopic = false;
    let otherSystem = false;
    let errorPage = false;
    let signInCue = false;
    let disclaimer = false;
    let howTo = false;
    let trouble = false;
    let allClear = false;
    let worksNow = false;
    for (const term of queryTerms) {
      howTo ||= this.howToTerms.has(term);
      trouble ||= this.troubleTerms.has(term);
      allClear ||= this.allClearTerms.has(term);
      worksNow ||= this.worksNowTerms.has(term);
      signInCue ||= this.signInCueTerms.has(term);
      disclaimer ||= this.disclaimerTerms.has(term);
      offTopic ||= this.offTopicTerms.has(term);
      otherSystem ||= this.otherSystemTerms.has(term);
      errorPage ||= this.errorPageTerms.has(term);
      anchored ||= this.anchorTerms.has(term);
      if (term.startsWith('c:')) {
        if (!this.contextTerms.has(term)) evidence ||= this.postings.has(term);
        else {
          contextConcepts++;
          cue ||= this.cueTerms.has(term);
        }
      } else if (
        (this.postings.get(term)?.docs.length ?? Infinity) <= RARE_TERM_MAX_ENTRIES &&
        this.curatedTerms.has(term) &&
        this.isSpecificWord(term)
      ) {
        rareWords++;
      }
    }
    cue ||= errorPage;
    // One rare word ("install") is not a failure; two, or one said about signing in, are.
    evidence ||= rareWords >= 2 || (rareWords === 1 && cue);
    const signals = { cue, evidence, errorPage };
    if (!evidence && !(cue && contextConcepts >= 2)) return { minScore: undefined, ...signals };
    // "the guest wifi password", "审批到哪一步了", "the cost center on my account": another helpdesk topic, unless the
    // message speaks of signing in (an account alone is not enough: expense accounts, the printer's account).
    if (offTopic && !(signInCue || errorPage)) return { minScore: undefined, ...signals, cue: false };
    // "the printer's admin password", "SQL Server: Login failed for user 'sa'": another system's sign-in, unless the
    // message ties it to Microsoft's (Outlook, Teams, Entra, MFA, SSO).
    // "VPN certificate expired, nothing to do with Teams sign-in": the Microsoft words it names are disowned.
    if (otherSystem && (!anchored || disclaimer)) return { minScore: undefined, ...signals, cue: false };
    // "how do I sign out of Teams on my old phone", "怎么在新电脑上登录Teams": a question about a procedure, not a failure,
    // unless the message also says something went wrong ("how do I get past this error", "怎么办，登不上"), and not when
    // it says things work for now: "怎么转到新手机，旧手机还能用，不想到时候登不上" fears a failure, it reports none.
    if (howTo && (!trouble || worksNow)) return { minScore: undefined, ...signals };
    // "what's the link to the company portal? just asking, not broken", "只是问问，没有报错": the writer says nothing failed,
    // so the trouble words it quotes ("broken", "报错") name no failure.
    if (allClear) return { minScore: undefined, ...signals };
    // Context alone ("Teams 登不上") names no failure: answer it only when an entry fits it closely.
    return { minScore: evidence ? MIN_SCORE : CONTEXT_ONLY_MIN_SCORE, ...signals };
  }

  /** The best match and the close alternatives worth offering beside it. */
  static alternativesOf(matches: readonly SymptomMatch[], max = 2): SymptomMatch[] {
    const best = matches[0];
    if (!best) return [];
    return matches
      .slice(1)
      .filter((m) => m.score >= best.score * ALTERNATIVE_RATIO)
      .slice(0, max);
  }

  /** How-to and trouble concepts only decide whether to answer: they say nothing about which failure it is. */
  private isGateOnly(term: Term): boolean {
    return this.howToTerms.has(term) || this.troubleTerms.has(term) || this.allClearTerms.has(term) || this.worksNowTerms.has(term);
  }

  /** A rare word counts as evidence only if it is long enough and not a context word (laptop, Outlook). */
  private isSpecificWord(term: Term): boolean {
    const minLength = term.startsWith('e:') ? MIN_EVIDENCE_LENGTH.e : MIN_EVIDENCE_LENGTH.z;
    return term.length - 2 >= minLength && !this.contextTerms.has(term);
  }

  /** Each term of an entry with its field-weighted frequency; each keyword's terms go to `keywordTerms` for the phrase index. */
  private weightedTerms(entry: CatalogEntry, keywordTerms: Term[][]): Map<Term, number> {
    const terms = new Map<Term, number>();
    const add = (analysed: readonly Term[], weight: number) => {
      for (const term of analysed) {
        // An off-topic concept in an entry's text ("会议室设备登录") says nothing about the failure: it must not rank.
        if (this.offTopicTerms.has(term) || this.isGateOnly(term)) continue;
        terms.set(term, (terms.get(term) ?? 0) + weight);
        if (weight > FIELD_WEIGHTS.meaning) this.curatedTerms.add(term);
      }
    };
    for (const keyword of [...entry.keywords.zh, ...entry.keywords.en]) {
      const analysed = this.analyzer.analyze(keyword);
      keywordTerms.push(analysed);
      add(analysed, FIELD_WEIGHTS.keywords);
    }
    add(this.analyzer.analyze(`${entry.title.zh}\n${entry.title.en}`), FIELD_WEIGHTS.title);
    add(this.analyzer.analyze(`${entry.meaning.zh}\n${entry.meaning.en}`), FIELD_WEIGHTS.meaning);
    return terms;
  }
}

function documentText(entry: CatalogEntry): string {
  return [...entry.keywords.en, entry.title.en, entry.meaning.en].join('\n');
}
