import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { CommandId } from '../core/commands';
import { parseSubject } from '../signin/sign-in-lookup';
import type { Escalation } from './escalation';
import type { HelpdeskAuthority } from './helpdesk-authority';
import type { InsightTurns } from './insight-turns';
import type { Replies } from './replies';
import type { SignInAnswers } from './sign-ins';
import { isOrigin, type CardAction, type IncomingMessage, type Reply } from './turn-types';

/** Answers a card's Universal Action with the card that replaces the clicked one. */
export type CardVerbRoute = (action: CardAction) => Promise<AdaptiveCardJson>;
/**
 * Answers a text command; undefined lets the message be answered as a question instead.
 * `argument` is what followed the name of a command that takes one (`sign-ins bob@contoso.com`), else ''.
 */
export type CommandRoute = (message: IncomingMessage, lang: Lang, argument: string) => Promise<Reply | undefined>;

export interface RouteTargets {
  readonly replies: Replies;
  readonly escalation: Escalation;
  readonly authority: HelpdeskAuthority;
  readonly insightTurns: InsightTurns;
  /** Present when the sign-in logs are on (SIGNIN_LOGS=graph). */
  readonly signIns?: SignInAnswers;
}

/**
 * Every `Action.Execute` verb the bot honours. A new verb is one line here (plus its strings); a verb not listed
 * (forged, or from an old card) gets the "not valid" card. A Map, so "constructor" or "__proto__" are just unknown.
 */
export function cardVerbRoutes({ escalation, authority, replies, insightTurns }: RouteTargets): ReadonlyMap<string, CardVerbRoute> {
  return new Map<string, CardVerbRoute>([
    // The entry a person picked on a choice card: not a new question, but an answer of its own to vote on.
    ['answer.choose', async (action) => replies.chosenEntry(action.data, action.locale, insightTurns.followUpAnswer())],
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
export function commandRoutes({
  replies,
  escalation,
  authority,
  signIns,
  insightTurns,
}: RouteTargets): Readonly<Record<CommandId, CommandRoute>> {
  // With sign-in logs off, the commands say so; words after "sign-ins" that name nobody are still just a question.
  const off = async (_: IncomingMessage, lang: Lang, argument: string) =>
    !argument || parseSubject(argument) ? replies.notice(replies.deps.strings.t(lang, 'signins.off')) : undefined;
  return {
    help: async (message, lang) => replies.help(message.scope, lang),
    tickets: async (message, lang) => (isOrigin(message) ? escalation.listTickets(message, lang) : undefined),
    setHelpdeskChannel: async (message, lang) => (isOrigin(message) ? authority.setHelpdeskChannel(message, lang) : undefined),
    mySignIns: signIns ? (message, lang) => signIns.mine(message, message.text, lang) : off,
    signIns: signIns ? (message, lang, argument) => signIns.forHelpdesk(message, argument, lang) : off,
    stats: async (message, lang) => insightTurns.stats(message, lang),
  };
}
