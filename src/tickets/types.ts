import type { Lang, Localized, Party } from '../catalog/types';
import type { SignInContext } from '../core/extract-context';

/**
 * The part of botbuilder's `Storage` the tickets need, declared here so the ticket rules stay free of the SDK:
 * any botbuilder Storage (SQLite, Blob, Cosmos, memory) fits it as it is. A write whose item carries an eTag
 * that is no longer current must throw.
 */
export interface KeyValueStore {
  read(keys: string[]): Promise<Record<string, any>>;
  write(changes: Record<string, any>): Promise<void>;
  delete(keys: string[]): Promise<void>;
}

/** Where to reach a conversation again later: the plain-JSON subset of a Bot Framework ConversationReference. */
export interface ConversationRef {
  readonly serviceUrl: string;
  readonly channelId: string;
  readonly conversationId: string;
  readonly conversationType?: string;
  readonly tenantId?: string;
  readonly botId?: string;
  readonly botName?: string;
}

export interface Person {
  readonly id: string;
  readonly aadObjectId?: string;
  readonly name?: string;
  /** The user principal name (usually the work email): what Teams' chat deep link takes. */
  readonly upn?: string;
}

export type TicketStatus = 'open' | 'assigned' | 'resolved';
export type TicketAction = 'assign' | 'resolve' | 'reopen';

export interface TicketCode {
  readonly code: number;
  readonly title: Localized;
  readonly meaning: Localized;
  readonly party: Party;
}

export interface TicketEvent {
  readonly at: string;
  readonly action: 'created' | TicketAction;
  readonly by: Person;
  readonly note?: string;
}

export type JobKind = 'postTicket' | 'updateTicketCard' | 'updateRequesterCard' | 'notifyRequester';

/** A message the bot owes Teams about a ticket, kept in the ticket until Teams has taken it. */
export interface Job {
  readonly id: string;
  readonly kind: JobKind;
  /** For notifyRequester: the event to tell. */
  readonly event?: TicketAction;
  readonly attempts: number;
  readonly dueAt: number;
  readonly lastError?: string;
}

export interface Ticket {
  readonly number: number;
  readonly status: TicketStatus;
  readonly requester: Person;
  /** Where the requester asked: notifications go there. */
  readonly requesterConversation: ConversationRef;
  /** The answer card the requester escalated from, updated as the ticket moves. */
  readonly requesterCardId?: string;
  readonly question: string;
  readonly comment?: string;
  readonly codes: readonly TicketCode[];
  readonly unknownCodes: readonly number[];
  readonly context: SignInContext;
  readonly lang: Lang;
  /** The requester's IANA time zone, as their Teams client sent it: times they see are in it. */
  readonly requesterTimeZone?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly assignee?: Person;
  readonly resolution?: string;
  readonly history: readonly TicketEvent[];
  /** The ticket's thread in the helpdesk channel, once posted. */
  readonly channelPost?: { readonly conversationId: string; readonly activityId: string; readonly channelId: string };
  /** The ticket's outbox: messages to Teams not yet delivered. */
  readonly jobs: readonly Job[];
  readonly eTag?: string;
}

export interface HelpdeskChannel {
  readonly channelId: string;
  readonly serviceUrl: string;
  readonly tenantId?: string;
  readonly teamId?: string;
  readonly setBy?: Person;
  readonly setAt: string;
  /** The helpdesk's language: the language the channel was set in. */
  readonly lang?: Lang;
  /** The helpdesk's time zone (of whoever set the channel): times on the channel's shared cards are in it. */
  readonly timeZone?: string;
}

/** One document, changed only with its eTag: ticket numbers, idempotency keys and which tickets need attention. */
export interface Ledger {
  nextNumber: number;
  /** Escalated card → ticket number, so a card escalated twice (or by two people) makes one ticket. */
  bySource: Record<string, number>;
  /** Tickets not resolved, for the `tickets` list. */
  open: number[];
  /** Tickets whose outbox may hold jobs; registered before the jobs are written, so none is ever missed. */
  pending: number[];
  eTag?: string;
}
