import { createHash } from 'node:crypto';
import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { MAX_ESCALATED_QUESTION } from '../core/answer-model';
import { parseTicketLabel, ticketLabel, type TicketStore } from '../tickets/ticket-store';
import { ageOf, requesterNotice, requesterStatus, ticketCardModel, truncate } from '../tickets/ticket-view';
import type { ConversationRef, HelpdeskChannel, Person, Ticket, TicketAction } from '../tickets/types';
import type { HelpdeskApp, Reply } from './helpdesk-app';

/** Where a message or a card action came from, as the app needs it. */
export interface Origin {
  readonly actor: Person;
  readonly conversation: ConversationRef;
  /** The Teams channel id (19:…@thread.tacv2) when the conversation is a channel thread. */
  readonly teamsChannelId?: string;
  readonly teamId?: string;
  readonly locale?: string;
}

export interface CardAction extends Origin {
  readonly verb: string;
  /** The card's action data merged with its inputs: untrusted. */
  readonly data: unknown;
  /** The message that holds the card, when Teams says. */
  readonly replyToId?: string;
  /**
   * For an escalation: the requester's user principal name, being looked up (Teams' member API). It settles within
   * REQUESTER_LOOKUP_MS; the ticket is stored without waiting for it, only the channel post waits, at most that long.
   */
  readonly requesterUpn?: Promise<string | undefined>;
}

/** How long the requester's details may take to arrive; the channel post waits for them at most this long. */
export const REQUESTER_LOOKUP_MS = 3000;

const TICKET_VERBS: Record<string, TicketAction> = { 'ticket.assign': 'assign', 'ticket.resolve': 'resolve', 'ticket.reopen': 'reopen' };
const MAX_COMMENT = 500;
const MAX_NOTE = 500;

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim().slice(0, max) : undefined;
}

/** The card a click came from; the same card always maps to the same key, whoever clicks and how often. */
function sourceKey(action: CardAction, question: string): string {
  const card = action.replyToId ?? createHash('sha256').update(`${action.actor.id}\n${question}`).digest('hex').slice(0, 16);
  return `${action.conversation.conversationId}|${card}`;
}

/**
 * Escalation to the helpdesk and the helpdesk's work on tickets: which card answers which click,
 * who may act, and what the outbox must tell Teams afterwards. No bot framework in here either.
 */
export class Escalation {
  constructor(
    private readonly app: HelpdeskApp,
    private readonly store: TicketStore,
    /** Called when messages were queued, so the outbox sends them now rather than at its next round. */
    private readonly onQueued: (ticket?: number) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async onCardAction(action: CardAction): Promise<AdaptiveCardJson> {
    if (action.verb === 'escalate') return this.escalate(action);
    const ticketAction = TICKET_VERBS[action.verb];
    if (ticketAction) return this.actOnTicket(action, ticketAction);
    return this.refusal(this.langOf(action), 'refused.invalid');
  }

  /** The requester pressed "Escalate": store the ticket (once), queue its post, show where it stands. */
  private async escalate(action: CardAction): Promise<AdaptiveCardJson> {
    const lang = this.langOf(action, field(action.data, 'lang'));
    const question = text(field(action.data, 'q'), MAX_ESCALATED_QUESTION);
    if (!question) return this.refusal(lang, 'refused.invalid');
    const understanding = this.app.deps.core.understand(question);
    const comment = text(field(action.data, 'comment'), MAX_COMMENT);
    const lookup = action.requesterUpn;
    const draft = {
      requester: action.actor,
      requesterConversation: action.conversation,
      ...(action.replyToId && { requesterCardId: action.replyToId }),
      question,
      ...(comment && { comment }),
      codes: understanding.known.map((entry) => ({ code: entry.code, title: entry.title, meaning: entry.meaning, party: entry.party })),
      unknownCodes: understanding.unknown,
      context: understanding.context,
      lang,
      createdAt: this.now().toISOString(),
    };
    const [{ ticket, created }, channel] = await Promise.all([
      this.store.escalate(sourceKey(action, question), draft, { ...(lookup && { postAfterMs: REQUESTER_LOOKUP_MS }) }),
      this.store.getChannel(),
    ]);
    // With a look-up pending, the outbox is told once it is done (at most REQUESTER_LOOKUP_MS): one delivery round
    // instead of two. The ticket is stored already; another instance's poll may deliver it sooner, which is fine.
    if (created && lookup) void this.addRequesterUpn(ticket.number, lookup);
    else if (created) this.onQueued(ticket.number);
    return this.requesterCard(ticket, Boolean(channel));
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

  private async actOnTicket(action: CardAction, ticketAction: TicketAction): Promise<AdaptiveCardJson> {
    const channel = await this.store.getChannel();
    const lang = channel ? this.channelLang(channel) : this.langOf(action);
    // Only the helpdesk acts on tickets: a click from anywhere else changes nothing, whatever its data says.
    if (!channel || !this.isHelpdeskChannel(action, channel)) return this.refusal(lang, 'refused.notHelpdesk');
    const number = parseTicketLabel(field(action.data, 'ticket'));
    if (number === undefined) return this.refusal(lang, 'refused.invalid');
    const note = ticketAction === 'resolve' ? text(field(action.data, 'note'), MAX_NOTE) : undefined;
    const outcome = await this.store.act(number, ticketAction, action.actor, note);
    if (!outcome.ok && outcome.reason === 'not_found') return this.refusal(lang, 'refused.notFound', { ticket: ticketLabel(number) });
    if (!outcome.ok) {
      // The card was stale (someone else acted first): show the ticket as it is now, with what happened.
      return this.ticketCard(outcome.ticket!, lang);
    }
    this.onQueued(number);
    return this.ticketCard(outcome.ticket, lang);
  }

  /** `set helpdesk channel`, @mentioned in a team channel: that channel receives tickets from now on. */
  async setHelpdeskChannel(origin: Origin, lang: Lang): Promise<Reply> {
    const strings = this.app.deps.strings;
    if (!origin.teamsChannelId) return this.app.notice(strings.t(lang, 'channel.onlyInChannel'), { color: 'warning' });
    await this.store.setChannel({
      channelId: origin.teamsChannelId,
      serviceUrl: origin.conversation.serviceUrl,
      ...(origin.conversation.tenantId && { tenantId: origin.conversation.tenantId }),
      ...(origin.teamId && { teamId: origin.teamId }),
      setBy: origin.actor,
      setAt: this.now().toISOString(),
      lang,
    });
    this.onQueued(); // tickets that waited for a channel go out now
    return this.app.notice(strings.t(lang, 'channel.set'), { color: 'good' });
  }

  /** `tickets` in the helpdesk channel: the open tickets, oldest first. */
  async listTickets(origin: Origin, lang: Lang): Promise<Reply> {
    const strings = this.app.deps.strings;
    const channel = await this.store.getChannel();
    if (!channel || !this.isHelpdeskChannel(origin, channel))
      return this.app.notice(strings.t(lang, 'tickets.notHere'), { color: 'warning' });
    const open = (await this.store.openTickets()).sort((a, b) => a.number - b.number);
    const now = this.now();
    return this.app.card('tickets', {
      heading: strings.t(lang, 'tickets.heading', { count: open.length }),
      empty: strings.t(lang, 'tickets.empty'),
      tickets: open.slice(0, 30).map((ticket) => {
        const model = ticketCardModel(ticket, strings, lang);
        return {
          ticket: model.ticket,
          title: model.codes[0]?.title ?? truncate(ticket.question, 80),
          statusColor: model.statusColor,
          details: strings.t(lang, 'tickets.row', {
            status: strings.t(lang, `ticket.status.${ticket.status}`) + (ticket.assignee?.name ? ` (${ticket.assignee.name})` : ''),
            requester: ticket.requester.name ?? strings.t(lang, 'ticket.unknownRequester'),
            age: ageOf(ticket.createdAt, now, strings, lang),
          }),
        };
      }),
    });
  }

  /** The helpdesk channel's card for a ticket, in the helpdesk's language. */
  ticketCard(ticket: Ticket, lang: Lang): AdaptiveCardJson {
    return this.app.deps.cards.render('ticket', ticketCardModel(ticket, this.app.deps.strings, lang));
  }

  /** The requester's answer card, with where the ticket stands instead of the escalate button. */
  requesterCard(ticket: Ticket, helpdeskReady: boolean): AdaptiveCardJson {
    const status = requesterStatus(ticket, this.app.deps.strings, helpdeskReady);
    return this.app.answerCard(this.app.deps.core.understand(ticket.question), ticket.lang, { status });
  }

  requesterNoticeCard(ticket: Ticket, event: TicketAction): AdaptiveCardJson {
    const { heading, text: body } = requesterNotice(ticket, event, this.app.deps.strings);
    return this.app.noticeCard(body, { heading, color: event === 'resolve' ? 'good' : 'default' });
  }

  channelLang(channel: HelpdeskChannel): Lang {
    return channel.lang ?? 'en';
  }

  private isHelpdeskChannel(origin: Origin, channel: HelpdeskChannel): boolean {
    const conversationChannel = origin.conversation.conversationId.split(';')[0];
    return origin.teamsChannelId === channel.channelId || conversationChannel === channel.channelId;
  }

  private refusal(lang: Lang, key: string, params?: Record<string, string>): AdaptiveCardJson {
    const strings = this.app.deps.strings;
    return this.app.noticeCard(strings.t(lang, key, params), { heading: strings.t(lang, 'refused.heading'), color: 'attention' });
  }

  private langOf(origin: Origin, requested?: unknown): Lang {
    if (requested === 'zh' || requested === 'en') return requested;
    return origin.locale?.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }
}
