import type { AdaptiveCardJson, CardTemplates } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { buildAnswer, MAX_ESCALATED_QUESTION, type AnswerModel, type AnswerOptions } from '../core/answer-model';
import type { CommandTable, Scope } from '../core/commands';
import { detectLanguage } from '../core/detect-language';
import type { HelpdeskCore, Understanding } from '../core/helpdesk-core';
import type { Strings } from '../core/strings';
import type { TicketStore } from '../tickets/ticket-store';
import { Escalation, type CardAction, type Origin } from './escalation';

/** What the bot sends back; the Teams handler turns each into an activity. */
export type Reply = { readonly kind: 'card'; readonly card: AdaptiveCardJson } | { readonly kind: 'text'; readonly text: string };

/** A message as the app needs it, whatever channel brought it. */
export interface IncomingMessage extends Partial<Origin> {
  readonly text: string;
  readonly locale?: string;
  readonly scope: Scope;
  /** Data of an Action.Submit button, untrusted. */
  readonly value?: unknown;
}

export interface HelpdeskAppDeps {
  readonly core: HelpdeskCore;
  readonly cards: CardTemplates;
  readonly strings: Strings;
  readonly commands: CommandTable;
  /** With a ticket store, answers carry the escalate button and the helpdesk commands work. */
  /** `onQueued(ticket)`: messages were queued for that ticket (none given: look at every pending ticket). */
  readonly tickets?: { readonly store: TicketStore; readonly onQueued: (ticket?: number) => void };
}

type NoticeColor = 'default' | 'attention' | 'good' | 'warning';

/** One compose-box search result: enough to recognise the entry in a list. */
export interface SearchItem {
  readonly code: number;
  readonly title: string;
  readonly text: string;
}

/** Teams shows at most this many compose-box results at once. */
export const MAX_SEARCH_RESULTS = 10;
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

function localeLang(locale?: string): Lang {
  return locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Card submit data for "show this entry", validated: only a catalog code and a known language get through. */
function parseShowAction(value: unknown): { code: number; lang?: Lang } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, code, lang } = value as Record<string, unknown>;
  const number = typeof code === 'number' ? code : typeof code === 'string' && /^\d{1,8}$/.test(code) ? Number(code) : NaN;
  if (action !== 'show' || !Number.isInteger(number)) return undefined;
  return { code: number, lang: lang === 'zh' || lang === 'en' ? lang : undefined };
}

function isOrigin(message: IncomingMessage): message is IncomingMessage & Origin {
  return Boolean(message.actor && message.conversation);
}

/**
 * The conversation rules of the bot, free of any bot framework: which card answers which message or click.
 * The Teams handler calls it and sends what it returns.
 */
export class HelpdeskApp {
  readonly escalation: Escalation | undefined;
  private readonly answerCache = new Map<string, AdaptiveCardJson>();

  constructor(readonly deps: HelpdeskAppDeps) {
    this.escalation = deps.tickets && new Escalation(this, deps.tickets.store, deps.tickets.onQueued);
  }

  async onMessage(message: IncomingMessage): Promise<Reply[]> {
    const { strings, commands } = this.deps;
    if (message.value !== undefined) {
      const show = parseShowAction(message.value);
      if (show && this.deps.core.catalog.has(show.code)) return [this.showEntry(show.code, show.lang ?? localeLang(message.locale))];
      return [this.notice(strings.t(localeLang(message.locale), 'error.unsupported'))];
    }
    const text = message.text.trim();
    if (!text) return [this.notice(strings.t(localeLang(message.locale), 'error.empty'))];
    const command = commands.find(text);
    if (command) {
      const lang = detectLanguage(text, message.locale);
      if (command.id === 'help') return [this.help(message.scope, lang)];
      if (this.escalation && isOrigin(message)) {
        if (command.id === 'setHelpdeskChannel') return [await this.escalation.setHelpdeskChannel(message, lang)];
        if (command.id === 'tickets') return [await this.escalation.listTickets(message, lang)];
      }
    }
    return [this.answer(this.deps.core.understand(text, message.locale), undefined, { question: text })];
  }

  /**
   * The compose-box search: codes in the query first, then codes that start with the digits typed so far,
   * then symptom matches; an empty query lists the codes helpdesks see most.
   */
  search(query: string, locale?: string): { lang: Lang; items: SearchItem[]; noneText: string } {
    const { core, strings } = this.deps;
    const text = query.trim().slice(0, 500);
    const lang = text ? detectLanguage(text, locale) : localeLang(locale);
    const codes: number[] = [];
    if (!text) codes.push(...core.popularCodes);
    else {
      const understanding = core.understand(text, locale);
      codes.push(...understanding.known.map((entry) => entry.code));
      const digits = /(?:^|aadsts\s*)(\d{2,7})$/i.exec(text)?.[1];
      if (digits) codes.push(...core.catalog.entries.map((entry) => entry.code).filter((code) => String(code).startsWith(digits)));
      codes.push(...understanding.matches.map((match) => match.code));
    }
    const items = [...new Set(codes)].slice(0, MAX_SEARCH_RESULTS).map((code) => {
      const entry = core.catalog.get(code)!;
      return { code, title: `AADSTS${code} · ${entry.title[lang]}`, text: strings.t(lang, `party.${entry.party}`) };
    });
    return { lang, items, noneText: strings.t(lang, 'search.none') };
  }

  /** An Adaptive Card Universal Action (escalate, ticket.*): the card that replaces the clicked one. */
  async onCardAction(action: CardAction): Promise<AdaptiveCardJson> {
    if (!this.escalation) return this.noticeCard(this.deps.strings.t(localeLang(action.locale), 'refused.invalid'), { color: 'attention' });
    return this.escalation.onCardAction(action);
  }

  /** The answer card for a message the core understood. With a question, it can be escalated. */
  answer(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): Reply {
    return { kind: 'card', card: this.answerCard(understanding, lang, options) };
  }

  answerCard(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): AdaptiveCardJson {
    const question = this.escalation ? options.question : undefined;
    if (options.status) return this.deps.cards.render('answer', this.answerModel(understanding, lang, { ...options, question }));
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

  card(name: string, data: object): Reply {
    return { kind: 'card', card: this.deps.cards.render(name, data) };
  }

  private commandList(scope: Scope, lang: Lang): { name: string; description: string }[] {
    return this.deps.commands.forScope(scope).map((command) => ({ name: command.title[lang], description: command.description[lang] }));
  }
}
