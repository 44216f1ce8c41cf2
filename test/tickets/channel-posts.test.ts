import { describe, expect, it } from 'vitest';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { ChannelPosts } from '../../src/tickets/channel-posts';
import { DeliveryError, OutboxWorker, type OutboxLog, type OutboxOptions } from '../../src/tickets/outbox-worker';
import { TicketStore } from '../../src/tickets/ticket-store';
import type { HelpdeskChannel, KeyValueStore } from '../../src/tickets/types';
import { plainCards, RecordingMessenger } from '../helpers/recording-messenger';

const channel: HelpdeskChannel = { channelId: '19:hd@thread.tacv2', serviceUrl: 'https://example.test/', setAt: '2026-01-01T00:00:00Z' };
const OPTIONS: OutboxOptions = {
  pollMs: 1000,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxAttempts: 3,
  concurrency: 4,
  callTimeoutMs: 1000,
  claimMs: 5000,
};
const card = (text: string): AdaptiveCardJson => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });

function setup(storage: KeyValueStore = new SqliteStorage(':memory:')) {
  let clock = 1_000_000;
  const logged: string[] = [];
  const log: OutboxLog = {
    info() {},
    warn: (_, msg) => void logged.push(`warn: ${msg}`),
    error: (_, msg) => void logged.push(`error: ${msg}`),
  };
  const store = new TicketStore(storage, () => new Date(clock));
  const posts = new ChannelPosts(storage, () => clock);
  const messenger = new RecordingMessenger();
  const worker = new OutboxWorker(store, messenger, plainCards, log, OPTIONS, () => clock, posts);
  return { storage, store, posts, messenger, worker, logged, advance: (ms: number) => (clock += ms) };
}

describe('channel posts through the outbox (spike alerts, digests)', () => {
  it('wait for a helpdesk channel, then go out once each, in the order queued', async () => {
    const { store, posts, messenger, worker } = setup();
    await posts.queue(card('spike 50053'));
    await posts.queue(card('weekly digest'));
    await worker.runOnce();
    expect(messenger.sent).toEqual([]);
    expect((await posts.pending()).map((post) => post.attempts)).toEqual([0, 0]);
    await store.setChannel(channel);
    await worker.runOnce();
    await worker.runOnce();
    expect(messenger.sent).toEqual(['post: spike 50053', 'post: weekly digest']);
    expect(await posts.pending()).toEqual([]);
  });

  it('are retried after Retry-After when Teams throttles, and dropped (logged) when it refuses for good', async () => {
    const { store, posts, messenger, worker, logged, advance } = setup();
    await store.setChannel(channel);
    await posts.queue(card('spike 53003'));
    await posts.queue(card('spike 50126'));
    messenger.respond = (call) =>
      call === 'post: spike 53003' ? new DeliveryError('Too Many Requests', 429, 300) : new DeliveryError('Forbidden', 403);
    await worker.runOnce();
    expect(messenger.sent).toEqual([]);
    expect(await posts.pending()).toMatchObject([{ attempts: 1, dueAt: 1_000_300, lastError: 'Too Many Requests' }]);
    expect(logged).toEqual(['warn: outbox message will be retried', 'error: outbox message dropped']);
    messenger.respond = () => undefined;
    advance(299);
    await worker.runOnce();
    expect(messenger.sent).toEqual([]);
    advance(1);
    await worker.runOnce();
    expect(messenger.sent).toEqual(['post: spike 53003']);
    expect(await posts.pending()).toEqual([]);
  });

  it('are sent by one of two workers on the same store, never both', async () => {
    const storage = new SqliteStorage(':memory:');
    const first = setup(storage);
    const second = setup(storage);
    await first.store.setChannel(channel);
    for (let i = 1; i <= 10; i++) await first.posts.queue(card(`alert ${i}`));
    // A slow Teams for the first worker, so the second runs while the first holds its claims.
    first.messenger.respond = () => new Promise((resolve) => setTimeout(() => resolve(undefined), 5));
    await Promise.all([first.worker.runOnce(), second.worker.runOnce(), first.worker.runOnce(), second.worker.runOnce()]);
    const sent = [...first.messenger.sent, ...second.messenger.sent].sort();
    expect(sent).toEqual(Array.from({ length: 10 }, (_, i) => `post: alert ${i + 1}`).sort());
    expect(await first.posts.pending()).toEqual([]);
  });

  it('a post that hangs holds no ticket: its call is ended by the deadline and retried later', async () => {
    const { store, posts, messenger, worker } = setup();
    await store.setChannel(channel);
    await posts.queue(card('digest'));
    messenger.respond = (call) => (call === 'post: digest' ? 'hang' : undefined);
    const escalated = store.escalate('c|1', {
      requester: { id: '29:user', name: 'Li Wei' },
      requesterConversation: { serviceUrl: 'https://example.test/', channelId: 'msteams', conversationId: 'a:1' },
      question: 'AADSTS50053',
      codes: [],
      unknownCodes: [],
      context: {},
      lang: 'en',
      createdAt: '2026-01-01T00:00:00Z',
    });
    await escalated;
    await worker.runOnce();
    expect(messenger.sent).toContain('post: ticket 1 open');
    expect(messenger.aborted).toEqual(['post: digest']);
    expect(await posts.pending()).toMatchObject([{ attempts: 1, lastError: 'no answer within 1000 ms' }]);
  });
});
