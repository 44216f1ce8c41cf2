import { CardTemplates } from '../cards/card-templates';
import { loadCommandTable } from '../core/commands';
import { loadHelpdeskCore } from '../core/helpdesk-core';
import { loadStrings } from '../core/strings';
import type { TicketStore } from '../tickets/ticket-store';
import { Escalation } from './escalation';
import { HelpdeskApp } from './helpdesk-app';
import { Replies } from './replies';
import { TicketCardRenderer } from './ticket-cards';

export interface TicketDeps {
  readonly store: TicketStore;
  /** Called when a ticket queued messages: the outbox sends them now rather than at its next round. */
  readonly onQueued: () => void;
}

/** Loads and validates data/ and cards/ once, at start-up, and builds each part of the app once. */
export function createHelpdeskApp(tickets: TicketDeps): HelpdeskApp {
  const core = loadHelpdeskCore();
  const cards = CardTemplates.load();
  const strings = loadStrings();
  const commands = loadCommandTable();
  const replies = new Replies({ core, cards, strings, commands });
  const ticketCards = new TicketCardRenderer(replies);
  const escalation = new Escalation(replies, ticketCards, tickets.store, tickets.onQueued);
  return new HelpdeskApp({ core, cards, strings, commands, replies, ticketCards, escalation });
}
