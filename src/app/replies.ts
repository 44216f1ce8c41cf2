import { LRUCache } from 'lru-cache';
import { MAX_CARD_BYTES, type AdaptiveCardJson, type CardTemplates } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { buildAnswer, MAX_ESCALATED_QUESTION, type AnswerModel, type AnswerOptions } from '../core/answer-model';
import type { CommandTable, Feature, Scope } from '../core/commands';
import type { HelpdeskCore, Understanding } from '../core/helpdesk-core';
import type { Strings } from '../core/strings';
import { localeLang, type NoticeColor, type Reply } from './turn-types';

/** Rendered answer cards kept for reuse: the common codes and symptoms come back all day, in two languages. */
const ANSWER_CACHE_SIZE = 2000;

/** What an answer card depends on, besides the question its escalate button carries. */
function answerKey(understanding: Understanding, lang: Lang): string {
  const { found, matches, context, clarification } = understanding;
  return [
    lang,
    // All of it: the kind, the codes, and why (an error page, a vague complaint and an app code read differently).
    clarification ? JSON.stringify(clarification) : '',
    found.join(','),
    matches.map((m) => `${m.code}:${m.score}`).join(','),
    context.traceId,
    context.correlationId,
    context.timestamp,
  ].join('|');
}

/** A rendered answer card and its size, kept for reuse. */
interface CachedAnswer {
  readonly card: AdaptiveCardJson;
  readonly bytes: number;
}

/** What a sent answer card may weigh with the question bound into it; Teams refuses messages over ~28 KB. */
const MAX_SENT_ANSWER_BYTES = MAX_CARD_BYTES;

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/**
 * The question as the feedback buttons carry it: the whole of it, unless its copies (escalate, choices, both votes)
 * would push the card over Teams' limit; then the votes carry what fits, and a vote re-renders from that.
 */
function questionForVotes(question: string, cardBytes: number, fullCopies: number, votes: number): string {
  const questionBytes = jsonBytes(question);
  if (cardBytes + (fullCopies + votes) * questionBytes <= MAX_SENT_ANSWER_BYTES) return question;
  const budget = Math.floor((MAX_SENT_ANSWER_BYTES - cardBytes - fullCopies * questionBytes) / votes);
  let cut = question.slice(0, Math.max(0, budget));
  while (cut && jsonBytes(cut) > budget) cut = cut.slice(0, Math.floor(cut.length * 0.9));
  return cut;
}

/** The actions that carry the question as asked: escalating it, voting on its answer, and choosing an entry for it. */
const CARRY_QUESTION = new Set(['escalate', 'feedback', 'answer.choose']);

/**
 * The rendered card with this message's values bound into its buttons: the question (escalate, feedback, choices)
 * and the answer id (feedback, escalate). A copy: the cached card stays as it was.
 */
function bindAnswer({ card, bytes }: CachedAnswer, question: string, answerId?: string): AdaptiveCardJson {
  const actions = card.actions as { verb?: string; data?: object }[] | undefined;
  if (!actions?.some((action) => CARRY_QUESTION.has(action.verb ?? ''))) return card;
  const id = answerId ? { answer: answerId } : {};
  const votes = actions.filter((action) => action.verb === 'feedback').length;
  const voteQuestion = votes
    ? questionForVotes(question, bytes, actions.filter((a) => CARRY_QUESTION.has(a.verb ?? '')).length - votes, votes)
    : question;
  return {
    ...card,
    actions: actions.map((action) => {
      if (action.verb === 'escalate') return { ...action, data: { ...action.data, q: question, ...id } };
      if (action.verb === 'feedback') return { ...action, data: { ...action.data, q: voteQuestion, ...id } };
      if (action.verb === 'answer.choose') return { ...action, data: { ...action.data, q: question } };
      return action;
    }),
  };
}

/** Data of an "I see AADSTSxxxxx" button, untrusted: a code of up to 8 digits, a known language, the question as a string. */
export function parseChoice(data: unknown): { code: number; lang?: Lang; question?: string } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { code, lang, q } = data as Record<string, unknown>;
  const number = typeof code === 'number' ? code : typeof code === 'string' && /^\d{1,8}$/.test(code) ? Number(code) : NaN;
  if (!Number.isInteger(number)) return undefined;
  return {
    code: number,
    ...((lang === 'zh' || lang === 'en') && { lang }),
    ...(typeof q === 'string' && q.trim() && { question: q.slice(0, MAX_ESCALATED_QUESTION) }),
  };
}

export interface RepliesDeps {
  readonly core: HelpdeskCore;
  readonly cards: CardTemplates;
  readonly strings: Strings;
  readonly commands: CommandTable;
  /** Optional features that are on: the help card lists their commands. */
  readonly features?: ReadonlySet<Feature>;
  /** Answers that can be escalated also ask "did this solve it?" (insights on). */
  readonly feedback?: boolean;
}

/**
 * The cards the bot answers with: answers (cached), notices, help and welcome. Shared by the conversation rules and
 * escalation, so neither needs the other.
 */
export class Replies {
  private readonly answerCache = new LRUCache<string, CachedAnswer>({ max: ANSWER_CACHE_SIZE });

  constructor(readonly deps: RepliesDeps) {}

  /** The answer card for a message the core understood. With a question, it can be escalated. */
  answer(understanding: Understanding, lang?: Lang, options: AnswerOptions & { answerId?: string } = {}): Reply {
    return { kind: 'card', card: this.answerCard(understanding, lang, options) };
  }

  /**
   * The answer card. With a question it can be escalated (and voted on, with feedback on); `answerId` is bound into
   * its buttons. Cards without a status or a vote depend only on what was understood, and are reused.
   */
  answerCard(understanding: Understanding, lang?: Lang, options: AnswerOptions & { answerId?: string } = {}): AdaptiveCardJson {
    const { question, status, banner, answerId } = options;
    const feedback = options.feedback ?? this.deps.feedback ?? false;
    if (status) return this.deps.cards.render('answer', this.answerModel(understanding, lang, { question, status }));
    const q = question?.slice(0, MAX_ESCALATED_QUESTION);
    if (typeof feedback === 'object' || banner) {
      // After a vote, or with a banner: rendered for this card alone, the question bound as for any other.
      const model = this.answerModel(understanding, lang, {
        question: q === undefined ? undefined : '',
        feedback,
        ...(banner && { banner }),
      });
      const card = this.deps.cards.render('answer', model);
      return q === undefined ? card : bindAnswer({ card, bytes: jsonBytes(card) }, q, answerId);
    }
    const key = `${q === undefined ? 'plain' : 'escalable'}|${answerKey(understanding, lang ?? understanding.lang)}`;
    let cached = this.answerCache.get(key);
    if (!cached) {
      const card = this.deps.cards.render(
        'answer',
        this.answerModel(understanding, lang, { question: q === undefined ? undefined : '', feedback }),
      );
      cached = { card, bytes: jsonBytes(card) };
      this.answerCache.set(key, cached);
    }
    return q === undefined ? cached.card : bindAnswer(cached, q, answerId);
  }

  private answerModel(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): AnswerModel {
    return buildAnswer(understanding, this.deps.core.catalog, this.deps.strings, lang ?? understanding.lang, options);
  }

  /**
   * The card that replaces a "which one do you see?" card when one of its entries is pressed: that entry in full,
   * escalable with the question as first asked. A code not in the catalog (a forged card) gets the "not valid" card.
   */
  chosenEntry(data: unknown, locale?: string, answerId?: string): AdaptiveCardJson {
    const choice = parseChoice(data);
    const lang = choice?.lang ?? localeLang(locale);
    if (!choice || !this.deps.core.catalog.has(choice.code)) return this.refusalCard(lang, 'refused.invalid');
    return this.answerCard(this.understandCode(choice.code, lang), lang, {
      question: choice.question ?? `AADSTS${choice.code}`,
      answerId,
    });
  }

  /** One catalog entry as a full answer, as if the user had sent its code. */
  showEntry(code: number, lang: Lang, answerId?: string): Reply {
    return this.answer(this.understandCode(code, lang), lang, { question: `AADSTS${code}`, answerId });
  }

  understandCode(code: number, lang: Lang): Understanding {
    const entry = this.deps.core.catalog.get(code)!;
    return { lang, found: [code], known: [entry], unknown: [], context: {}, matches: [] };
  }

  help(scope: Scope, lang: Lang): Reply {
    const { strings } = this.deps;
    return this.card('help', {
      heading: strings.t(lang, 'help.heading'),
      intro: strings.t(lang, 'help.intro'),
      commandsHeading: strings.t(lang, 'help.commands'),
      commands: this.commandList(scope, lang),
    });
  }

  welcome(scope: Scope, locale?: string): Reply {
    const { strings } = this.deps;
    const lang = localeLang(locale);
    return this.card('welcome', {
      heading: strings.t(lang, 'welcome.heading'),
      body: strings.t(lang, 'welcome.body'),
      channelHint: scope === 'personal' ? null : strings.t(lang, 'welcome.channel'),
      tryIt: strings.t(lang, 'welcome.try'),
      commands: this.commandList(scope, lang),
    });
  }

  /** A short message with no actions: an apology, a refusal, a confirmation. */
  notice(text: string, options: { heading?: string; color?: NoticeColor } = {}): Reply {
    return { kind: 'card', card: this.noticeCard(text, options) };
  }

  noticeCard(text: string, options: { heading?: string; color?: NoticeColor } = {}): AdaptiveCardJson {
    const summary = options.heading ? `${options.heading}: ${text}` : text;
    return this.deps.cards.render('notice', {
      heading: options.heading ?? null,
      text,
      color: options.color ?? 'default',
      summary: summary.length > 120 ? `${summary.slice(0, 119)}…` : summary,
    });
  }

  /** The "you cannot do that" card: a forged, stale or misplaced action. */
  refusalCard(lang: Lang, key: string, params?: Record<string, string>): AdaptiveCardJson {
    const { strings } = this.deps;
    return this.noticeCard(strings.t(lang, key, params), { heading: strings.t(lang, 'refused.heading'), color: 'attention' });
  }

  card(name: string, data: object): Reply {
    return { kind: 'card', card: this.deps.cards.render(name, data) };
  }

  private commandList(scope: Scope, lang: Lang): { name: string; description: string }[] {
    return this.deps.commands
      .forScope(scope, this.deps.features ?? new Set())
      .map((command) => ({ name: command.title[lang], description: command.description[lang] }));
  }
}
