import type { Lang, Localized, Party } from '../catalog/types';
import type { SignInContext } from '../core/extract-context';

/**
 * The storage the tickets need, declared here so the ticket rules stay free of the SDK. `read`, `write` and
 * `delete` are botbuilder's `Storage` (a write whose item carries an eTag that is no longer current must throw);
 * the other three are what several instances need to share one store without a hot document, and each store
 * gives them with its own conditional requests (see src/storage).
 */
export interface KeyValueStore {
  // botbuilder's Storage declares its items as `any`; `unknown` would not let its implementations fit as they are.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  read(keys: string[]): Promise<Record<string, any>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  write(changes: Record<string, any>): Promise<void>;
  delete(keys: string[]): Promise<void>;
  /** Writes the item only if the key is absent (Blob: If-None-Match: *); its new eTag, or undefined if the key exists. */
  create(key: string, item: object): Promise<string | undefined>;
  /** Writes the item only while the stored eTag is still `eTag` (If-Match); its new eTag, or undefined if it changed or is gone. */
  replace(key: string, item: object, eTag: string): Promise<string | undefined>;
  /** Deletes the item only while its eTag is still `eTag`; false if it changed or is gone. */
  deleteIf(key: string, eTag: string): Promise<boolean>;
  /** Every stored key that starts with `prefix`, in order. */
  keys(prefix: string): Promise<string[]>;
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
  /** The worker delivering the outbox now, and until when (ms since the epoch): after that another may take over. */
  readonly claim?: OutboxClaim;
  /** The ticket's pending marker exists (see TicketStore): writes that queue jobs make sure of it first. */
  readonly outboxMarked?: boolean;
  readonly eTag?: string;
}

export interface OutboxClaim {
  readonly owner: string;
  readonly until: number;
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

/** The single document the first versions kept (numbers, card keys, work lists); read once to migrate, then left alone. */
export interface LegacyLedger {
  nextNumber: number;
  bySource: Record<string, number>;
  open: number[];
  pending: number[];
  migrated?: boolean;
  eTag?: string;
}
