import type { AdaptiveCardJson, CardTemplates } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { buildAnswer, MAX_ESCALATED_QUESTION, type AnswerModel, type AnswerOptions } from '../core/answer-model';
import type { CommandTable, Scope } from '../core/commands';
import type { HelpdeskCore, Understanding } from '../core/helpdesk-core';
import type { Strings } from '../core/strings';
import { localeLang, type NoticeColor, type Reply } from './turn-types';

/** Rendered answer cards kept for reuse: the common codes and symptoms come back all day, in two languages. */
const ANSWER_CACHE_SIZE = 2000;

/** What an answer card depends on, besides the question its escalate button carries. */
function answerKey(understanding: Understanding, lang: Lang): string {
  const { found, matches, context } = understanding;
  return [
    lang,
    found.join(','),
    matches.map((m) => `${m.code}:${m.score}`).join(','),
    context.traceId,
    context.correlationId,
    context.timestamp,
  ].join('|');
}

/** The rendered card with the escalate button carrying this question: a copy, the cached card stays as it was. */
function withQuestion(card: AdaptiveCardJson, question: string): AdaptiveCardJson {
  const actions = card.actions as { verb?: string; data?: object }[] | undefined;
  if (!actions?.some((action) => action.verb === 'escalate')) return card;
  return {
    ...card,
    actions: actions.map((action) => (action.verb === 'escalate' ? { ...action, data: { ...action.data, q: question } } : action)),
  };
}

export interface RepliesDeps {
  readonly core: HelpdeskCore;
  readonly cards: CardTemplates;
  readonly strings: Strings;
  readonly commands: CommandTable;
}

/**
 * The cards the bot answers with: answers (cached), notices, help and welcome. Shared by the conversation rules and
 * escalation, so neither needs the other.
 */
export class Replies {
  private readonly answerCache = new Map<string, AdaptiveCardJson>();

  constructor(readonly deps: RepliesDeps) {}

  /** The answer card for a message the core understood. With a question, it can be escalated. */
  answer(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): Reply {
    return { kind: 'card', card: this.answerCard(understanding, lang, options) };
  }

  answerCard(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): AdaptiveCardJson {
    const { question } = options;
    if (options.status) return this.deps.cards.render('answer', this.answerModel(understanding, lang, options));
    // Answers without a status depend only on what was understood; the question is bound into the copy we send.
    const key = `${question === undefined ? 'plain' : 'escalable'}|${answerKey(understanding, lang ?? understanding.lang)}`;
    let card = this.answerCache.get(key);
    if (card) {
      this.answerCache.delete(key);
    } else {
      card = this.deps.cards.render('answer', this.answerModel(understanding, lang, { question: question === undefined ? undefined : '' }));
      if (this.answerCache.size >= ANSWER_CACHE_SIZE) this.answerCache.delete(this.answerCache.keys().next().value!);
    }
    this.answerCache.set(key, card);
    return question === undefined ? card : withQuestion(card, question.slice(0, MAX_ESCALATED_QUESTION));
  }

  private answerModel(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): AnswerModel {
    return buildAnswer(understanding, this.deps.core.catalog, this.deps.strings, lang ?? understanding.lang, options);
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
    return this.deps.cards.render('notice', { heading: options.heading ?? null, text, color: options.color ?? 'default' });
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
    return this.deps.commands.forScope(scope).map((command) => ({ name: command.title[lang], description: command.description[lang] }));
  }
}
