import { CardTemplates } from '../cards/card-templates';
import type { HelpdeskCore } from '../core/helpdesk-core';
import type { Strings } from '../core/strings';
import { loadCommandTable } from '../core/commands';
import { loadHelpdeskCore, type CoreOptions } from '../core/helpdesk-core';
import { loadStrings } from '../core/strings';
import type { SignInLookup } from '../signin/sign-in-lookup';
import type { TicketStore } from '../tickets/ticket-store';
import type { Insights } from '../insights/insights';
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

/** What insights need from the loaded data; they are built from it when the app is. */
export interface LoadedData {
  readonly core: HelpdeskCore;
  readonly cards: CardTemplates;
  readonly strings: Strings;
}

export interface AppOptions extends CoreOptions {
  /** With a sign-in lookup, questions are answered from the sign-in logs too. */
  readonly signInLookup?: SignInLookup;
  /** With insights, questions are recorded and answers carry the feedback buttons. */
  readonly insights?: (data: LoadedData) => Insights;
}

/** Loads and validates data/, cards/ and the organisation's overrides once, at start-up, and builds each part of the app once. */
export function createHelpdeskApp(tickets: TicketDeps, options: AppOptions = {}): HelpdeskApp {
  const { signInLookup, insights, ...coreOptions } = options;
  const core = loadHelpdeskCore(coreOptions);
  const cards = CardTemplates.load();
  const strings = loadStrings();
  const commands = loadCommandTable();
  const recorder = insights?.({ core, cards, strings });
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
