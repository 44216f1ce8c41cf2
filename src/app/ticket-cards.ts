import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { TicketCards } from '../tickets/outbox-worker';
import { requesterNotice, requesterStatus, ticketCardModel, type TicketViewer } from '../tickets/ticket-view';
import type { HelpdeskChannel, Ticket, TicketAction } from '../tickets/types';
import type { Replies } from './replies';

/** The cards about a ticket, rendered from the ticket as it is: for the click that changed it and for the outbox. */
export class TicketCardRenderer implements TicketCards {
  constructor(
    private readonly replies: Replies,
    /** With sign-in logs on, ticket cards offer the requester's recent sign-ins. */
    private readonly options: { readonly signInLogs?: boolean } = {},
  ) {}

  /** The helpdesk channel's card for a ticket, in the helpdesk's language: for everyone, or drawn for one viewer. */
  ticketCard(ticket: Ticket, lang: Lang, viewer?: TicketViewer): AdaptiveCardJson {
    return this.replies.deps.cards.render('ticket', ticketCardModel(ticket, this.replies.deps.strings, lang, viewer, this.options));
  }

  /** The requester's answer card, with where the ticket stands instead of the escalate button. */
  requesterCard(ticket: Ticket, helpdeskReady: boolean): AdaptiveCardJson {
    const status = requesterStatus(ticket, this.replies.deps.strings, helpdeskReady);
    return this.replies.answerCard(this.replies.deps.core.understand(ticket.question), ticket.lang, { status });
  }

  requesterNoticeCard(ticket: Ticket, event: TicketAction): AdaptiveCardJson {
    const { heading, text } = requesterNotice(ticket, event, this.replies.deps.strings);
    return this.replies.noticeCard(text, { heading, color: event === 'resolve' ? 'good' : 'accent' });
  }

  channelLang(channel: HelpdeskChannel): Lang {
    return channel.lang ?? 'en';
  }
}
