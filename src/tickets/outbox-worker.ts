import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { dueJob, hasDueJob, LANE, laneHeads, nextDueAt, type Lane } from './outbox-lanes';
import { untilAborted } from './until-aborted';
import type { TicketStore } from './ticket-store';
import type { ConversationRef, HelpdeskChannel, Job, Person, Ticket, TicketAction } from './types';

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
  ticketCard(ticket: Ticket, lang: Lang): AdaptiveCardJson;
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

/** stop() waits this long for aborted calls to settle and claims to be released, then returns regardless. */
const STOP_GRACE_MS = 3000;

type Outcome = { done: true; patch?: Partial<Ticket> };
/** This worker's claim on the ticket being delivered, shared by its lanes; `writes` queues their records one by one. */
type HeldClaim = { until: number; lost?: boolean; renewing?: Promise<void>; writes: Promise<unknown> };
type Attempt = { kind: 'done'; patch?: Partial<Ticket> } | { kind: 'failed'; error: unknown } | { kind: 'aborted' };

/**
 * Delivers what tickets owe Teams: the channel post, card updates and the requester's notices. Safe with several
 * instances on one store: a ticket's messages are sent only under a claim (owner and expiry, written with the
 * ticket's eTag), each message is recorded right after Teams took it, and a crashed instance's claims expire and
 * are taken over. So a message goes out twice only if an instance dies between Teams taking it and the record (one
 * call's window), as Teams takes no idempotency key.
 *
 * Scheduling is in memory and cheap when idle: the pending markers are listed every pollMs (one store call), and a
 * ticket is read again only when it is due: at its next retry, when another instance's claim expires, or (for a post
 * waiting for a helpdesk channel) when a channel is set. Up to `concurrency` tickets are delivered at once.
 */
export class OutboxWorker {
  /** This worker in claims: unique per process start. */
  readonly owner = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private started = false;
  private stopped = false;
  private readonly stopping = new AbortController();
  /** When to look at a ticket again (ms); Infinity: all it has waits for a helpdesk channel. */
  private readonly nextLook = new Map<number, number>();
  private readonly queued = new Set<number>();
  private readonly running = new Map<number, Promise<void>>();
  /** Tickets kicked while being delivered: looked at again right after. */
  private readonly again = new Set<number>();
  private scanning: Promise<void> | undefined;
  private rescan = false;
  /** The helpdesk channel as the last scan saw it: when it changes, parked posts are looked at again. */
  private channelSeen: string | undefined;
  private pollTimer: NodeJS.Timeout | undefined;
  private wakeTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly store: TicketStore,
    private readonly messenger: TeamsMessenger,
    private readonly cards: TicketCards,
    private readonly log: OutboxLog,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resumes whatever is pending (a previous run's or another instance's) and keeps watching. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.pollTimer = setInterval(() => void this.scan(), this.options.pollMs);
    this.pollTimer.unref?.();
    void this.scan();
  }

  /** Messages were queued for `ticket` (look at it now), or for any (look at the pending list now). */
  kick(ticket?: number): void {
    if (!this.started || this.stopped) return;
    if (ticket === undefined) return void this.scan();
    if (this.running.has(ticket)) this.again.add(ticket);
    else this.queued.add(ticket);
    this.pump();
  }

  /** One pass as start() would make it, then waits until nothing is due now (for tests and tools, started or not). */
  async runOnce(): Promise<void> {
    await this.scan();
    await this.whenIdle();
  }

  /** Resolves once nothing is being delivered or listed and nothing is due now. Later retries are not waited for. */
  whenIdle(): Promise<void> {
    if (this.idle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops: no new deliveries, in-flight calls aborted (their messages stay pending for the next run or another
   * instance), claims released. Returns within a few seconds whatever the connector does.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearTimeout(this.wakeTimer);
    this.queued.clear();
    this.stopping.abort(new Error('the bot is stopping'));
    const settled = Promise.allSettled([...this.running.values(), this.scanning]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timer);
  }

  private idle(): boolean {
    if (this.scanning || this.running.size) return false;
    if (this.stopped) return true;
    if (this.queued.size) return false;
    // Started, a ticket due now is about to be woken; not started (runOnce), nothing will wake it.
    const now = this.now();
    return !this.started || ![...this.nextLook.values()].some((at) => at <= now);
  }

  private settleIdle(): void {
    if (!this.idle()) return;
    const waiters = this.idleWaiters.splice(0);
    waiters.forEach((resolve) => resolve());
  }

  /** Lists the pending markers and queues the tickets that are due; one scan at a time, another after it if asked. */
  private scan(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.scanning) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescan = false;
        const [pending, channel] = await Promise.all([this.store.pendingTickets(), this.store.getChannel()]);
        const channelSeen = channel && `${channel.channelId}|${channel.setAt}`;
        if (channelSeen !== this.channelSeen) {
          this.channelSeen = channelSeen;
          for (const [number, at] of this.nextLook) if (at === Infinity) this.nextLook.delete(number);
        }
        const listed = new Set(pending);
        for (const number of this.nextLook.keys()) if (!listed.has(number) && !this.running.has(number)) this.nextLook.delete(number);
        const now = this.now();
        for (const number of pending) {
          if (this.running.has(number)) this.again.add(number);
          else if ((this.nextLook.get(number) ?? 0) <= now) this.queued.add(number);
        }
      } while (this.rescan && !this.stopped);
    })()
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox: could not list pending tickets'))
      .finally(() => {
        this.scanning = undefined;
        this.pump();
      });
    return this.scanning;
  }

  /** Starts deliveries up to the concurrency limit; schedules the next wake-up; tells idle waiters. */
  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency && this.queued.size) {
      const number = this.queued.values().next().value!;
      this.queued.delete(number);
      this.nextLook.delete(number);
      const delivery = this.deliverTicket(number)
        .catch((error: unknown) => {
          this.log.error({ err: error, ticket: number }, 'outbox: delivering a ticket failed');
          return this.now() + this.options.pollMs;
        })
        .then((next) => {
          this.running.delete(number);
          if (this.again.delete(number)) this.nextLook.set(number, this.now());
          else if (next !== undefined) this.nextLook.set(number, next);
          if (!this.stopped && (this.nextLook.get(number) ?? Infinity) <= this.now()) this.queued.add(number);
          this.pump();
        });
      this.running.set(number, delivery);
    }
    this.wake();
    this.settleIdle();
  }

  /** One timer for the earliest ticket due later; none while the worker is not started (tests drive it themselves). */
  private wake(): void {
    clearTimeout(this.wakeTimer);
    if (!this.started || this.stopped) return;
    const waiting = [...this.nextLook].filter(([number]) => !this.queued.has(number) && !this.running.has(number));
    const earliest = Math.min(...waiting.map(([, at]) => at));
    if (!Number.isFinite(earliest)) return;
    this.wakeTimer = setTimeout(
      () => {
        const now = this.now();
        for (const [number, at] of this.nextLook) if (at <= now && !this.running.has(number)) this.queued.add(number);
        this.pump();
      },
      Math.max(0, earliest - this.now()),
    );
    this.wakeTimer.unref?.();
  }

  /** Sends the ticket's due messages under a claim; returns when to look at it again (undefined: nothing pending). */
  private async deliverTicket(number: number): Promise<number | undefined> {
    const now = this.now();
    // Claimed only if a message is due (parked ones count: the channel may have been set meanwhile); one read.
    const [claim, channel] = await Promise.all([
      this.store.claim(number, this.owner, now + this.options.claimMs, (ticket) => hasDueJob(ticket, now)),
      this.store.getChannel(),
    ]);
    if (!claim.claimed && claim.heldUntil) return claim.heldUntil;
    if (claim.claimed) {
      // The lanes go out side by side: a slow channel does not hold the requester's chat back, nor the other way round.
      const held: HeldClaim = { until: now + this.options.claimMs, writes: Promise.resolve() };
      const lanes = new Set(laneHeads(claim.ticket).map((job) => LANE[job.kind]));
      await Promise.all([...lanes].map((lane) => this.deliverLane(number, lane, claim.ticket, channel, held)));
    } else if (claim.ticket?.jobs.length) {
      return nextDueAt(claim.ticket, channel); // nothing due yet: no claim, no write
    }
    const left = await this.store.settle(number, this.owner);
    if (!left && !claim.ticket) return now + this.options.pollMs; // a marker without its ticket (yet): see settle
    return left?.jobs.length ? nextDueAt(left, channel) : undefined;
  }

  /**
   * Sends one lane's due messages in order. The lane's view of the ticket comes from its own writes, each made on a
   * fresh read: only this lane removes or reschedules its jobs, so the view never shows a sent message as unsent.
   */
  private async deliverLane(number: number, lane: Lane, claimed: Ticket, channel: HelpdeskChannel | undefined, held: HeldClaim) {
    let view: Ticket | undefined = claimed;
    while (view && !this.stopped && !held.lost) {
      const job = dueJob(view, channel, this.now(), lane);
      if (!job || !(await this.keepClaim(number, held))) return;
      const attempt = await this.attempt(job, view, channel);
      if (attempt.kind === 'aborted') return;
      view =
        attempt.kind === 'done' ? await this.delivered(number, job, view, attempt.patch) : await this.failed(number, job, attempt.error);
    }
  }

  /** True while the claim lasts long enough for one more call; renews it (once for all lanes) when it does not. */
  private async keepClaim(number: number, held: HeldClaim): Promise<boolean> {
    if (held.until - this.now() >= 2 * this.options.callTimeoutMs) return !held.lost;
    held.renewing ??= this.store.claim(number, this.owner, this.now() + this.options.claimMs).then((renewed) => {
      held.renewing = undefined;
      if (renewed.claimed) held.until = renewed.ticket.claim!.until;
      else held.lost = true; // another instance took over: stop sending
    });
    await held.renewing;
    return !held.lost;
  }

  /** One connector call with its own deadline, also ended by stop(). */
  private async attempt(job: Job, ticket: Ticket, channel: HelpdeskChannel | undefined): Promise<Attempt> {
    const deadline = AbortSignal.timeout(this.options.callTimeoutMs);
    const signal = AbortSignal.any([this.stopping.signal, deadline]);
    try {
      const outcome = await untilAborted(this.deliver(job, ticket, channel, signal), signal);
      return { kind: 'done', ...(outcome.patch && { patch: outcome.patch }) };
    } catch (error) {
      if (this.stopping.signal.aborted) return { kind: 'aborted' };
      if (deadline.aborted) return { kind: 'failed', error: new DeliveryError(`no answer within ${this.options.callTimeoutMs} ms`) };
      return { kind: 'failed', error };
    }
  }

  /** Records a message Teams took: right after the call, so a crash can repeat at most that one call. */
  private delivered(number: number, job: Job, sentFrom: Ticket, patch?: Partial<Ticket>): Promise<Ticket | undefined> {
    // The posted card showed the ticket as it was then: updates queued before it are done, later ones still go out.
    const shown = new Set(job.kind === 'postTicket' ? sentFrom.jobs.filter((j) => j.kind === 'updateTicketCard').map((j) => j.id) : []);
    return this.store.changeTicket(number, (t) => ({
      ...t,
      ...patch,
      jobs: t.jobs.filter((j) => j.id !== job.id && !shown.has(j.id)),
    }));
  }

  private async deliver(job: Job, ticket: Ticket, channel: HelpdeskChannel | undefined, signal: AbortSignal): Promise<Outcome> {
    switch (job.kind) {
      case 'postTicket': {
        if (ticket.channelPost || !channel) return { done: true };
        const card = this.cards.ticketCard(ticket, this.cards.channelLang(channel));
        const posted = await this.messenger.postToChannel(channel, card, signal);
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
        const card = this.cards.ticketCard(ticket, this.cards.channelLang(channel));
        await this.messenger.updateMessage(conversation, ticket.channelPost.activityId, card, signal);
        return { done: true };
      }
      case 'updateRequesterCard': {
        if (!ticket.requesterCardId) return { done: true };
        const card = this.cards.requesterCard(ticket, Boolean(channel));
        await this.messenger.updateMessage(ticket.requesterConversation, ticket.requesterCardId, card, signal);
        return { done: true };
      }
      case 'notifyRequester': {
        if (!job.event) return { done: true };
        await this.notifyRequester(ticket, this.cards.requesterNoticeCard(ticket, job.event), signal);
        return { done: true };
      }
    }
  }

  /**
   * The requester hears about their ticket in their 1:1 chat with the bot. Escalated from a channel or group chat,
   * that chat is opened for them; if Teams refuses (the app is not installed for them), the notice goes to the
   * thread they escalated from instead.
   */
  private async notifyRequester(ticket: Ticket, card: AdaptiveCardJson, signal: AbortSignal): Promise<void> {
    const where = ticket.requesterConversation;
    if (where.conversationType === 'personal' || !where.conversationType) return this.messenger.sendToConversation(where, card, signal);
    try {
      await this.messenger.sendToPerson(ticket.requester, where, card, signal);
    } catch (error) {
      if (signal.aborted || (error instanceof DeliveryError && error.retryable)) throw error;
      this.log.warn(
        { ticket: ticket.number, status: (error as DeliveryError).status },
        'no 1:1 chat with the requester: telling them in the thread',
      );
      await this.messenger.sendToConversation(where, card, signal);
    }
  }

  private failed(number: number, job: Job, error: unknown): Promise<Ticket | undefined> {
    const delivery = error instanceof DeliveryError ? error : new DeliveryError(String((error as Error)?.message ?? error));
    const attempts = job.attempts + 1;
    const giveUp = !delivery.retryable || attempts >= this.options.maxAttempts;
    const backoff = this.options.baseDelayMs * 2 ** (attempts - 1);
    // Teams' Retry-After is honoured, but a huge one (or a bogus one) must not park a message for a day.
    const delay = Math.min(this.options.maxDelayMs, delivery.retryAfterMs ?? backoff);
    const context = { ticket: number, job: job.kind, attempts, status: delivery.status, error: delivery.message };
    if (giveUp) this.log.error(context, 'outbox message dropped');
    else this.log.warn({ ...context, retryInMs: delay }, 'outbox message will be retried');
    return this.store.changeTicket(number, (t) => ({
      ...t,
      jobs: giveUp
        ? t.jobs.filter((j) => j.id !== job.id)
        : t.jobs.map((j) =>
            j.id === job.id ? { ...j, attempts, dueAt: this.now() + delay, lastError: delivery.message.slice(0, 200) } : j,
          ),
    }));
  }
}
