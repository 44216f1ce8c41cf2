import { CardTemplates } from '../cards/card-templates';
import { CommandTable } from '../core/commands';
import { HelpdeskCore } from '../core/helpdesk-core';
import { Strings } from '../core/strings';
import type { HelpdeskData } from '../schemas/helpdesk-data';
import type { TicketStore } from '../tickets/ticket-store';
import { Escalation } from './escalation';
import { HelpdeskApp } from './helpdesk-app';
import { HelpdeskAuthority, type AuthorityOptions } from './helpdesk-authority';
import { Replies } from './replies';
import { TicketCardRenderer } from './ticket-cards';

export interface TicketDeps {
  readonly store: TicketStore;
  /** Called when a ticket queued messages: the outbox sends them now rather than at its next round. */
  readonly onQueued: () => void;
  /** Who may set or move the helpdesk channel; by default the first to ask, then with the channel's approval. */
  readonly authority?: AuthorityOptions;
}

/** Builds each part of the app once, at start-up, from the data the loader validated. */
export function createHelpdeskApp(data: HelpdeskData, tickets: TicketDeps): HelpdeskApp {
  const core = HelpdeskCore.fromData(data);
  const cards = CardTemplates.compile(data.cardTemplates);
  const strings = new Strings(data.strings);
  const commands = new CommandTable(data.commands);
  const replies = new Replies({ core, cards, strings, commands });
  const ticketCards = new TicketCardRenderer(replies);
  const escalation = new Escalation(replies, ticketCards, tickets.store, tickets.onQueued);
  const authority = new HelpdeskAuthority(
    replies,
    tickets.store,
    tickets.authority ?? { admins: [], presetChannel: false },
    tickets.onQueued,
  );
  return new HelpdeskApp({ core, cards, strings, commands, replies, ticketCards, escalation, authority });
}
