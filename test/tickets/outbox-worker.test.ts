import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { DeliveryError, OutboxWorker, type OutboxLog, type OutboxOptions } from '../../src/tickets/outbox-worker';
import { ticketKey } from '../../src/tickets/ticket-keys';
import { TicketStore } from '../../src/tickets/ticket-store';
import type { HelpdeskChannel, KeyValueStore } from '../../src/tickets/types';
import { plainCards, RecordingMessenger } from '../helpers/recording-messenger';
import { ticketDraft } from '../helpers/ticket-draft';

const silent: OutboxLog = { info() {}, warn() {}, error() {} };
const channel: HelpdeskChannel = { channelId: '19:hd@thread.tacv2', serviceUrl: 'https://example.test/', setAt: '2026-01-01T00:00:00Z' };
const draft = ticketDraft({ requesterCardId: 'card-1', createdAt: '2026-01-01T00:00:00Z' });
const agent = { id: '29:agent', name: 'Zhang Min' };
const OPTIONS: OutboxOptions = {
  pollMs: 1000,
  baseDelayMs: 100,
  maxDelayMs: 10_000,
  maxAttempts: 5,
  concurrency: 4,
  callTimeoutMs: 1000,
  claimMs: 5000,
};

/** Counts the store calls that read one ticket: a parked ticket must not be read again and again. */
class CountingStore extends SqliteStorage {
  ticketReads = 0;
  override async read(keys: string[]) {
    if (keys.includes(ticketKey(1))) this.ticketReads++;
    return super.read(keys);
  }
}

function setup(options: Partial<OutboxOptions> = {}, log = silent, storage: KeyValueStore = new SqliteStorage(':memory:')) {
  let clock = 1_000_000;
  const store = new TicketStore(storage, () => new Date(clock));
  const messenger = new RecordingMessenger();
  const worker = new OutboxWorker(store, messenger, plainCards, log, { ...OPTIONS, ...options }, () => clock);
  return { store, messenger, worker, advance: (ms: number) => (clock += ms) };
}

const posts = (sent: string[]) => sent.filter((s) => s.startsWith('post'));

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
    await store.act(1, 'assign', agent);
    await worker.runOnce();
    expect(messenger.sent).toContain('send to 29:user: notice 1 assign');
    messenger.sent.length = 0;
    await store.act(2, 'assign', agent);
    messenger.respond = (call) => (call.startsWith('send to') ? new DeliveryError('bot not installed for the user', 403) : undefined);
    await worker.runOnce();
    expect(messenger.sent).toContain(`send ${thread.conversationId}: notice 2 assign`);
  });

  it('parks a post while there is no helpdesk channel: not read again, no failures counted; posts once when a channel is set', async () => {
    const storage = new CountingStore(':memory:');
    const { store, messenger, worker } = setup({}, silent, storage);
    await store.escalate('c|1', draft);
    await worker.runOnce();
    expect(messenger.sent).toEqual([]);
    expect((await store.getTicket(1))!.jobs).toMatchObject([
      { kind: 'postTicket', attempts: 0 },
      { kind: 'updateRequesterCard', attempts: 0 },
    ]);
    const reads = storage.ticketReads;
    for (let i = 0; i < 20; i++) await worker.runOnce(); // twenty polls
    expect(storage.ticketReads).toBe(reads);
    await store.setChannel(channel);
    await worker.runOnce();
    await worker.runOnce();
    expect(posts(messenger.sent)).toEqual(['post: ticket 1 open']);
    // The requester's card is brought up to date after the post, in the same round: it no longer says the helpdesk is not set up.
    expect(messenger.sent).toEqual(['post: ticket 1 open', 'update a:1 card-1: requester 1 open']);
    expect((await store.getTicket(1))!.channelPost).toEqual({
      conversationId: `${channel.channelId};messageid=1`,
      activityId: '1',
      channelId: channel.channelId,
    });
    expect(await store.pendingTickets()).toEqual([]);
  });

  it('retries throttling after Retry-After, capped, and server errors with doubling delays', async () => {
    const { store, messenger, worker, advance } = setup();
    await store.setChannel(channel);
    const { requesterCardId: _, ...withoutRequesterCard } = draft;
    await store.escalate('c|1', withoutRequesterCard);
    const failures = [
      new DeliveryError('throttled', 429, 3000),
      new DeliveryError('boom', 503),
      new DeliveryError('throttled', 429, 86_400_000),
    ];
    messenger.respond = () => failures.shift();
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs[0]).toMatchObject({ kind: 'postTicket', attempts: 1, dueAt: 1_003_000 });
    advance(2999);
    await worker.runOnce();
    expect(posts(messenger.sent)).toEqual([]);
    advance(1);
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs[0]).toMatchObject({ kind: 'postTicket', attempts: 2, dueAt: 1_003_200 });
    advance(200);
    await worker.runOnce();
    // A day's Retry-After waits maxDelayMs (10 s here), not a day.
    expect((await store.getTicket(1))!.jobs[0]).toMatchObject({ kind: 'postTicket', attempts: 3, dueAt: 1_003_200 + 10_000 });
    advance(10_000);
    await worker.runOnce();
    expect(posts(messenger.sent)).toHaveLength(1);
  });

  it('drops a message Teams refuses for good (403) or after too many attempts, and logs it', async () => {
    const errors: string[] = [];
    const { store, messenger, worker, advance } = setup(
      { maxAttempts: 2 },
      { ...silent, error: (obj: object) => void errors.push(JSON.stringify(obj)) },
    );
    await store.setChannel(channel);
    await store.escalate('c|1', draft);
    const failures = [new DeliveryError('forbidden', 403), new DeliveryError('down', 503), new DeliveryError('still down', 503)];
    messenger.respond = () => failures.shift();
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs.map((j) => j.kind)).toEqual(['updateRequesterCard']);
    advance(100);
    await worker.runOnce();
    expect((await store.getTicket(1))!.jobs.map((j) => j.kind)).toEqual([]);
    expect(messenger.sent).toEqual([]);
    expect(errors.join()).toContain('forbidden');
    expect(errors.join()).toContain('still down');
  });

  it('sends the card updates and requester notices an agent action queues; notices in order, updates once with the latest state', async () => {
    const { store, messenger, worker } = setup();
    await store.setChannel(channel);
    await store.escalate('c|1', draft);
    await worker.runOnce();
    messenger.sent.length = 0;
    await store.act(1, 'assign', agent);
    await store.act(1, 'resolve', agent, 'done');
    await worker.runOnce();
    expect([...messenger.sent].sort()).toEqual([
      'send a:1: notice 1 assign',
      'send a:1: notice 1 resolve',
      `update ${channel.channelId};messageid=1 1: ticket 1 resolved`,
      'update a:1 card-1: requester 1 resolved',
    ]);
    expect(messenger.sent.filter((s) => s.startsWith('send'))).toEqual(['send a:1: notice 1 assign', 'send a:1: notice 1 resolve']);
  });

  it("keeps a ticket's conversations apart: a throttled or hung channel card does not hold the requester's notice back", async () => {
    const { store, messenger, worker } = setup({ callTimeoutMs: 5000 });
    await store.setChannel(channel);
    await store.escalate('c|1', draft);
    await worker.runOnce();
    messenger.sent.length = 0;
    await store.act(1, 'assign', agent);
    messenger.respond = (call) =>
      call.startsWith(`update ${channel.channelId}`) ? new DeliveryError('throttled', 429, 60_000) : undefined;
    await worker.runOnce();
    expect([...messenger.sent].sort()).toEqual(['send a:1: notice 1 assign', 'update a:1 card-1: requester 1 assigned']);

    await store.act(1, 'resolve', agent, 'done');
    messenger.respond = (call) => (call.startsWith(`update ${channel.channelId}`) ? 'hang' : undefined);
    worker.kick(1); // as the click's handler does: the ticket is looked at now, whatever its retry time
    const round = worker.whenIdle();
    for (let i = 0; !messenger.sent.includes('send a:1: notice 1 resolve'); i++) {
      if (i > 200) throw new Error(`not sent: ${JSON.stringify(messenger.sent)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(messenger.aborted).toEqual([]); // the channel card still hangs while the notice went out
    await worker.stop();
    await round;
  });

  it('ends a call that does not answer at its deadline, and other tickets go out meanwhile', async () => {
    const { store, messenger, worker, advance } = setup({ callTimeoutMs: 300 });
    await store.setChannel(channel);
    messenger.respond = (call) => (call === 'post: ticket 1 open' ? 'hang' : undefined);
    for (let i = 1; i <= 6; i++) await store.escalate(`c|${i}`, draft);
    const started = Date.now();
    await worker.runOnce();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(messenger.aborted).toEqual(['post: ticket 1 open']);
    expect(posts(messenger.sent).sort()).toEqual([2, 3, 4, 5, 6].map((n) => `post: ticket ${n} open`));
    expect((await store.getTicket(1))!.jobs[0]).toMatchObject({ kind: 'postTicket', attempts: 1, lastError: 'no answer within 300 ms' });
    messenger.respond = () => undefined;
    advance(100);
    await worker.runOnce();
    expect(posts(messenger.sent)).toContain('post: ticket 1 open');
  });

  it('stops at once with a hung call: the message stays pending, its claim is released, no failure is counted', async () => {
    const { store, messenger, worker } = setup({ callTimeoutMs: 60_000, claimMs: 180_000 });
    await store.setChannel(channel);
    messenger.respond = (call) => (call.startsWith('post') ? 'hang' : undefined);
    await store.escalate('c|1', draft);
    worker.start();
    while (!(await store.getTicket(1))?.claim) await new Promise((resolve) => setTimeout(resolve, 10));
    const started = Date.now();
    await worker.stop();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(messenger.aborted).toEqual(['post: ticket 1 open']);
    const ticket = (await store.getTicket(1))!;
    expect(ticket.claim).toBeUndefined();
    expect(ticket.jobs.find((job) => job.kind === 'postTicket')).toMatchObject({ attempts: 0 });
    expect(await store.pendingTickets()).toEqual([1]);
  });
});

describe('claims held across long rounds', () => {
  it('renews its claim when a round outlasts it, and stops sending when another instance has taken the ticket over', async () => {
    const { store, messenger, worker, advance } = setup({ callTimeoutMs: 1000, claimMs: 3000 });
    await store.setChannel(channel);
    await store.escalate('c|1', draft);
    await worker.runOnce(); // posted; the requester's card updated
    await store.act(1, 'assign', agent);
    await store.act(1, 'resolve', agent, 'done');
    const claims: (number | undefined)[] = [];
    // Each notice takes 1.5 s of the clock: after the first, less than two calls' time is left on the claim.
    messenger.respond = async (call) => {
      if (call.startsWith('send')) {
        claims.push((await store.getTicket(1))?.claim?.until);
        advance(1500);
      }
      return undefined;
    };
    await worker.runOnce();
    expect(messenger.sent.filter((s) => s.startsWith('send'))).toEqual(['send a:1: notice 1 assign', 'send a:1: notice 1 resolve']);
    expect(new Set(claims).size).toBe(2); // renewed between the two

    // Another instance took the ticket over while our first call ran (our claim had expired): we send nothing more.
    await store.act(1, 'reopen', agent);
    await store.act(1, 'resolve', agent, 'again');
    messenger.sent.length = 0;
    messenger.respond = async (call) => {
      if (call.startsWith('send')) {
        advance(3001);
        expect(await store.claim(1, 'other-instance', 1_000_000_000_000)).toMatchObject({ claimed: true });
      }
      return undefined;
    };
    await worker.runOnce();
    expect(messenger.sent.filter((s) => s.startsWith('send'))).toEqual(['send a:1: notice 1 reopen']);
    expect((await store.getTicket(1))!.claim?.owner).toBe('other-instance');
  });
});

describe('two outbox workers on one store (two instances)', () => {
  it('deliver every message exactly once between them', async () => {
    const storage = new SqliteStorage(':memory:');
    const store = new TicketStore(storage);
    await store.setChannel(channel);
    const messenger = new RecordingMessenger();
    const workers = [0, 1].map(() => new OutboxWorker(new TicketStore(storage), messenger, plainCards, silent, OPTIONS));
    for (let i = 1; i <= 40; i++) await store.escalate(`c|${i}`, draft);
    await Promise.all(workers.map((worker) => worker.runOnce()));
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.act(i + 1, 'assign', agent)));
    await Promise.all(workers.map((worker) => worker.runOnce()));
    await Promise.all(workers.map((worker) => worker.runOnce()));
    // Per ticket: the post, the requester's card (open), the ticket card and requester's card (assigned), the notice.
    const expected = Array.from({ length: 40 }, (_, i) => [
      `post: ticket ${i + 1} open`,
      `update a:1 card-1: requester ${i + 1} open`,
      `update ${channel.channelId};messageid=${i + 1} ${i + 1}: ticket ${i + 1} assigned`,
      `update a:1 card-1: requester ${i + 1} assigned`,
      `send a:1: notice ${i + 1} assign`,
    ]).flat();
    expect([...messenger.sent].sort()).toEqual(expected.sort());
    expect(await store.pendingTickets()).toEqual([]);
  });

  it("takes over a crashed instance's claim once it expires, and not before", async () => {
    let clock = 1_000_000;
    const storage = new SqliteStorage(':memory:');
    const store = new TicketStore(storage, () => new Date(clock));
    await store.setChannel(channel);
    await store.escalate('c|1', draft);
    // The crashed instance's claim, as it left it.
    await store.claim(1, 'crashed-instance', clock + 5000);
    const messenger = new RecordingMessenger();
    const survivor = new OutboxWorker(store, messenger, plainCards, silent, OPTIONS, () => clock);
    await survivor.runOnce();
    expect(messenger.sent).toEqual([]);
    clock += 5001;
    await survivor.runOnce();
    expect(posts(messenger.sent)).toEqual(['post: ticket 1 open']);
    expect(await store.pendingTickets()).toEqual([]);
  });
});
