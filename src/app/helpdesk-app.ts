import type { AdaptiveCardJson, CardTemplates } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { buildAnswer, type AnswerModel, type AnswerOptions } from '../core/answer-model';
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
  readonly tickets?: { readonly store: TicketStore; readonly onQueued: () => void };
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
    const lang = detectLanguage(text, message.locale);
    const command = commands.find(text);
    if (command?.id === 'help') return [this.help(message.scope, lang)];
    if (command && this.escalation && isOrigin(message)) {
      if (command.id === 'setHelpdeskChannel') return [await this.escalation.setHelpdeskChannel(message, lang)];
      if (command.id === 'tickets') return [await this.escalation.listTickets(message, lang)];
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
    const withEscalation = this.escalation ? options : { ...options, question: undefined };
    return this.deps.cards.render('answer', this.answerModel(understanding, lang, withEscalation));
  }

  answerModel(understanding: Understanding, lang?: Lang, options: AnswerOptions = {}): AnswerModel {
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
