import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { CommandId } from '../core/commands';
import type { Escalation } from './escalation';
import type { HelpdeskAuthority } from './helpdesk-authority';
import type { InsightTurns } from './insight-turns';
import type { Replies } from './replies';
import { isOrigin, type CardAction, type IncomingMessage, type Reply } from './turn-types';

/** Answers a card's Universal Action with the card that replaces the clicked one. */
export type CardVerbRoute = (action: CardAction) => Promise<AdaptiveCardJson>;
/** Answers a text command; undefined lets the message be answered as a question instead. */
export type CommandRoute = (message: IncomingMessage, lang: Lang) => Promise<Reply | undefined>;

export interface RouteTargets {
  readonly replies: Replies;
  readonly escalation: Escalation;
  readonly authority: HelpdeskAuthority;
  readonly insightTurns: InsightTurns;
}

/**
 * Every `Action.Execute` verb the bot honours. A new verb is one line here (plus its strings); a verb not listed
 * (forged, or from an old card) gets the "not valid" card. A Map, so "constructor" or "__proto__" are just unknown.
 */
export function cardVerbRoutes({ escalation, authority, insightTurns }: RouteTargets): ReadonlyMap<string, CardVerbRoute> {
  return new Map<string, CardVerbRoute>([
    ['escalate', (action) => escalation.escalate(action)],
    ['ticket.assign', (action) => escalation.actOnTicket(action, 'assign')],
    ['ticket.resolve', (action) => escalation.actOnTicket(action, 'resolve')],
    ['ticket.reopen', (action) => escalation.actOnTicket(action, 'reopen')],
    ['helpdesk.approveMove', (action) => authority.decideMove(action, 'approve')],
    ['helpdesk.declineMove', (action) => authority.decideMove(action, 'decline')],
    // Universal Actions refresh of a ticket card (the assignee's own view); changes nothing.
    ['ticket.view', (action) => escalation.viewTicket(action)],
    ['feedback', (action) => insightTurns.vote(action)],
  ]);
}

/**
 * What each command of data/commands.json does. Keyed by CommandId, so a command added to the data without a route
 * here does not compile. Names, scopes, help text and the manifest's command lists come from the data file.
 */
export function commandRoutes({ replies, escalation, authority, insightTurns }: RouteTargets): Readonly<Record<CommandId, CommandRoute>> {
  return {
    help: async (message, lang) => replies.help(message.scope, lang),
    tickets: async (message, lang) => (isOrigin(message) ? escalation.listTickets(message, lang) : undefined),
    setHelpdeskChannel: async (message, lang) => (isOrigin(message) ? authority.setHelpdeskChannel(message, lang) : undefined),
    stats: async (message, lang) => insightTurns.stats(message, lang),
  };
}
