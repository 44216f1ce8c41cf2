import { CardTemplates } from '../cards/card-templates';
import { loadCommandTable } from '../core/commands';
import { loadHelpdeskCore, type CoreOptions } from '../core/helpdesk-core';
import { loadStrings } from '../core/strings';
import type { TicketStore } from '../tickets/ticket-store';
import { Escalation } from './escalation';
import { HelpdeskApp } from './helpdesk-app';
import { HelpdeskAuthority, type AuthorityOptions } from './helpdesk-authority';
import { Replies } from './replies';
import { TicketCardRenderer } from './ticket-cards';

export interface TicketDeps {
  readonly store: TicketStore;
  /** Called when messages were queued (for that ticket; none given: any): the outbox sends them now rather than at its next round. */
  readonly onQueued: (ticket?: number) => void;
  /** Who may set or move the helpdesk channel; by default the first to ask, then with the channel's approval. */
  readonly authority?: AuthorityOptions;
}

/** Loads and validates data/, cards/ and the organisation's overrides once, at start-up, and builds each part of the app once. */
export function createHelpdeskApp(tickets: TicketDeps, options: CoreOptions = {}): HelpdeskApp {
  const core = loadHelpdeskCore(options);
  const cards = CardTemplates.load();
  const strings = loadStrings();
  const commands = loadCommandTable();
  const replies = new Replies({ core, cards, strings, commands });
  const ticketCards = new TicketCardRenderer(replies);
  const escalation = new Escalation(replies, ticketCards, tickets.store, tickets.onQueued);
  const authority = new HelpdeskAuthority(replies, tickets.store, tickets.authority ?? { admins: [], presetChannel: false }, () =>
    tickets.onQueued(),
  );
  return new HelpdeskApp({ core, cards, strings, commands, replies, ticketCards, escalation, authority });
}
