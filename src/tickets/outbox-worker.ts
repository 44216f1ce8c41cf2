import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_OUTBOX_OPTIONS, type OutboxLog, type OutboxOptions, type TeamsMessenger, type TicketCards } from './outbox-contract';
import type { HelpdeskChannel } from './types';
import type { ChannelPosts } from './channel-posts';
import { TicketDelivery } from './ticket-delivery';
import type { TicketStore } from './ticket-store';

export * from './outbox-contract';

/** stop() waits this long for aborted calls to settle and claims to be released, then returns regardless. */
const STOP_GRACE_MS = 3000;

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
  /** A run over the channel posts that belong to no ticket (alerts, digests), beside the tickets; one at a time. */
  private postsRun: Promise<void> | undefined;
  private postsWake: NodeJS.Timeout | undefined;

  private readonly delivery: TicketDelivery;

  constructor(
    private readonly store: TicketStore,
    private readonly messenger: TeamsMessenger,
    cards: TicketCards,
    private readonly log: OutboxLog,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
    private readonly now: () => number = Date.now,
    /** Channel posts that are not about a ticket (insight alerts, digests), sent with the same claims and retries. */
    private readonly posts?: ChannelPosts,
  ) {
    this.delivery = new TicketDelivery(store, messenger, cards, log, options, now, this.owner, this.stopping.signal);
  }

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
    if (this.stopped) return;
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
    clearTimeout(this.postsWake);
    this.stopping.abort(new Error('the bot is stopping'));
    const settled = Promise.allSettled([...this.running.values(), this.scanning, this.postsRun]);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)))]);
    clearTimeout(timer);
  }

  private idle(): boolean {
    if (this.scanning || this.running.size || this.postsRun) return false;
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
        if (channel) this.deliverPosts(channel);
      } while (this.rescan && !this.stopped);
    })()
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox: could not list pending tickets'))
      .finally(() => {
        this.scanning = undefined;
        this.pump();
      });
    return this.scanning;
  }

  /** Sends the due channel posts beside the tickets (a slow post holds no ticket); wakes for the next retry. */
  private deliverPosts(channel: HelpdeskChannel): void {
    if (!this.posts || this.postsRun || this.stopped) return;
    const sender = {
      messenger: this.messenger,
      options: this.options,
      log: this.log,
      now: this.now,
      owner: this.owner,
      stopping: this.stopping.signal,
    };
    this.postsRun = this.posts
      .deliverDue(channel, sender)
      .then((next) => {
        clearTimeout(this.postsWake);
        if (next === undefined || !this.started || this.stopped) return;
        this.postsWake = setTimeout(() => void this.scan(), Math.max(0, next - this.now()));
        this.postsWake.unref?.();
      })
      .catch((error: unknown) => this.log.error({ err: error }, 'outbox: delivering channel posts failed'))
      .finally(() => {
        this.postsRun = undefined;
        this.settleIdle();
      });
  }

  /** Starts deliveries up to the concurrency limit; schedules the next wake-up; tells idle waiters. */
  private pump(): void {
    while (!this.stopped && this.running.size < this.options.concurrency && this.queued.size) {
      const number = this.queued.values().next().value!;
      this.queued.delete(number);
      this.nextLook.delete(number);
      const delivery = this.delivery
        .deliver(number)
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
}
