import { CardTemplates } from '../cards/card-templates';
import { CommandTable } from '../core/commands';
import { HelpdeskCore } from '../core/helpdesk-core';
import { Strings } from '../core/strings';
import type { HelpdeskData } from '../schemas/helpdesk-data';
import type { SignInLookup } from '../signin/sign-in-lookup';
import type { TicketStore } from '../tickets/ticket-store';
import { Escalation } from './escalation';
import { HelpdeskApp } from './helpdesk-app';
import { HelpdeskAuthority, type AuthorityOptions } from './helpdesk-authority';
import { Replies } from './replies';
import { SignInAnswers } from './sign-ins';
import { TicketCardRenderer } from './ticket-cards';

export interface TicketDeps {
  readonly store: TicketStore;
  /** Called when messages were queued (for that ticket; none given: any): the outbox sends them now rather than at its next round. */
  readonly onQueued: (ticket?: number) => void;
  /** Who may set or move the helpdesk channel; by default the first to ask, then with the channel's approval. */
  readonly authority?: AuthorityOptions;
}

/**
 * Builds each part of the app once, at start-up, from the data the loader validated (the organisation's overrides
 * already merged in). With a sign-in lookup, questions are answered from the sign-in logs too.
 */
export function createHelpdeskApp(
  data: HelpdeskData,
  tickets: TicketDeps,
  options: { readonly signInLookup?: SignInLookup } = {},
): HelpdeskApp {
  const { signInLookup } = options;
  const core = HelpdeskCore.fromData(data);
  const cards = CardTemplates.compile(data.cardTemplates);
  const strings = new Strings(data.strings);
  const commands = new CommandTable(data.commands);
  const features = new Set(signInLookup ? (['signInLogs'] as const) : []);
  const replies = new Replies({ core, cards, strings, commands, features });
  const ticketCards = new TicketCardRenderer(replies, { signInLogs: Boolean(signInLookup) });
  const escalation = new Escalation(replies, ticketCards, tickets.store, tickets.onQueued);
  const authority = new HelpdeskAuthority(replies, tickets.store, tickets.authority ?? { admins: [], presetChannel: false }, () =>
    tickets.onQueued(),
  );
  const signIns = signInLookup && new SignInAnswers(replies, escalation, tickets.store, signInLookup);
  return new HelpdeskApp({ core, cards, strings, commands, replies, ticketCards, escalation, authority, ...(signIns && { signIns }) });
}
