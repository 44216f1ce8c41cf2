import { createHash } from 'node:crypto';
import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { MAX_ESCALATED_QUESTION } from '../core/answer-model';
import { parseTicketLabel, ticketLabel, type TicketStore } from '../tickets/ticket-store';
import { ageOf, knownTimeZone, STATUS_STYLE, ticketCardModel, truncate, type TicketViewer } from '../tickets/ticket-view';
import type { HelpdeskChannel, Person, TicketAction } from '../tickets/types';
import { answerCardId } from './answer-card-id';
import type { Replies } from './replies';
import type { TicketCardRenderer } from './ticket-cards';
import { localeLang, type CardAction, type Origin, type Reply } from './turn-types';

/** What insights learn about tickets: openings (with the answer they came from), resolutions, reopenings. */
export interface TicketObserver {
  /** The answer id of a card action, if it is a genuine one. */
  answerId(value: unknown): string | undefined;
  ticketOpened(ticket: number, requester: Person, answer?: string): void;
  ticketResolved(ticket: number, openedAt: string): void;
  ticketReopened(ticket: number): void;
}

/** How long the requester's details may take to arrive; the channel post waits for them at most this long. */
export const REQUESTER_LOOKUP_MS = 3000;

const MAX_COMMENT = 500;
const MAX_NOTE = 500;

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
}

function viewerOf(origin: Origin): TicketViewer {
  return { id: origin.actor.id, ...(origin.timeZone && { timeZone: origin.timeZone }) };
}

/** The card a click came from; the same card always maps to the same key, whoever clicks and how often. */
function sourceKey(action: CardAction, question: string): string {
  const card =
    answerCardId(action.conversation.conversationId, action.replyToId) ??
    createHash('sha256').update(`${action.actor.id}\n${question}`).digest('hex').slice(0, 16);
  return `${action.conversation.conversationId}|${card}`;
}

function langOf(origin: Origin, requested?: unknown): Lang {
  return requested === 'zh' || requested === 'en' ? requested : localeLang(origin.locale);
}

/**
 * Escalation to the helpdesk and the helpdesk's work on tickets: who may act, what the clicked card becomes,
 * and what the outbox must tell Teams afterwards. No bot framework in here either.
 */
export class Escalation {
  constructor(
    private readonly replies: Replies,
    private readonly ticketCards: TicketCardRenderer,
    private readonly store: TicketStore,
    /** Called when messages were queued, so the outbox sends them now rather than at its next round. */
    private readonly onQueued: (ticket?: number) => void,
    /** Told when tickets open, resolve and reopen (insights); optional so tickets work without it. */
    private readonly observer?: TicketObserver,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The requester pressed "Escalate": store the ticket (once), queue its post, show where it stands. */
  async escalate(action: CardAction): Promise<AdaptiveCardJson> {
    const lang = langOf(action, field(action.data, 'lang'));
    const question = text(field(action.data, 'q'), MAX_ESCALATED_QUESTION);
    if (!question) return this.replies.refusalCard(lang, 'refused.invalid');
    const understanding = this.replies.deps.core.understand(question);
    const comment = text(field(action.data, 'comment'), MAX_COMMENT);
    const requesterCardId = answerCardId(action.conversation.conversationId, action.replyToId);
    const lookup = action.requesterUpn;
    const draft = {
      requester: action.actor,
      requesterConversation: action.conversation,
      ...(requesterCardId && { requesterCardId }),
      question,
      ...(comment && { comment }),
      codes: understanding.known.map((entry) => ({ code: entry.code, title: entry.title, meaning: entry.meaning, party: entry.party })),
      unknownCodes: understanding.unknown,
      context: understanding.context,
      lang,
      ...(knownTimeZone(action.timeZone) && { requesterTimeZone: knownTimeZone(action.timeZone) }),
      createdAt: this.now().toISOString(),
    };
    const [{ ticket, created }, channel] = await Promise.all([
      this.store.escalate(sourceKey(action, question), draft, { ...(lookup && { postAfterMs: REQUESTER_LOOKUP_MS }) }),
      this.store.getChannel(),
    ]);
    // With a look-up pending, the outbox is told once it is done (at most REQUESTER_LOOKUP_MS): one delivery round
    // instead of two. The ticket is stored already; another instance's poll may deliver it sooner, which is fine.
    if (created) this.observer?.ticketOpened(ticket.number, action.actor, this.observer.answerId(field(action.data, 'answer')));
    if (created && lookup) void this.addRequesterUpn(ticket.number, lookup);
    else if (created) this.onQueued(ticket.number);
    return this.ticketCards.requesterCard(ticket, Boolean(channel));
  }

  /** The UPN arrived (or will not): the ticket gets it, and the outbox is told (its held channel post can go). */
  private async addRequesterUpn(number: number, lookup: Promise<string | undefined>): Promise<void> {
    const upn = await lookup.catch(() => undefined);
    try {
      await this.store.addRequesterDetails(number, upn ? { upn } : {});
    } catch {
      // The store refused just now: the post still goes out when its hold ends, without the chat link.
    } finally {
      this.onQueued(number);
    }
  }

  /** An agent's click on a ticket card (assign, resolve, reopen): honoured only from the helpdesk channel. */
  async actOnTicket(action: CardAction, ticketAction: TicketAction): Promise<AdaptiveCardJson> {
    const channel = await this.store.getChannel();
    const lang = channel ? this.ticketCards.channelLang(channel) : langOf(action);
    // Only the helpdesk acts on tickets: a click from anywhere else changes nothing, whatever its data says.
    if (!channel || !this.isHelpdeskChannel(action, channel)) return this.replies.refusalCard(lang, 'refused.notHelpdesk');
    const number = parseTicketLabel(field(action.data, 'ticket'));
    if (number === undefined) return this.replies.refusalCard(lang, 'refused.invalid');
    const note = ticketAction === 'resolve' ? text(field(action.data, 'note'), MAX_NOTE) : undefined;
    const outcome = await this.store.act(number, ticketAction, action.actor, note);
    if (!outcome.ok && outcome.reason === 'not_found')
      return this.replies.refusalCard(lang, 'refused.notFound', { ticket: ticketLabel(number) });
    // Delivering the card update and the requester's notice is the outbox's job: whatever Teams answers it,
    // the agent's click has worked, and the card they get back shows the ticket as it now is, drawn for them.
    if (outcome.ok) {
      if (ticketAction === 'resolve') this.observer?.ticketResolved(number, outcome.ticket.createdAt);
      if (ticketAction === 'reopen') this.observer?.ticketReopened(number);
      this.onQueued(number);
    }
    // Not ok: the card was stale (someone else acted first), and shows the ticket as it is now.
    return this.ticketCards.ticketCard(outcome.ticket!, lang, viewerOf(action));
  }

  /** A Universal Actions refresh of a ticket card: the ticket as it is, drawn for the person looking. Changes nothing. */
  async viewTicket(action: CardAction): Promise<AdaptiveCardJson> {
    const channel = await this.store.getChannel();
    const lang = channel ? this.ticketCards.channelLang(channel) : langOf(action);
    if (!channel || !this.isHelpdeskChannel(action, channel)) return this.replies.refusalCard(lang, 'refused.notHelpdesk');
    const number = parseTicketLabel(field(action.data, 'ticket'));
    const ticket = number === undefined ? undefined : await this.store.getTicket(number);
    if (!ticket) return this.replies.refusalCard(lang, 'refused.invalid');
    return this.ticketCards.ticketCard(ticket, lang, viewerOf(action));
  }

  /** `tickets` in the helpdesk channel: the open tickets, oldest first. */
  async listTickets(origin: Origin, lang: Lang): Promise<Reply> {
    const { strings } = this.replies.deps;
    const channel = await this.store.getChannel();
    if (!channel || !this.isHelpdeskChannel(origin, channel))
      return this.replies.notice(strings.t(lang, 'tickets.notHere'), { color: 'warning' });
    const open = (await this.store.openTickets()).sort((a, b) => a.number - b.number);
    const now = this.now();
    return this.replies.card('tickets', {
      heading: strings.t(lang, 'tickets.heading', { count: open.length }),
      empty: strings.t(lang, 'tickets.empty'),
      tickets: open.slice(0, 30).map((ticket) => {
        const model = ticketCardModel(ticket, strings, lang);
        return {
          ticket: model.ticket,
          title: model.codes[0]?.title ?? truncate(ticket.question, 80),
          statusStyle: STATUS_STYLE[ticket.status],
          details: strings.t(lang, 'tickets.row', {
            status: strings.t(lang, `ticket.status.${ticket.status}`) + (ticket.assignee?.name ? ` (${ticket.assignee.name})` : ''),
            requester: ticket.requester.name ?? strings.t(lang, 'ticket.unknownRequester'),
            age: ageOf(ticket.createdAt, now, strings, lang),
          }),
        };
      }),
    });
  }

  /** Whether a message or click comes from the helpdesk channel as it is now set (statistics are shown only there). */
  async fromHelpdeskChannel(origin: Origin): Promise<boolean> {
    const channel = await this.store.getChannel();
    return Boolean(channel && this.isHelpdeskChannel(origin, channel));
  }

  /** Whether a message or click comes from the helpdesk channel (any thread in it). */
  isHelpdeskChannel(origin: Origin, channel: HelpdeskChannel): boolean {
    const conversationChannel = origin.conversation.conversationId.split(';')[0];
    return origin.teamsChannelId === channel.channelId || conversationChannel === channel.channelId;
  }
}
