import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { migrateLegacyLedger } from '../../src/tickets/legacy-ledger';
import { OutboxWorker, type OutboxLog } from '../../src/tickets/outbox-worker';
import { LEGACY_LEDGER_KEY, pendingKey, ticketKey } from '../../src/tickets/ticket-keys';
import { parseTicketLabel, TicketStore } from '../../src/tickets/ticket-store';
import type { Ticket } from '../../src/tickets/types';
import { GatedStore } from '../helpers/gated-store';
import { plainCards, RecordingMessenger } from '../helpers/recording-messenger';
import { ticketDraft } from '../helpers/ticket-draft';
import { describeTicketStoreContract } from './ticket-store-contract';

const dir = mkdtempSync(join(tmpdir(), 'helpdesk-tickets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

describeTicketStoreContract('SQLite (file)', () => new SqliteStorage(join(dir, `tickets-${++files}.sqlite`)));
describeTicketStoreContract('SQLite (:memory:)', () => new SqliteStorage(':memory:'));

const agent = { id: '29:agent', name: 'Zhang Min' };
const silent: OutboxLog = { info() {}, warn() {}, error() {} };
const channel = { channelId: '19:hd@thread.tacv2', serviceUrl: 'https://example.test/', setAt: '2026-01-01T00:00:00Z' };

describe('a pending marker is never cleared over new jobs (issue 11: the worker settling while an agent acts)', () => {
  /** A ticket whose messages the worker has just delivered, stopped at one step of clearing its marker. */
  async function settlingAt(step: (operation: string, args: unknown[]) => boolean) {
    const gated = new GatedStore(new SqliteStorage(':memory:'));
    const store = new TicketStore(gated);
    const messenger = new RecordingMessenger();
    const worker = new OutboxWorker(store, messenger, plainCards, silent);
    await store.setChannel(channel);
    await store.escalate('conv|card', ticketDraft({ requesterCardId: 'card-1' }));
    const gate = gated.hold(step);
    const round = worker.runOnce();
    await gate.reached; // both messages sent and recorded; the worker has seen the outbox empty
    expect(messenger.sent).toEqual(['post: ticket 1 open', 'update a:1 card-1: requester 1 open']);
    return { store, messenger, worker, gate, round };
  }

  const isTicketWrite = (operation: string, args: unknown[]) => {
    const item = (args[0] as Record<string, Ticket>)?.[ticketKey(1)];
    return operation === 'write' && item !== undefined && item.jobs.length === 0 && item.outboxMarked === false;
  };
  const isMarkerDelete = (operation: string, args: unknown[]) => operation === 'deleteIf' && args[0] === pendingKey(1);

  it.each([
    ['about to write the ticket as settled', isTicketWrite],
    ['about to delete the marker', isMarkerDelete],
  ])('an agent assigns while the worker is %s: the notice is still sent', async (_, step) => {
    const { store, messenger, worker, gate, round } = await settlingAt(step);
    const assigned = await store.act(1, 'assign', agent); // runs to the end while the worker waits at the door
    expect(assigned.ok).toBe(true);
    gate.release();
    await round;
    // Whether that round went on to send them or left the marker for the next one, they go out, once each.
    await worker.runOnce();
    expect(messenger.sent.slice(2)).toEqual([
      `update ${channel.channelId};messageid=1 1: ticket 1 assigned`,
      'update a:1 card-1: requester 1 assigned',
      'send a:1: notice 1 assign',
    ]);
    expect(await store.pendingTickets()).toEqual([]);
  });
});

describe('TicketStore at scale', () => {
  it('maps a card re-clicked after 10,000 newer tickets to its original ticket', async () => {
    const storage = new SqliteStorage(join(dir, 'scale.sqlite'));
    const store = new TicketStore(storage);
    const original = await store.escalate('conv|the-old-card', ticketDraft());
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(Array.from({ length: 100 }, (_, i) => store.escalate(`conv|newer-${batch}-${i}`, ticketDraft())));
    }
    const again = await store.escalate('conv|the-old-card', ticketDraft({ requester: { id: '29:someone-else' } }));
    expect(again).toMatchObject({ created: false, ticket: { number: original.ticket.number, requester: { id: '29:user' } } });
    expect((await store.escalate('conv|one-more', ticketDraft())).ticket.number).toBe(10_002);
    storage.close();
  }, 120_000);
});

describe('a store from the first versions (one ledger document)', () => {
  it('is migrated once: numbering carries on, old cards keep their tickets, pending tickets are delivered', async () => {
    const storage = new SqliteStorage(':memory:');
    const legacyTicket = (number: number, jobs: Ticket['jobs']): Ticket => ({
      ...ticketDraft(),
      number,
      status: 'open',
      updatedAt: '2026-01-01T00:00:00Z',
      history: [],
      jobs,
    });
    await storage.write({
      [LEGACY_LEDGER_KEY]: { nextNumber: 8, bySource: { 'conv|card-6': 6, 'conv|card-7': 7 }, open: [6, 7], pending: [7] },
      [ticketKey(6)]: legacyTicket(6, []),
      [ticketKey(7)]: legacyTicket(7, [{ id: 'j1', kind: 'postTicket', attempts: 0, dueAt: 0 }]),
    });
    expect(await migrateLegacyLedger(storage)).toBe(true);
    expect(await migrateLegacyLedger(storage)).toBe(false);
    const store = new TicketStore(storage);
    expect((await store.escalate('conv|card-6', ticketDraft())).ticket.number).toBe(6);
    expect((await store.escalate('conv|new', ticketDraft())).ticket.number).toBe(8);
    expect((await store.openTickets()).map((t) => t.number)).toEqual([6, 7, 8]);
    expect(await store.pendingTickets()).toEqual([7, 8]);
    await store.setChannel(channel);
    const messenger = new RecordingMessenger();
    await new OutboxWorker(store, messenger, plainCards, silent).runOnce();
    expect(messenger.sent.filter((s) => s.startsWith('post')).sort()).toEqual(['post: ticket 7 open', 'post: ticket 8 open']);
    expect(await store.pendingTickets()).toEqual([]);
  });
});

describe('ticket labels', () => {
  it('parses only well-formed labels', () => {
    expect(parseTicketLabel('HD-000123')).toBe(123);
    expect(parseTicketLabel('HD-123')).toBeUndefined();
    expect(parseTicketLabel('<script>')).toBeUndefined();
    expect(parseTicketLabel(123)).toBeUndefined();
  });
});
