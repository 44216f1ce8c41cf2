import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { parseTicketLabel, ticketLabel, TicketStore } from '../../src/tickets/ticket-store';
import { ticketDraft } from '../helpers/ticket-draft';

const agent = { id: '29:agent', name: 'Zhang Min' };
const draft = (name = 'Li Wei') => ticketDraft({ requester: { id: '29:user', name } });

/** Azure Blob's behaviour: a write with an eTag fails when the blob does not exist yet (no create-only writes). */
class BlobLikeStorage extends MemoryStorage {
  override async write(changes: Record<string, any>): Promise<void> {
    const existing = await this.read(Object.keys(changes));
    for (const [key, item] of Object.entries(changes)) {
      if (item.eTag && item.eTag !== '*' && !existing[key]) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
    }
    return super.write(changes);
  }
}

describe.each([
  ['MemoryStorage', () => new MemoryStorage()],
  ['SqliteStorage', () => new SqliteStorage(':memory:')],
  ['Blob-like storage', () => new BlobLikeStorage()],
])('TicketStore on %s', (_, makeStorage) => {
  it('numbers tickets HD-000001, HD-000002… and maps a card to one ticket however often it is escalated', async () => {
    const store = new TicketStore(makeStorage());
    const first = await store.escalate('conv|card-1', draft());
    const again = await store.escalate('conv|card-1', draft('Someone Else'));
    const second = await store.escalate('conv|card-2', draft());
    expect(ticketLabel(first.ticket.number)).toBe('HD-000001');
    expect([first.created, again.created, second.created]).toEqual([true, false, true]);
    expect(again.ticket.number).toBe(1);
    expect(again.ticket.requester.name).toBe('Li Wei');
    expect(ticketLabel(second.ticket.number)).toBe('HD-000002');
  });

  it('creates exactly one ticket from 50 concurrent escalations of one card', async () => {
    const store = new TicketStore(makeStorage());
    await store.escalate('conv|earlier-card', draft());
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.escalate('conv|card', draft(`clicker ${i}`))));
    expect(new Set(results.map((r) => r.ticket.number))).toEqual(new Set([2]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const creator = results.find((r) => r.created)!.ticket.requester.name;
    expect(results.every((r) => r.ticket.requester.name === creator)).toBe(true);
    expect((await store.openTickets()).map((t) => t.number)).toEqual([1, 2]);
  });

  it('stores the ticket with its outbox before anything is sent', async () => {
    const store = new TicketStore(makeStorage());
    const { ticket } = await store.escalate('conv|card', draft());
    expect(ticket.jobs.map((job) => job.kind)).toEqual(['postTicket', 'updateRequesterCard']);
    expect(await store.pendingTickets()).toEqual([1]);
  });

  it('allows assign, resolve and reopen only in the right order, and queues the notices', async () => {
    const store = new TicketStore(makeStorage());
    await store.escalate('conv|card', draft());
    expect(await store.act(1, 'reopen', agent)).toMatchObject({ ok: false, reason: 'not_allowed' });
    const assigned = await store.act(1, 'assign', agent);
    expect(assigned).toMatchObject({ ok: true, ticket: { status: 'assigned', assignee: agent } });
    const resolved = await store.act(1, 'resolve', agent, 'unlocked');
    expect(resolved).toMatchObject({ ok: true, ticket: { status: 'resolved', resolution: 'unlocked' } });
    expect(await store.openTickets()).toEqual([]);
    expect(await store.act(1, 'resolve', agent)).toMatchObject({ ok: false, reason: 'not_allowed' });
    const reopened = await store.act(1, 'reopen', agent);
    expect(reopened).toMatchObject({ ok: true, ticket: { status: 'assigned' } });
    expect((await store.openTickets()).map((t) => t.number)).toEqual([1]);
    if (!reopened.ok) throw new Error('unreachable');
    expect(reopened.ticket.jobs.filter((job) => job.kind === 'notifyRequester').map((job) => job.event)).toEqual([
      'assign',
      'resolve',
      'reopen',
    ]);
    expect(reopened.ticket.history.map((event) => event.action)).toEqual(['created', 'assign', 'resolve', 'reopen']);
    expect(await store.act(42, 'assign', agent)).toEqual({ ok: false, reason: 'not_found' });
  });

  it('lets one of two agents resolving at once win, the other is refused', async () => {
    const store = new TicketStore(makeStorage());
    await store.escalate('conv|card', draft());
    const outcomes = await Promise.all([store.act(1, 'resolve', agent, 'a'), store.act(1, 'resolve', { id: '29:other' }, 'b')]);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
  });
});

describe.each([
  ['MemoryStorage', () => new MemoryStorage()],
  ['SqliteStorage', () => new SqliteStorage(':memory:')],
])('TicketStore on %s, which can create only if absent', (_, makeStorage) => {
  it('makes one ticket even when the very first escalations of all race', async () => {
    const store = new TicketStore(makeStorage());
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => store.escalate('conv|card', draft(`clicker ${i}`))));
    expect(new Set(results.map((r) => r.ticket.number))).toEqual(new Set([1]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
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
