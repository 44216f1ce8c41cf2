import { CardTemplates } from '../cards/card-templates';
import { CommandTable } from '../core/commands';
import { HelpdeskCore } from '../core/helpdesk-core';
import { Strings } from '../core/strings';
import type { Insights } from '../insights/insights';
import type { HelpdeskData } from '../schemas/helpdesk-data';
import type { SignInLookup } from '../signin/sign-in-lookup';
import type { TicketStore } from '../tickets/ticket-store';
import { Escalation } from './escalation';
import { HelpdeskApp } from './helpdesk-app';
import { HelpdeskAuthority, type AuthorityOptions } from './helpdesk-authority';
import { InsightTurns } from './insight-turns';
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

/** The parts of the app insights are built from, once the data is compiled. */
export interface AppParts {
  readonly data: HelpdeskData;
  readonly core: HelpdeskCore;
  readonly cards: CardTemplates;
  readonly strings: Strings;
}

export interface AppOptions {
  /** With a sign-in lookup, questions are answered from the sign-in logs too. */
  readonly signInLookup?: SignInLookup;
  /** With insights, questions are recorded and answers carry the feedback buttons. */
  readonly insights?: (parts: AppParts) => Insights;
}

/**
 * Builds each part of the app once, at start-up, from the data the loader validated (the organisation's overrides
 * already merged in).
 */
export function createHelpdeskApp(data: HelpdeskData, tickets: TicketDeps, options: AppOptions = {}): HelpdeskApp {
  const { signInLookup } = options;
  const core = HelpdeskCore.fromData(data);
  const cards = CardTemplates.compile(data.cardTemplates);
  const strings = new Strings(data.strings);
  const commands = new CommandTable(data.commands);
  const recorder = options.insights?.({ data, core, cards, strings });
  const features = new Set(signInLookup ? (['signInLogs'] as const) : []);
  const replies = new Replies({ core, cards, strings, commands, features, feedback: Boolean(recorder) });
  const ticketCards = new TicketCardRenderer(replies, { signInLogs: Boolean(signInLookup) });
  const escalation = new Escalation(replies, ticketCards, tickets.store, tickets.onQueued, recorder);
  const authority = new HelpdeskAuthority(replies, tickets.store, tickets.authority ?? { admins: [], presetChannel: false }, () =>
    tickets.onQueued(),
  );
  const insightTurns = new InsightTurns(replies, escalation, recorder);
  const signIns = signInLookup && new SignInAnswers(replies, escalation, tickets.store, signInLookup);
  return new HelpdeskApp({
    core,
    cards,
    strings,
    commands,
    replies,
    ticketCards,
    escalation,
    authority,
    insightTurns,
    ...(signIns && { signIns }),
  });
}
