import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { DeliveryError, OutboxWorker, type OutboxLog, type TeamsMessenger, type TicketCards } from '../../src/tickets/outbox-worker';
import { ChannelPosts } from '../../src/tickets/channel-posts';
import { TicketStore } from '../../src/tickets/ticket-store';
import { ticketDraft } from '../helpers/ticket-draft';
import type { HelpdeskChannel } from '../../src/tickets/types';

const card = (text: string): AdaptiveCardJson => ({ type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text }] });
const cards: TicketCards = {
  ticketCard: (t) => card(`ticket ${t.number} ${t.status}`),
  requesterCard: (t) => card(`requester ${t.number} ${t.status}`),
  requesterNoticeCard: (t, event) => card(`notice ${t.number} ${event}`),
  channelLang: () => 'en',
};
const silent: OutboxLog = { info() {}, warn() {}, error() {} };
const channel: HelpdeskChannel = { channelId: '19:hd@thread.tacv2', serviceUrl: 'https://example.test/', setAt: '2026-01-01T00:00:00Z' };
const draft = ticketDraft({ requesterCardId: 'card-1', createdAt: '2026-01-01T00:00:00Z' });

/** A Teams stand-in at the messenger seam: it records deliveries and fails the ones a test scripts. */
class RecordingMessenger implements TeamsMessenger {
  readonly sent: string[] = [];
  failures: (DeliveryError | undefined)[] = [];
  private fail(): void {
    const failure = this.failures.shift();
    if (failure) throw failure;
  }
  async postToChannel(_: HelpdeskChannel, c: AdaptiveCardJson) {
    this.fail();
    this.sent.push(`post: ${JSON.stringify(c.body)}`);
    return { conversationId: `${channel.channelId};messageid=1`, activityId: '1' };
  }
  async updateMessage(conversation: { conversationId: string }, id: string) {
    this.fail();
    this.sent.push(`update ${conversation.conversationId} ${id}`);
  }
  async sendToConversation(conversation: { conversationId: string }, c: AdaptiveCardJson) {
    this.fail();
    this.sent.push(`send ${conversation.conversationId}: ${JSON.stringify(c.body)}`);
  }
  async sendToPerson(person: { id: string }, _: unknown, c: AdaptiveCardJson) {
    this.fail();
    this.sent.push(`send to ${person.id}: ${JSON.stringify(c.body)}`);
  }
}

function setup(options: Partial<{ maxAttempts: number }> = {}, log = silent) {
  let clock = 1_000_000;
  const storage = new MemoryStorage();
  const store = new TicketStore(storage, () => new Date(clock));
  const posts = new ChannelPosts(storage, () => clock);
  const messenger = new RecordingMessenger();
  const worker = new OutboxWorker(
    store,
    messenger,
    cards,
    log,
    { pollMs: 1000, baseDelayMs: 100, maxDelayMs: 10_000, maxAttempts: 5, ...options },
    () => clock,
    posts,
  );
  return { store, posts, messenger, worker, advance: (ms: number) => (clock += ms) };
}

describe('outbox worker', () => {
  it('tells a requester who escalated in a channel in their 1:1 chat, or in the thread when Teams refuses', async () => {
    const { store, messenger, worker } = setup();
    await store.setChannel(channel);
    const thread = {
      serviceUrl: 'https://example.test/',
      channelId: 'msteams',
      conversationId: '19:x@thread.tacv2;messageid=1',
      conversationType: 'channel',
    };
    await store.escalate('c|1', { ...draft, requesterConversation: thread });
    await store.escalate('c|2', { ...draft, requesterConversation: thread });
    await worker.runOnce();
    messenger.sent.length = 0;
    await store.act(1, 'assign', { id: '29:agent', name: 'Zhang Min' });
    await worker.runOnce();
    expect(messenger.sent).toContain('send to 29:user: [{"type":"TextBlock","text":"notice 1 assign"}]');
    messenger.sent.length = 0;
    await store.act(2, 'assign', { id: '29:agent', name: 'Zhang Min' });
    messenger.failures = [undefined, undefined, new DeliveryError('bot not installed for the user', 403)];
    await worker.runOnce();
    expect(messenger.sent).toContain(`send ${thread.conversationId}: [{"type":"TextBlock","text":"notice 2 assign"}]`);
  });

  it('waits for a helpdesk channel without counting failures, then posts once', async () => {
    const { store, messenger, worker } = setup();
    await store.escalate('c|1', draft);
    await worker.runOnce();
    expect(messenger.sent).toEqual([]);
    expect((await store.getTicket(1))!.jobs).toMatchObject([
      { kind: 'postTicket', attempts: 0 },
      { kind: 'updateRequesterCard', attempts: 0 },
    ]);
    await store.setChannel(channel);
    await worker.runOnce();
    await worker.runOnce();
    expect(messenger.sent.filter((s) => s.startsWith('post'))).toHaveLength(1);
    // The requester's card is brought up to date after the post: it no longer says the helpdesk is not set up.
    expect(messenger.sent.at(-1)).toBe('update a:1 card-1');
    expect((await store.getTicket(1))!.channelPost).toEqual({
      conversationId: `${channel.channelId};messageid=1`,
      activityId: '1',
      channelId: channel.channelId,
    });
    expect(await store.pendingTickets()).toEqual([]);
  });

  it('retries throttling after Retry-After, and server errors with doubling delays', async () => {
    const { store, messenger, worker, advance } = setup();
    await store.setChannel(channel);
    const { requesterCardId: _, ...withoutRequesterCard } = draft;
    await store.escalate('c|1', withoutRequesterCard);
    messenger.failures = [new DeliveryError('throttled', 429, 3000), new DeliveryError('boom', 503)];
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs[0]).toMatchObject({ kind: 'postTicket', attempts: 1, dueAt: 1_003_000 });
    advance(2999);
    await worker.runOnce();
    expect(messenger.sent.filter((s) => s.startsWith('post'))).toEqual([]);
    advance(1);
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs[0]).toMatchObject({ kind: 'postTicket', attempts: 2, dueAt: 1_003_200 });
    advance(200);
    await worker.runOnce();
    expect(messenger.sent.filter((s) => s.startsWith('post'))).toHaveLength(1);
  });

  it('drops a message Teams refuses for good (403) or after too many attempts, and logs it', async () => {
    const errors: string[] = [];
    const { store, messenger, worker, advance } = setup(
      { maxAttempts: 2 },
      { ...silent, error: (obj: object) => void errors.push(JSON.stringify(obj)) },
    );
    await store.setChannel(channel);
    await store.escalate('c|1', draft);
    messenger.failures = [new DeliveryError('forbidden', 403), new DeliveryError('down', 503), new DeliveryError('still down', 503)];
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs.map((j) => j.kind)).toEqual(['updateRequesterCard']);
    advance(100);
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs.map((j) => j.kind)).toEqual([]);
    expect(messenger.sent).toEqual([]);
    expect(errors.join()).toContain('forbidden');
    expect(errors.join()).toContain('still down');
  });

  it('sends the requester notices and card updates an agent action queues', async () => {
    const { store, messenger, worker } = setup();
    await store.setChannel(channel);
    await store.escalate('c|1', draft);
    await worker.runOnce();
    messenger.sent.length = 0;
    await store.act(1, 'assign', { id: '29:agent', name: 'Zhang Min' });
    await worker.runOnce();
    expect(messenger.sent).toEqual([
      `update ${channel.channelId};messageid=1 1`,
      'update a:1 card-1',
      'send a:1: [{"type":"TextBlock","text":"notice 1 assign"}]',
    ]);
  });

  it('sends channel posts that belong to no ticket (alerts, digests) once a channel is set, retrying like ticket posts', async () => {
    const { store, posts, messenger, worker, advance } = setup();
    await posts.queue(card('spike 50053'));
    await posts.queue(card('weekly digest'));
    await worker.runOnce();
    expect(messenger.sent).toEqual([]); // no helpdesk channel yet: they wait, nothing failed
    expect((await posts.pending()).map((post) => post.attempts)).toEqual([0, 0]);
    await store.setChannel(channel);
    messenger.failures = [new DeliveryError('Too Many Requests', 429, 300)];
    await worker.runOnce();
    expect(messenger.sent).toEqual(['post: [{"type":"TextBlock","text":"weekly digest"}]']);
    expect(await posts.pending()).toMatchObject([{ attempts: 1, lastError: 'Too Many Requests', dueAt: 1_000_300 }]);
    advance(299);
    await worker.runOnce();
    expect(messenger.sent).toHaveLength(1);
    advance(1);
    await worker.runOnce();
    expect(messenger.sent).toEqual([
      'post: [{"type":"TextBlock","text":"weekly digest"}]',
      'post: [{"type":"TextBlock","text":"spike 50053"}]',
    ]);
    expect(await posts.pending()).toEqual([]);
    await worker.runOnce();
    expect(messenger.sent).toHaveLength(2);
  });

  it('drops a channel post Teams refuses for good, and logs it', async () => {
    const errors: string[] = [];
    const { store, posts, messenger, worker } = setup({}, { ...silent, error: (_: object, msg: string) => void errors.push(msg) });
    await store.setChannel(channel);
    await posts.queue(card('spike 53003'));
    messenger.failures = [new DeliveryError('Forbidden', 403)];
    await worker.runOnce();
    expect(await posts.pending()).toEqual([]);
    expect(errors).toEqual(['outbox message dropped']);
    expect(messenger.sent).toEqual([]);
  });
});
