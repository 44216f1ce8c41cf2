import { LRUCache } from 'lru-cache';
import type { Lexicon } from '../schemas/lexicon-schema';
import { MAX_ANALYSED_CHARS } from './normalize-text';
import { closestWord } from './edit-distance';

/**
 * Turns a message or a catalog text into search terms, the same way for both so they meet:
 * - `c:<concept>`: a lexicon concept expressed in either language ("locked out", "被锁" → c:locked);
 * - `e:<stem>`: an English word, lower-cased, typo-corrected, lightly stemmed;
 * - `z:<chars>`: Chinese character bigrams (single characters standing alone).
 *
 * Chinese is not segmented into words: measured on the development, held-out and blind sets, Intl.Segmenter's words
 * added nothing over bigrams plus the lexicon's concepts, and jieba (@node-rs/jieba, full dictionary) did no better
 * (words alone: worse on four of six sets; words beside bigrams: within a row either way), while they cost 15 MB (ICU)
 * and 61 MB (jieba's dictionary) of memory. docs/BENCHMARKS.md has the figures.
 */
export type Term = string;

const HAN = /\p{Script=Han}/u;
const TOKEN = /\p{Script=Han}+|[a-z0-9]+(?:['_.-][a-z0-9]+)*/gu;
const MIN_FUZZY_LENGTH = 5;
/**
 * Names quoted inside an error ("tenant 'contoso.onmicrosoft.com' not found", an app id) do not break a phrase
 * around them: a word with a dot or an @, or a long mix of letters and digits, is left out of phrase matching.
 */
const NAME_LIKE = /[.@]|^(?=.*\d)(?=.*[a-z])[a-z0-9-]{8,}$/;
/** Words that may stand inside a phrase without changing it: "register my device" is "register device". */
const FILLERS = new Set(['my', 'the', 'a', 'an', 'your', 'our', 'this', 'that', 'his', 'her', 'their', 'its', 'me', 'him', 'them', 'us']);
/**
 * A Chinese phrase written with "…" ("应用…找不到") matches its parts in order with up to this many characters between
 * them, within one clause: spoken Chinese puts words between the ones a fixed phrase would need ("应用在目录里找不到").
 */
const MAX_ZH_GAP = 6;
/** Words that come between a noun and its state (已过期, 被禁用, 已经锁定): the pair around them is a term as well. */
const BRIDGE = /已经被|已经|已被|已|被/g;
const ZH_CLAUSE_BREAK = /[，。！？；：,.!?;:\n]/;
/** Typo corrections kept for reuse: an edit-distance search over the vocabulary is the costliest step of analysis. */
const MAX_CORRECTION_CACHE = 10_000;

/** A deliberately small stemmer: it only has to map a word and its plural/tense forms to one key, the same way on both sides. */
export function stem(word: string): string {
  if (word.endsWith("'s")) word = word.slice(0, -2); // the printer's console: the printer
  if (word.length <= 3 || !/^[a-z]+$/.test(word)) return word;
  return dropFinalE(suffixless(word));
}

function suffixless(word: string): string {
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return undouble(word.slice(0, -3));
  if (word.endsWith('ed') && word.length > 4) return word.endsWith('eed') ? word.slice(0, -1) : undouble(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** "approve" and "approved", "expire" and "expiring" meet at one key: the silent e goes (not from short words: note ≠ not). */
function dropFinalE(word: string): string {
  return word.length > 4 && word.endsWith('e') && !word.endsWith('ee') ? word.slice(0, -1) : word;
}

/** "resetting", "stopped": the doubled consonant of a short stem goes with the suffix (not "ll", "ss", "zz": "called", "missed"). */
function undouble(base: string): string {
  const last = base[base.length - 1]!;
  return base.length >= 4 && last === base[base.length - 2] && /[bdgmnprt]/.test(last) ? base.slice(0, -1) : base;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

interface Phrase {
  readonly parts: readonly string[];
  readonly concept: string;
}

export class TextAnalyzer {
  private readonly variantPattern: RegExp | undefined;
  private readonly ignorePattern: RegExp | undefined;
  private readonly variants: ReadonlyMap<string, string>;
  private readonly typos: ReadonlyMap<string, readonly string[]>;
  private readonly stopStems: ReadonlySet<string>;
  private readonly plainStems: ReadonlySet<string>;
  private readonly zhStopPattern: RegExp | undefined;
  /** English phrases by their first stem; Chinese phrases by their first character. */
  private readonly enPhrases = new Map<string, Phrase[]>();
  private readonly zhPhrases = new Map<string, Phrase[]>();
  private readonly vocabulary = new Set<string>();
  private readonly corrections = new LRUCache<string, string>({ max: MAX_CORRECTION_CACHE });
  private fuzzy = false;

  constructor(lexicon: Lexicon) {
    this.variants = new Map(Object.entries(lexicon.variants));
    const variantKeys = [...this.variants.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.variantPattern = variantKeys.length ? new RegExp(variantKeys.join('|'), 'g') : undefined;
    const ignored = lexicon.ignore
      .map((phrase) => this.normalize(phrase))
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    this.ignorePattern = ignored.length ? new RegExp(ignored.join('|'), 'g') : undefined;
    this.typos = new Map(Object.entries(lexicon.typos).map(([from, to]) => [from, to.toLowerCase().split(/\s+/)]));
    this.stopStems = new Set(lexicon.stopwords.en.map((word) => stem(word.toLowerCase())));
    this.plainStems = new Set(lexicon.plainWords.map(stem));
    const zhStops = [...lexicon.stopwords.zh].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.zhStopPattern = zhStops.length ? new RegExp(zhStops.join('|'), 'g') : undefined;

    for (const [concept, phrases] of Object.entries(lexicon.concepts)) {
      for (const phrase of [...phrases.en, ...phrases.zh]) this.addPhrase(phrase, concept);
    }
  }

  /** Words the fuzzy typo correction may correct to; call with the catalog's texts, then `enableTypoCorrection`. */
  learnVocabulary(text: string): void {
    for (const word of this.englishWords(this.normalize(text))) if (word.length >= MIN_FUZZY_LENGTH) this.vocabulary.add(word);
  }

  enableTypoCorrection(): void {
    this.fuzzy = true;
  }

  analyze(text: string): Term[] {
    const normalized = this.ignorePattern ? this.normalize(text).replace(this.ignorePattern, ' ') : this.normalize(text);
    const terms: Term[] = [];
    const words: string[] = [];
    for (const match of normalized.matchAll(TOKEN)) {
      const token = match[0];
      if (HAN.test(token[0]!)) {
        words.push('|');
        this.addChineseTerms(token, terms);
      } else {
        for (const word of this.expandWord(token)) {
          const stemmed = stem(this.correct(word));
          if (!FILLERS.has(word) && !NAME_LIKE.test(word)) words.push(stemmed);
          if (stemmed.length >= 2 && !this.stopStems.has(stemmed) && !/^\d+$/.test(stemmed)) terms.push(`e:${stemmed}`);
        }
      }
    }
    this.addEnglishConcepts(words, terms);
    this.addChineseConcepts(normalized.replace(/\s+/g, ''), terms);
    return terms;
  }

  private normalize(text: string): string {
    const lower = text.slice(0, MAX_ANALYSED_CHARS).normalize('NFKC').toLowerCase().replace(/[’`]/g, "'");
    return this.variantPattern ? lower.replace(this.variantPattern, (found) => this.variants.get(found) ?? found) : lower;
  }

  private expandWord(token: string): readonly string[] {
    return this.typos.get(token) ?? [token];
  }

  private *englishWords(normalized: string): Generator<string> {
    for (const match of normalized.matchAll(TOKEN)) {
      if (!HAN.test(match[0][0]!)) for (const word of this.expandWord(match[0])) yield stem(word);
    }
  }

  private correct(word: string): string {
    if (!this.fuzzy || word.length < MIN_FUZZY_LENGTH || !/^[a-z]+$/.test(word)) return word;
    const stemmed = stem(word);
    if (this.vocabulary.has(stemmed) || this.stopStems.has(stemmed) || this.enPhrases.has(stemmed) || this.plainStems.has(stemmed))
      return word;
    let corrected = this.corrections.get(word);
    if (corrected === undefined) {
      corrected = closestWord(stemmed, this.vocabulary, stemmed.length >= 8 ? 2 : 1) ?? word;
      this.corrections.set(word, corrected);
    }
    return corrected;
  }

  private addPhrase(raw: string, concept: string): void {
    const normalized = this.normalize(raw).trim();
    if (HAN.test(normalized)) {
      const parts = normalized.replace(/\s+/g, '').split('...').filter(Boolean); // NFKC made "…" three dots
      const compact = parts[0]!;
      const list = this.zhPhrases.get(compact[0]!) ?? [];
      list.push({ parts, concept });
      this.zhPhrases.set(compact[0]!, list);
    } else {
      const words = [...this.englishWords(normalized)];
      const content = words.filter((part) => !FILLERS.has(part));
      // "rejected the" must not shrink to "rejected": a phrase keeps its fillers unless two words remain without them.
      const parts = content.length >= 2 || content.length === words.length ? content : words;
      if (!parts.length) return;
      const list = this.enPhrases.get(parts[0]!) ?? [];
      list.push({ parts, concept });
      this.enPhrases.set(parts[0]!, list);
    }
  }

  private addEnglishConcepts(words: readonly string[], terms: Term[]): void {
    const seen = new Set<string>();
    words.forEach((word, i) => {
      for (const phrase of this.enPhrases.get(word) ?? []) {
        if (seen.has(phrase.concept)) continue;
        if (phrase.parts.every((part, k) => words[i + k] === part)) {
          seen.add(phrase.concept);
          terms.push(`c:${phrase.concept}`);
        }
      }
    });
  }

  private addChineseConcepts(compact: string, terms: Term[]): void {
    if (!HAN.test(compact)) return;
    const seen = new Set<string>();
    for (let i = 0; i < compact.length; i++) {
      for (const phrase of this.zhPhrases.get(compact[i]!) ?? []) {
        if (!seen.has(phrase.concept) && compact.startsWith(phrase.parts[0]!, i) && followsInClause(compact, i, phrase.parts)) {
          seen.add(phrase.concept);
          terms.push(`c:${phrase.concept}`);
        }
      }
    }
  }

  private addChineseTerms(run: string, terms: Term[]): void {
    const pieces = this.zhStopPattern ? run.replace(this.zhStopPattern, '|').split('|') : [run];
    for (const piece of pieces) {
      if (piece.length === 1) terms.push(`z:${piece}`);
      for (let i = 0; i + 1 < piece.length; i++) terms.push(`z:${piece.slice(i, i + 2)}`);
      // "代码已过期", "账户已被禁用": the 已 (already), 被 between a noun and its state leave the pair they make ("码过").
      for (const match of piece.matchAll(BRIDGE)) {
        const before = piece[match.index - 1];
        const after = piece[match.index + match[0].length];
        if (before && after) terms.push(`z:${before}${after}`);
      }
    }
  }
}

/** Whether the parts after the first follow it in order, each within MAX_ZH_GAP characters and the same clause. */
function followsInClause(text: string, start: number, parts: readonly string[]): boolean {
  let end = start + parts[0]!.length;
  for (const part of parts.slice(1)) {
    const window = text.slice(end, end + MAX_ZH_GAP + part.length);
    const at = window.indexOf(part);
    if (at < 0 || ZH_CLAUSE_BREAK.test(window.slice(0, at))) return false;
    end += at + part.length;
  }
  return true;
}
