import { LRUCache } from 'lru-cache';
import type { AdaptiveCardJson, CardTemplates } from '../cards/card-templates';
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
    clarification ? `${clarification.kind}:${clarification.codes.join(',')}` : '',
    found.join(','),
    matches.map((m) => `${m.code}:${m.score}`).join(','),
    context.traceId,
    context.correlationId,
    context.timestamp,
  ].join('|');
}

/** The actions that carry the question as asked: escalating it, and answering it with the entry the person chose. */
const CARRY_QUESTION = new Set(['escalate', 'answer.choose']);

/** The rendered card with its escalate and choice buttons carrying this question: a copy, the cached card stays as it was. */
function withQuestion(card: AdaptiveCardJson, question: string): AdaptiveCardJson {
  const actions = card.actions as { verb?: string; data?: object }[] | undefined;
  if (!actions?.some((action) => CARRY_QUESTION.has(action.verb ?? ''))) return card;
  return {
    ...card,
    actions: actions.map((action) =>
      CARRY_QUESTION.has(action.verb ?? '') ? { ...action, data: { ...action.data, q: question } } : action,
    ),
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
}

/**
 * The cards the bot answers with: answers (cached), notices, help and welcome. Shared by the conversation rules and
 * escalation, so neither needs the other.
 */
export class Replies {
  private readonly answerCache = new LRUCache<string, AdaptiveCardJson>({ max: ANSWER_CACHE_SIZE });

  constructor(readonly deps: RepliesDeps) {}

  /** The answer card for a message the core understood. With a question, it can be escalated. */
  answer(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): Reply {
    return { kind: 'card', card: this.answerCard(understanding, lang, options) };
  }

  answerCard(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): AdaptiveCardJson {
    const { question } = options;
    if (options.status || options.banner) return this.deps.cards.render('answer', this.answerModel(understanding, lang, options));
    // Answers without a status depend only on what was understood; the question is bound into the copy we send.
    const key = `${question === undefined ? 'plain' : 'escalable'}|${answerKey(understanding, lang ?? understanding.lang)}`;
    let card = this.answerCache.get(key);
    if (!card) {
      card = this.deps.cards.render('answer', this.answerModel(understanding, lang, { question: question === undefined ? undefined : '' }));
      this.answerCache.set(key, card);
    }
    return question === undefined ? card : withQuestion(card, question.slice(0, MAX_ESCALATED_QUESTION));
  }

  private answerModel(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): AnswerModel {
    return buildAnswer(understanding, this.deps.core.catalog, this.deps.strings, lang ?? understanding.lang, options);
  }

  /**
   * The card that replaces a "which one do you see?" card when one of its entries is pressed: that entry in full,
   * escalable with the question as first asked. A code not in the catalog (a forged card) gets the "not valid" card.
   */
  chosenEntry(data: unknown, locale?: string): AdaptiveCardJson {
    const choice = parseChoice(data);
    const lang = choice?.lang ?? localeLang(locale);
    if (!choice || !this.deps.core.catalog.has(choice.code)) return this.refusalCard(lang, 'refused.invalid');
    return this.answerCard(this.understandCode(choice.code, lang), lang, { question: choice.question ?? `AADSTS${choice.code}` });
  }

  /** One catalog entry as a full answer, as if the user had sent its code. */
  showEntry(code: number, lang: Lang): Reply {
    return this.answer(this.understandCode(code, lang), lang, { question: `AADSTS${code}` });
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
