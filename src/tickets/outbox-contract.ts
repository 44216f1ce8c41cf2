import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { ConversationRef, HelpdeskChannel, Person, Ticket, TicketAction } from './types';

/**
 * How the outbox reaches Teams; the bot edge implements it with the Bot Framework adapter. Every call takes a
 * signal: when it aborts (the call's time is up, or the bot is stopping) the call must end, and the HTTP request too.
 */
export interface TeamsMessenger {
  /** Starts a new thread in a channel; returns where it is. */
  postToChannel(
    channel: HelpdeskChannel,
    card: AdaptiveCardJson,
    signal: AbortSignal,
  ): Promise<{ conversationId: string; activityId: string }>;
  updateMessage(conversation: ConversationRef, activityId: string, card: AdaptiveCardJson, signal: AbortSignal): Promise<void>;
  sendToConversation(conversation: ConversationRef, card: AdaptiveCardJson, signal: AbortSignal): Promise<void>;
  /** Sends to the person's 1:1 chat with the bot, opening it if needed; `via` is a conversation the bot shares with them. */
  sendToPerson(person: Person, via: ConversationRef, card: AdaptiveCardJson, signal: AbortSignal): Promise<void>;
}

/** A failed delivery. `status` is the connector's HTTP status (none for network errors and timeouts). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
    /** The connector's error code, e.g. ActivityNotFoundInConversation. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }

  /**
   * Throttling, server errors, timeouts and network failures pass, and so does a message Teams cannot find yet (it
   * answers 404 ActivityNotFoundInConversation to an update that comes right after the post); other 4xx will not change.
   */
  get retryable(): boolean {
    if (this.code === 'ActivityNotFoundInConversation') return true;
    return this.status === undefined || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

/** The cards the outbox sends, rendered from the ticket as it is when they are sent. */
export interface TicketCards {
  /** The channel's shared card; times in the helpdesk's time zone. */
  ticketCard(ticket: Ticket, lang: Lang, viewer?: { timeZone?: string }): AdaptiveCardJson;
  requesterCard(ticket: Ticket, helpdeskReady: boolean): AdaptiveCardJson;
  requesterNoticeCard(ticket: Ticket, event: TicketAction): AdaptiveCardJson;
  channelLang(channel: HelpdeskChannel): Lang;
}

export interface OutboxLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxOptions {
  /** How often the pending list is read: work other instances left (a crash, an expired claim), and a channel set elsewhere. */
  readonly pollMs: number;
  /** First retry delay; doubles with each failure, up to maxDelayMs. Retry-After wins when Teams sends one, capped at maxDelayMs. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** After this many failures a message is dropped and logged as an error. */
  readonly maxAttempts: number;
  /** Tickets delivered at once: one stuck conversation holds one slot, never the others. */
  readonly concurrency: number;
  /** One connector call gets this long, then it is aborted and retried later. */
  readonly callTimeoutMs: number;
  /** How long a claim on a ticket's outbox lasts; renewed while sending. Must well exceed callTimeoutMs. */
  readonly claimMs: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = {
  pollMs: 5000,
  baseDelayMs: 1000,
  maxDelayMs: 5 * 60_000,
  maxAttempts: 12,
  concurrency: 8,
  callTimeoutMs: 15_000,
  claimMs: 60_000,
};
