import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { ChannelPosts } from './channel-posts';
import type { TicketStore } from './ticket-store';
import type { ConversationRef, HelpdeskChannel, Job, Person, Ticket, TicketAction } from './types';

/** How the outbox reaches Teams; the bot edge implements it with the Bot Framework adapter. */
export interface TeamsMessenger {
  /** Starts a new thread in a channel; returns where it is. */
  postToChannel(channel: HelpdeskChannel, card: AdaptiveCardJson): Promise<{ conversationId: string; activityId: string }>;
  updateMessage(conversation: ConversationRef, activityId: string, card: AdaptiveCardJson): Promise<void>;
  sendToConversation(conversation: ConversationRef, card: AdaptiveCardJson): Promise<void>;
  /** Sends to the person's 1:1 chat with the bot, opening it if needed; `via` is a conversation the bot shares with them. */
  sendToPerson(person: Person, via: ConversationRef, card: AdaptiveCardJson): Promise<void>;
}

/** A failed delivery. `status` is the connector's HTTP status (none for network errors). */
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
   * Throttling, server errors and network failures pass, and so does a message Teams cannot find yet (it answers
   * 404 ActivityNotFoundInConversation to an update that comes right after the post); other 4xx will not change.
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
  /** How often pending tickets are checked when nothing kicks the worker. */
  readonly pollMs: number;
  /** First retry delay; doubles with each failure, up to maxDelayMs. Retry-After wins when Teams sends it. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** After this many failures a message is dropped and logged as an error. */
  readonly maxAttempts: number;
}

export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { pollMs: 5000, baseDelayMs: 1000, maxDelayMs: 5 * 60_000, maxAttempts: 12 };

type Outcome = { done: true; patch?: Partial<Ticket> } | { done: false; wait: true };

/**
 * Delivers what tickets owe Teams: the channel post, card updates and the requester's notices.
 * Each message stays in its ticket until Teams has taken it, so a throttled connector or a restart loses nothing.
 */
export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = true;
  /** When the next round is due, as the last round found it. */
  private nextDelay = 0;

  constructor(
    private readonly store: TicketStore,
    private readonly messenger: TeamsMessenger,
    private readonly cards: TicketCards,
    private readonly log: OutboxLog,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
    private readonly now: () => number = Date.now,
    /** Channel posts that are not about a ticket (insight alerts, digests), sent in the same rounds. */
    private readonly posts?: ChannelPosts,
  ) {}

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Runs a round soon; a round already running is followed by another. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((error: unknown) => this.log.error({ err: error }, 'outbox round failed'))
        .finally(() => {
          this.running = undefined;
          if (this.stopped) return;
          const next = this.again ? 0 : this.nextDelay;
          this.again = false;
          this.schedule(next);
        });
    }, ms);
    this.timer.unref?.();
  }

  /** One round over every ticket that may owe Teams a message. */
  async runOnce(): Promise<void> {
    let soonest = this.now() + this.options.pollMs;
    for (const number of await this.store.pendingTickets()) {
      const due = await this.deliverTicket(number);
      if (due !== undefined) soonest = Math.min(soonest, due);
    }
    const postsDue = this.posts && (await this.deliverPosts(this.posts));
    if (postsDue !== undefined) soonest = Math.min(soonest, postsDue);
    this.nextDelay = Math.max(0, soonest - this.now());
  }

  /** Sends the due channel posts (once a helpdesk channel is set); returns when the next one falls due, if any. */
  private async deliverPosts(posts: ChannelPosts): Promise<number | undefined> {
    const queued = await posts.pending();
    const channel = queued.length ? await this.store.getChannel() : undefined;
    if (!channel) return undefined; // posts wait for a channel, as ticket posts do
    for (const post of queued) {
      if (post.dueAt > this.now()) continue;
      try {
        await this.messenger.postToChannel(channel, post.card);
        await posts.remove(post.id);
        this.log.info({ post: post.id }, 'posted to the helpdesk channel');
      } catch (error) {
        const { delivery, attempts, giveUp, delay } = this.retryPlan(post.attempts, error);
        const context = { post: post.id, attempts, status: delivery.status, error: delivery.message };
        if (giveUp) {
          this.log.error(context, 'outbox message dropped');
          await posts.remove(post.id);
        } else {
          this.log.warn({ ...context, retryInMs: delay }, 'outbox message will be retried');
          await posts.retryLater(post.id, attempts, this.now() + delay, delivery.message);
        }
      }
    }
    const left = await posts.pending();
    return left.length ? Math.min(...left.map((post) => post.dueAt)) : undefined;
  }

  /** Sends the ticket's due messages in order; returns when its next message falls due, if any. */
  private async deliverTicket(number: number): Promise<number | undefined> {
    const ticket = await this.store.getTicket(number);
    for (const job of ticket?.jobs ?? []) {
      if (job.dueAt > this.now()) continue;
      const current = await this.store.getTicket(number);
      if (!current?.jobs.some((j) => j.id === job.id)) continue;
      try {
        const outcome = await this.deliver(job, current);
        if (!outcome.done) continue; // waits for a helpdesk channel; nothing failed
        await this.store.changeTicket(number, (t) => ({
          ...t,
          ...outcome.patch,
          jobs: t.jobs.filter((j) => j.id !== job.id && !(job.kind === 'postTicket' && j.kind === 'updateTicketCard')),
        }));
      } catch (error) {
        await this.failed(number, job, error);
      }
    }
    await this.store.settlePending(number);
    const left = await this.store.getTicket(number);
    const dues = (left?.jobs ?? []).map((job) => job.dueAt);
    return dues.length ? Math.min(...dues) : undefined;
  }

  private async deliver(job: Job, ticket: Ticket): Promise<Outcome> {
    const channel = await this.store.getChannel();
    switch (job.kind) {
      case 'postTicket': {
        if (ticket.channelPost) return { done: true };
        if (!channel) return { done: false, wait: true };
        const posted = await this.messenger.postToChannel(
          channel,
          this.cards.ticketCard(ticket, this.cards.channelLang(channel), { timeZone: channel.timeZone }),
        );
        this.log.info({ ticket: ticket.number }, 'ticket posted to the helpdesk channel');
        return { done: true, patch: { channelPost: { ...posted, channelId: channel.channelId } } };
      }
      case 'updateTicketCard': {
        if (!ticket.channelPost || !channel) return { done: true }; // the post, when it happens, shows the current state
        const conversation = {
          serviceUrl: channel.serviceUrl,
          channelId: 'msteams',
          conversationId: ticket.channelPost.conversationId,
          tenantId: channel.tenantId,
        };
        await this.messenger.updateMessage(
          conversation,
          ticket.channelPost.activityId,
          this.cards.ticketCard(ticket, this.cards.channelLang(channel), { timeZone: channel.timeZone }),
        );
        return { done: true };
      }
      case 'updateRequesterCard': {
        if (!ticket.requesterCardId) return { done: true };
        // While the post is owed, the card keeps what the escalation click showed; once posted, where it stands.
        if (ticket.jobs.some((j) => j.kind === 'postTicket')) return { done: false, wait: true };
        await this.messenger.updateMessage(
          ticket.requesterConversation,
          ticket.requesterCardId,
          this.cards.requesterCard(ticket, Boolean(channel)),
        );
        return { done: true };
      }
      case 'notifyRequester': {
        if (!job.event) return { done: true };
        await this.notifyRequester(ticket, this.cards.requesterNoticeCard(ticket, job.event));
        return { done: true };
      }
    }
  }

  /**
   * The requester hears about their ticket in their 1:1 chat with the bot. Escalated from a channel or group chat,
   * that chat is opened for them; if Teams refuses (the app is not installed for them), the notice goes to the
   * thread they escalated from instead.
   */
  private async notifyRequester(ticket: Ticket, card: AdaptiveCardJson): Promise<void> {
    const where = ticket.requesterConversation;
    if (where.conversationType === 'personal' || !where.conversationType) return this.messenger.sendToConversation(where, card);
    try {
      await this.messenger.sendToPerson(ticket.requester, where, card);
    } catch (error) {
      if (error instanceof DeliveryError && error.retryable) throw error;
      this.log.warn(
        { ticket: ticket.number, status: (error as DeliveryError).status },
        'no 1:1 chat with the requester: telling them in the thread',
      );
      await this.messenger.sendToConversation(where, card);
    }
  }

  /** What a failed delivery means: give up (not retryable, or too many attempts) or retry after a delay. */
  private retryPlan(
    previousAttempts: number,
    error: unknown,
  ): { delivery: DeliveryError; attempts: number; giveUp: boolean; delay: number } {
    const delivery = error instanceof DeliveryError ? error : new DeliveryError(String((error as Error)?.message ?? error));
    const attempts = previousAttempts + 1;
    const giveUp = !delivery.retryable || attempts >= this.options.maxAttempts;
    // Retry-After wins when it makes sense, capped: a service URL's answer must not park a job for a year.
    const retryAfter = delivery.retryAfterMs !== undefined && delivery.retryAfterMs >= 0 ? delivery.retryAfterMs : undefined;
    const delay = Math.min(this.options.maxDelayMs, retryAfter ?? this.options.baseDelayMs * 2 ** (attempts - 1));
    return { delivery, attempts, giveUp, delay };
  }

  private async failed(number: number, job: Job, error: unknown): Promise<void> {
    const { delivery, attempts, giveUp, delay } = this.retryPlan(job.attempts, error);
    const context = { ticket: number, job: job.kind, attempts, status: delivery.status, error: delivery.message };
    if (giveUp) this.log.error(context, 'outbox message dropped');
    else this.log.warn({ ...context, retryInMs: delay }, 'outbox message will be retried');
    await this.store.changeTicket(number, (t) => ({
      ...t,
      jobs: giveUp
        ? t.jobs.filter((j) => j.id !== job.id)
        : t.jobs.map((j) =>
            j.id === job.id ? { ...j, attempts, dueAt: this.now() + delay, lastError: delivery.message.slice(0, 200) } : j,
          ),
    }));
  }
}
