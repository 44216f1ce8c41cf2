import { randomUUID } from 'node:crypto';
import type { AdaptiveCardJson } from '../cards/card-templates';
import type { KeyValueStore } from './types';

const POSTS_KEY = 'helpdesk/channel-posts';
const MAX_CONFLICT_RETRIES = 100;
/** Posts kept waiting (no channel, Teams refusing) before the oldest are dropped: alerts and digests are few. */
const MAX_QUEUED = 200;

/** A card for the helpdesk channel that belongs to no ticket (a spike alert, the weekly digest). */
export interface ChannelPost {
  readonly id: string;
  readonly card: AdaptiveCardJson;
  readonly attempts: number;
  readonly dueAt: number;
  readonly lastError?: string;
}

interface PostsDocument {
  posts: ChannelPost[];
  eTag?: string;
}

function isConflict(error: unknown): boolean {
  const { message, statusCode, code } = (error ?? {}) as { message?: string; statusCode?: number; code?: string };
  return /etag conflict/i.test(message ?? '') || statusCode === 412 || code === 'PreconditionFailed' || code === 'ConditionNotMet';
}

/**
 * The outbox's queue of channel posts that are not about a ticket, in one small document of the tickets' store,
 * changed only with its eTag. The outbox worker sends them in its rounds, with the same retries as ticket posts.
 */
export class ChannelPosts {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the queue, lets `change` edit a copy, writes it back with its eTag; again on conflict. */
  private async change(change: (posts: ChannelPost[]) => ChannelPost[] | undefined): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const stored = (await this.store.read([POSTS_KEY]))[POSTS_KEY] as PostsDocument | undefined;
      const next = change(structuredClone(stored?.posts ?? []));
      if (!next) return;
      try {
        // A missing document is written plainly: only two instances queueing their very first post at once can race.
        await this.store.write({ [POSTS_KEY]: { posts: next, eTag: stored?.eTag ?? '*' } });
        return;
      } catch (error) {
        if (!isConflict(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
      }
    }
  }

  async queue(card: AdaptiveCardJson): Promise<void> {
    const post: ChannelPost = { id: randomUUID(), card, attempts: 0, dueAt: this.now() };
    await this.change((posts) => [...posts, post].slice(-MAX_QUEUED));
  }

  async pending(): Promise<ChannelPost[]> {
    return ((await this.store.read([POSTS_KEY]))[POSTS_KEY] as PostsDocument | undefined)?.posts ?? [];
  }

  async remove(id: string): Promise<void> {
    await this.change((posts) => (posts.some((post) => post.id === id) ? posts.filter((post) => post.id !== id) : undefined));
  }

  async retryLater(id: string, attempts: number, dueAt: number, lastError: string): Promise<void> {
    await this.change((posts) =>
      posts.map((post) => (post.id === id ? { ...post, attempts, dueAt, lastError: lastError.slice(0, 200) } : post)),
    );
  }
}
