import { randomUUID } from 'node:crypto';
import type { AdaptiveCardJson } from '../cards/card-templates';
import { DeliveryError, type OutboxLog, type OutboxOptions, type TeamsMessenger } from './outbox-contract';
import type { HelpdeskChannel, KeyValueStore } from './types';
import { untilAborted } from './until-aborted';

const PREFIX = 'helpdesk/channel-post/';

/** A card for the helpdesk channel that belongs to no ticket (a spike alert, the weekly digest), until Teams took it. */
interface PostRecord {
  readonly card: AdaptiveCardJson;
  readonly attempts: number;
  readonly dueAt: number;
  readonly lastError?: string;
  /** Who is sending it, until when: one instance at a time, taken over when a crashed one's claim expires. */
  readonly claim?: { readonly owner: string; readonly until: number };
}

export interface PostSender {
  readonly messenger: TeamsMessenger;
  readonly options: OutboxOptions;
  readonly log: OutboxLog;
  readonly now: () => number;
  readonly owner: string;
  /** Aborted when the outbox stops: a call in flight ends and its post stays queued. */
  readonly stopping: AbortSignal;
}

/**
 * The outbox's channel posts that are not about a ticket: each one its own record (created only if absent, so no
 * document is shared), claimed before it is sent, deleted once Teams took it, retried like ticket posts otherwise.
 * The outbox worker sends them beside the tickets; they wait, as ticket posts do, until a helpdesk channel is set.
 */
export class ChannelPosts {
  /** Orders posts queued in the same millisecond by this instance. */
  private sequence = 0;

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  async queue(card: AdaptiveCardJson): Promise<void> {
    // Named by time first, so they go out in the order they were queued.
    const key = `${PREFIX}${String(this.now()).padStart(15, '0')}-${String(++this.sequence % 1e6).padStart(6, '0')}-${randomUUID()}`;
    await this.store.create(key, { card, attempts: 0, dueAt: this.now() } satisfies PostRecord);
  }

  /** The posts not yet delivered, oldest first, each with its key and eTag. */
  async pending(): Promise<(PostRecord & { key: string; eTag: string })[]> {
    const keys = await this.store.keys(PREFIX);
    if (!keys.length) return [];
    const items = await this.store.read(keys);
    return keys.filter((key) => items[key]).map((key) => ({ ...(items[key] as PostRecord & { eTag: string }), key }));
  }

  /** Sends every due post this instance can claim, one after the other; returns when the next one falls due, if any. */
  async deliverDue(channel: HelpdeskChannel, sender: PostSender): Promise<number | undefined> {
    let next: number | undefined;
    for (const post of await this.pending()) {
      if (sender.stopping.aborted) break;
      const now = sender.now();
      const heldUntil = post.claim && post.claim.until > now ? post.claim.until : undefined;
      const dueAt = Math.max(post.dueAt, heldUntil ?? 0);
      if (dueAt > now) {
        next = Math.min(next ?? Infinity, dueAt);
        continue;
      }
      const { key, eTag, ...record } = post;
      const claimed = await this.store.replace(
        key,
        { ...record, claim: { owner: sender.owner, until: now + sender.options.claimMs } },
        eTag,
      );
      if (!claimed) continue; // another instance took it
      const retryAt = await this.send(channel, key, record, claimed, sender);
      if (retryAt !== undefined) next = Math.min(next ?? Infinity, retryAt);
    }
    return next;
  }

  /** One post under this instance's claim: deleted once sent, rescheduled or dropped when Teams refused it. */
  private async send(
    channel: HelpdeskChannel,
    key: string,
    record: PostRecord,
    eTag: string,
    sender: PostSender,
  ): Promise<number | undefined> {
    const { messenger, options, log, now, stopping } = sender;
    const deadline = AbortSignal.timeout(options.callTimeoutMs);
    const signal = AbortSignal.any([stopping, deadline]);
    const unclaimed = {
      card: record.card,
      attempts: record.attempts,
      dueAt: record.dueAt,
      ...(record.lastError && { lastError: record.lastError }),
    };
    try {
      await untilAborted(messenger.postToChannel(channel, record.card, signal), signal);
      await this.store.deleteIf(key, eTag);
      log.info({ post: key.slice(PREFIX.length) }, 'posted to the helpdesk channel');
      return undefined;
    } catch (error) {
      if (stopping.aborted) {
        await this.store.replace(key, unclaimed, eTag); // left for the next run or another instance
        return undefined;
      }
      const delivery = deadline.aborted
        ? new DeliveryError(`no answer within ${options.callTimeoutMs} ms`)
        : error instanceof DeliveryError
          ? error
          : new DeliveryError(String((error as Error)?.message ?? error));
      const attempts = record.attempts + 1;
      const context = { post: key.slice(PREFIX.length), attempts, status: delivery.status, error: delivery.message };
      if (!delivery.retryable || attempts >= options.maxAttempts) {
        log.error(context, 'outbox message dropped');
        await this.store.deleteIf(key, eTag);
        return undefined;
      }
      const retryAfter = delivery.retryAfterMs !== undefined && delivery.retryAfterMs >= 0 ? delivery.retryAfterMs : undefined;
      const delay = Math.min(options.maxDelayMs, retryAfter ?? options.baseDelayMs * 2 ** (attempts - 1));
      log.warn({ ...context, retryInMs: delay }, 'outbox message will be retried');
      const dueAt = now() + delay;
      await this.store.replace(key, { ...unclaimed, attempts, dueAt, lastError: delivery.message.slice(0, 200) }, eTag);
      return dueAt;
    }
  }
}
