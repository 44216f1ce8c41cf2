import type { AdaptiveCardJson } from '../cards/card-templates';
import { DeliveryError, type OutboxLog, type OutboxOptions, type TeamsMessenger, type TicketCards } from './outbox-contract';
import { dueJob, hasDueJob, LANE, laneHeads, nextDueAt, type Lane } from './outbox-lanes';
import type { TicketStore } from './ticket-store';
import type { HelpdeskChannel, Job, Ticket } from './types';
import { untilAborted } from './until-aborted';

type Outcome = { done: true; patch?: Partial<Ticket> };
/** This worker's claim on the ticket being delivered, shared by its lanes; `writes` queues their records one by one. */
type HeldClaim = {
  until: number;
  lost?: boolean;
  renewing?: Promise<void>;
  writes: Promise<unknown>;
  /** The ticket as recorded right after this round's channel post (undefined: the channel lane ended without one). */
  posted?: Promise<Ticket | undefined>;
  announcePost?: (ticket: Ticket | undefined) => void;
};
/** Teams' answer for a message it does not hold. Right after a post it can mean "not yet"; this many times, "deleted". */
const NOT_FOUND = 'ActivityNotFoundInConversation';
const NOT_FOUND_ATTEMPTS = 4;
type Attempt = { kind: 'done'; patch?: Partial<Ticket> } | { kind: 'failed'; error: unknown } | { kind: 'aborted' };

/**
 * One ticket's delivery round, for the outbox worker: claim the ticket's outbox, send what is due lane by lane with
 * a deadline per call, record each message right after Teams took it, release the claim and clear the pending
 * marker when nothing is left (see TicketStore for why that cannot lose a message).
 */
export class TicketDelivery {
  constructor(
    private readonly store: TicketStore,
    private readonly messenger: TeamsMessenger,
    private readonly cards: TicketCards,
    private readonly log: OutboxLog,
    private readonly options: OutboxOptions,
    private readonly now: () => number,
    /** Who claims: the worker's owner id. */
    private readonly owner: string,
    /** Aborted when the worker stops: calls in flight end, and no new one starts. */
    private readonly stopping: AbortSignal,
  ) {}

  /** Sends the ticket's due messages under a claim; returns when to look at it again (undefined: nothing pending). */
  async deliver(number: number): Promise<number | undefined> {
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
      if (lanes.has('channel')) held.posted = new Promise((resolve) => (held.announcePost = resolve));
      const outcomes = await Promise.allSettled([...lanes].map((lane) => this.deliverLane(number, lane, claim.ticket, channel, held)));
      // A lane the store failed (a write refused for good) stops; the claim is still released below.
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected')
          this.log.error({ err: outcome.reason as unknown, ticket: number }, 'outbox: a delivery lane failed');
      }
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
   * The requester's card waits for the channel post: if this round is posting, it goes right after, not a round later.
   */
  private async deliverLane(
    number: number,
    lane: Lane,
    claimed: Ticket,
    channel: HelpdeskChannel | undefined,
    held: HeldClaim,
  ): Promise<void> {
    let view: Ticket | undefined = claimed;
    let waitedForPost = false;
    try {
      while (view && !this.stopping.aborted && !held.lost) {
        const job = dueJob(view, channel, this.now(), lane);
        if (!job) {
          if (lane !== 'requesterCard' || waitedForPost || !held.posted) break;
          waitedForPost = true;
          view = (await held.posted) ?? view;
          continue;
        }
        if (!(await this.keepClaim(number, held))) break;
        const attempt = await this.attempt(job, view, channel);
        if (attempt.kind === 'aborted') break;
        const sentFrom: Ticket = view;
        // The lanes' records go one after the other: written at once, they would only fail each other's eTag.
        const written: Promise<Ticket | undefined> = held.writes.then(() =>
          attempt.kind === 'done' ? this.delivered(number, job, sentFrom, attempt.patch) : this.failed(number, job, attempt.error),
        );
        held.writes = written.catch(() => undefined);
        view = await written;
        if (job.kind === 'postTicket' && attempt.kind === 'done') held.announcePost?.(view);
      }
    } finally {
      if (lane === 'channel') held.announcePost?.(undefined); // no post this round: the requester's card waits for a later one
    }
  }

  /** True while the claim lasts long enough for one more call; renews it (once for all lanes) when it does not. */
  private async keepClaim(number: number, held: HeldClaim): Promise<boolean> {
    if (held.until - this.now() >= 2 * this.options.callTimeoutMs) return !held.lost;
    held.renewing ??= this.store
      .claim(number, this.owner, this.now() + this.options.claimMs)
      .then((renewed) => {
        if (renewed.claimed) held.until = renewed.ticket.claim!.until;
        else held.lost = true; // another instance took over: stop sending
      })
      .finally(() => (held.renewing = undefined));
    await held.renewing;
    return !held.lost;
  }

  /** One connector call with its own deadline, also ended by stop(). */
  private async attempt(job: Job, ticket: Ticket, channel: HelpdeskChannel | undefined): Promise<Attempt> {
    const deadline = AbortSignal.timeout(this.options.callTimeoutMs);
    const signal = AbortSignal.any([this.stopping, deadline]);
    try {
      const outcome = await untilAborted(this.send(job, ticket, channel, signal), signal);
      return { kind: 'done', ...(outcome.patch && { patch: outcome.patch }) };
    } catch (error) {
      if (this.stopping.aborted) return { kind: 'aborted' };
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

  private async send(job: Job, ticket: Ticket, channel: HelpdeskChannel | undefined, signal: AbortSignal): Promise<Outcome> {
    switch (job.kind) {
      case 'postTicket': {
        if (ticket.channelPost || !channel) return { done: true };
        const card = this.cards.ticketCard(ticket, this.cards.channelLang(channel), { timeZone: channel.timeZone });
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
        const card = this.cards.ticketCard(ticket, this.cards.channelLang(channel), { timeZone: channel.timeZone });
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
    if (delivery.code === NOT_FOUND && attempts >= NOT_FOUND_ATTEMPTS) return this.messageGone(number, job);
    const giveUp = !delivery.retryable || attempts >= this.options.maxAttempts;
    const backoff = this.options.baseDelayMs * 2 ** (attempts - 1);
    // Retry-After wins when it makes sense, capped: a service URL's answer must not park a message for a year.
    const retryAfter = delivery.retryAfterMs !== undefined && delivery.retryAfterMs >= 0 ? delivery.retryAfterMs : undefined;
    const delay = Math.min(this.options.maxDelayMs, retryAfter ?? backoff);
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

  /**
   * The card Teams keeps answering "not found" for was deleted (someone removed the post, or the requester cleared
   * the chat). A ticket must stay visible to the helpdesk: its card is posted again as a new thread, showing the
   * ticket as it is now. A requester card that is gone is not replaced: the notices still reach them.
   */
  private messageGone(number: number, job: Job): Promise<Ticket | undefined> {
    const repost = job.kind === 'updateTicketCard';
    this.log.warn(
      { ticket: number, job: job.kind },
      repost ? 'ticket card gone from the helpdesk channel: posting it again' : 'requester card gone: not updated',
    );
    return this.store.changeTicket(number, (t) => {
      const { channelPost: _gone, ...rest } = t;
      const jobs = t.jobs.filter((j) => j.id !== job.id);
      if (!repost) return { ...t, jobs };
      // Later updates of the lost post are covered by the new post, which shows the current state.
      return {
        ...rest,
        jobs: [{ id: job.id, kind: 'postTicket', attempts: 0, dueAt: this.now() }, ...jobs.filter((j) => j.kind !== 'updateTicketCard')],
      };
    });
  }
}
