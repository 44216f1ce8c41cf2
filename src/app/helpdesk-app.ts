import type { AdaptiveCardJson, CardTemplates } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { CommandTable } from '../core/commands';
import { detectLanguage } from '../core/detect-language';
import type { HelpdeskCore } from '../core/helpdesk-core';
import type { Strings } from '../core/strings';
import { subjectOf } from '../signin/sign-in-lookup';
import type { Escalation } from './escalation';
import type { HelpdeskAuthority } from './helpdesk-authority';
import type { InsightTurns } from './insight-turns';
import type { Replies } from './replies';
import { cardVerbRoutes, commandRoutes, type CardVerbRoute, type CommandRoute } from './routes';
import type { SignInAnswers } from './sign-ins';
import type { TicketCardRenderer } from './ticket-cards';
import { localeLang, type CardAction, type IncomingMessage, type Reply } from './turn-types';

export interface HelpdeskAppDeps {
  readonly core: HelpdeskCore;
  readonly cards: CardTemplates;
  readonly strings: Strings;
  readonly commands: CommandTable;
  readonly replies: Replies;
  readonly ticketCards: TicketCardRenderer;
  readonly escalation: Escalation;
  readonly authority: HelpdeskAuthority;
  readonly insightTurns: InsightTurns;
  /** With sign-in logs on: codeless questions in 1:1 chat are answered from the asker's sign-in logs. */
  readonly signIns?: SignInAnswers;
}

/** One compose-box search result: enough to recognise the entry in a list. */
export interface SearchItem {
  readonly code: number;
  readonly title: string;
  readonly text: string;
}

/** Teams shows at most this many compose-box results at once. */
export const MAX_SEARCH_RESULTS = 10;

/** Card submit data of the ticket card's "Recent sign-ins" button: `{ action: 'signIns', ticket: 'HD-000123' }`. */
function parseSignInsAction(value: unknown): { ticket: unknown } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, ticket } = value as Record<string, unknown>;
  return action === 'signIns' ? { ticket } : undefined;
}

/** Card submit data for "show this entry", validated: only a catalog code and a known language get through. */
function parseShowAction(value: unknown): { code: number; lang?: Lang } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { action, code, lang } = value as Record<string, unknown>;
  const number = typeof code === 'number' ? code : typeof code === 'string' && /^\d{1,8}$/.test(code) ? Number(code) : NaN;
  if (action !== 'show' || !Number.isInteger(number)) return undefined;
  return { code: number, lang: lang === 'zh' || lang === 'en' ? lang : undefined };
}

/**
 * The conversation rules of the bot, free of any bot framework: which card answers which message or click.
 * Commands and card verbs are dispatched from the tables in routes.ts. The Teams handler calls it and sends what it returns.
 */
export class HelpdeskApp {
  readonly replies: Replies;
  private readonly cardRoutes: ReadonlyMap<string, CardVerbRoute>;
  private readonly commandRoutes: Readonly<Record<string, CommandRoute>>;

  constructor(readonly deps: HelpdeskAppDeps) {
    this.replies = deps.replies;
    this.cardRoutes = cardVerbRoutes(deps);
    this.commandRoutes = commandRoutes(deps);
  }

  async onMessage(message: IncomingMessage): Promise<Reply[]> {
    const { strings, commands, core } = this.deps;
    if (message.value !== undefined) {
      const show = parseShowAction(message.value);
      if (show && core.catalog.has(show.code)) {
        // Another entry picked from a symptom answer: not a new question, but an answer of its own to vote on.
        const lang = show.lang ?? localeLang(message.locale);
        return [this.replies.showEntry(show.code, lang, this.deps.insightTurns.followUpAnswer())];
      }
      const signIns = parseSignInsAction(message.value);
      if (signIns && this.deps.signIns) return [await this.deps.signIns.forTicket(message, signIns.ticket, localeLang(message.locale))];
      return [this.replies.notice(strings.t(localeLang(message.locale), 'error.unsupported'))];
    }
    const text = message.text.trim();
    if (!text && !message.withImage) return [this.replies.notice(strings.t(localeLang(message.locale), 'error.empty'))];
    const command = text ? commands.find(text) : undefined;
    const withArgument = command || !text ? undefined : commands.findWithArgument(text);
    if (command || withArgument) {
      const id = (command ?? withArgument!.command).id;
      const reply = await this.commandRoutes[id]!(message, detectLanguage(text, message.locale), withArgument?.argument ?? '');
      if (reply) return [reply];
    }
    const understanding = core.understand(text, message.locale, message.withImage);
    // A picture alone still makes a question the helpdesk can take (the escalation reads it again).
    const question = text || strings.t(understanding.lang, 'question.screenshot');
    // A codeless question in 1:1 chat from someone Teams identified: their sign-in logs know what happened.
    if (this.deps.signIns && message.scope === 'personal' && !understanding.found.length && subjectOf(message.actor?.aadObjectId)) {
      const record = (fromLogs?: number[]) =>
        this.deps.insightTurns.answered(message, understanding, fromLogs && { outcome: 'sign_in_logs', codes: fromLogs });
      return [await this.deps.signIns.answerFromLogs(message, understanding, question, record)];
    }
    const answerId = this.deps.insightTurns.answered(message, understanding);
    return [this.replies.answer(understanding, undefined, { question, answerId })];
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

  /** An Adaptive Card Universal Action (escalate, ticket.*, feedback): the card that replaces the clicked one. */
  async onCardAction(action: CardAction): Promise<AdaptiveCardJson> {
    const route = this.cardRoutes.get(action.verb);
    return route ? route(action) : this.replies.refusalCard(localeLang(action.locale), 'refused.invalid');
  }
}
