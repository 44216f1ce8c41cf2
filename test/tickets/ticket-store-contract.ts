import { describe, expect, it } from 'vitest';
import { cardKey, pendingKey } from '../../src/tickets/ticket-keys';
import { ticketLabel, TicketStore } from '../../src/tickets/ticket-store';
import type { KeyValueStore } from '../../src/tickets/types';
import { ticketDraft } from '../helpers/ticket-draft';

const agent = { id: '29:agent', name: 'Zhang Min' };
const draft = (name = 'Li Wei') => ticketDraft({ requester: { id: '29:user', name } });

/**
 * What the tickets must do on every store they run on (SQLite, Azure Blob on Azurite; Cosmos when one is given):
 * each case gets a fresh, empty store, as a new deployment has.
 */
export function describeTicketStoreContract(name: string, makeStore: () => KeyValueStore | Promise<KeyValueStore>, concurrency = 50): void {
  describe(`TicketStore on ${name}`, () => {
    it('numbers tickets HD-000001, HD-000002… and maps a card to one ticket however often it is escalated', async () => {
      const store = new TicketStore(await makeStore());
      const first = await store.escalate('conv|card-1', draft());
      const again = await store.escalate('conv|card-1', draft('Someone Else'));
      const second = await store.escalate('conv|card-2', draft());
      expect(ticketLabel(first.ticket.number)).toBe('HD-000001');
      expect([first.created, again.created, second.created]).toEqual([true, false, true]);
      expect(again.ticket.number).toBe(1);
      expect(again.ticket.requester.name).toBe('Li Wei');
      expect(ticketLabel(second.ticket.number)).toBe('HD-000002');
    });

    it(`creates exactly one ticket from ${concurrency} concurrent escalations of one card`, async () => {
      const store = new TicketStore(await makeStore());
      await store.escalate('conv|earlier-card', draft());
      const results = await Promise.all(Array.from({ length: concurrency }, (_, i) => store.escalate('conv|card', draft(`clicker ${i}`))));
      expect(new Set(results.map((r) => r.ticket.number))).toEqual(new Set([2]));
      expect(results.filter((r) => r.created)).toHaveLength(1);
      const creator = results.find((r) => r.created)!.ticket.requester.name;
      expect(results.every((r) => r.ticket.requester.name === creator)).toBe(true);
      expect((await store.openTickets()).map((t) => t.number)).toEqual([1, 2]);
    });

    it('numbers the very first tickets of an empty store exactly, clicked twice each at the same instant by two instances', async () => {
      const storage = await makeStore();
      const instances = [new TicketStore(storage), new TicketStore(storage)]; // two processes: separate allocators
      const cards = Array.from({ length: 20 }, (_, i) => `conv|first-${i}`);
      const results = await Promise.all(cards.flatMap((card) => instances.map((store) => store.escalate(card, draft()))));
      const byCard = new Map<string, Set<number>>();
      results.forEach((result, i) => byCard.set(cards[i >> 1]!, (byCard.get(cards[i >> 1]!) ?? new Set()).add(result.ticket.number)));
      expect([...byCard.values()].every((numbers) => numbers.size === 1)).toBe(true);
      expect(results.filter((r) => r.created)).toHaveLength(20);
      expect([...new Set(results.map((r) => r.ticket.number))].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    });

    it('stores the ticket with its outbox and its pending marker before anything is sent', async () => {
      const storage = await makeStore();
      const store = new TicketStore(storage);
      const { ticket } = await store.escalate('conv|card', draft());
      expect(ticket.jobs.map((job) => job.kind)).toEqual(['postTicket', 'updateRequesterCard']);
      expect(await store.pendingTickets()).toEqual([1]);
      expect((await storage.read([pendingKey(1)]))[pendingKey(1)]).toBeDefined();
      expect((await store.getTicket(1))?.outboxMarked).toBe(true);
    });

    it('allows assign, resolve and reopen only in the right order, and queues the notices', async () => {
      const store = new TicketStore(await makeStore());
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
      const store = new TicketStore(await makeStore());
      await store.escalate('conv|card', draft());
      const outcomes = await Promise.all([store.act(1, 'resolve', agent, 'a'), store.act(1, 'resolve', { id: '29:other' }, 'b')]);
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    });

    it("gives a ticket's outbox to one claimant until the claim expires, and clears the marker only once the outbox is empty", async () => {
      let clock = Date.parse('2026-01-01T00:00:00Z');
      const storage = await makeStore();
      const store = new TicketStore(storage, () => new Date(clock));
      await store.escalate('conv|card', draft());
      const first = await store.claim(1, 'instance-a', clock + 60_000);
      expect(first).toMatchObject({ claimed: true, ticket: { claim: { owner: 'instance-a' } } });
      expect(await store.claim(1, 'instance-b', clock + 60_000)).toEqual(
        expect.objectContaining({ claimed: false, heldUntil: clock + 60_000 }),
      );
      clock += 60_001; // instance-a died: its claim expires
      expect(await store.claim(1, 'instance-b', clock + 60_000)).toMatchObject({
        claimed: true,
        ticket: { claim: { owner: 'instance-b' } },
      });
      // Settling with jobs left keeps the marker; an owner that lost its claim cannot release the new owner's.
      expect(await store.settle(1, 'instance-a')).toMatchObject({ claim: { owner: 'instance-b' } });
      await store.settle(1, 'instance-b');
      expect(await store.pendingTickets()).toEqual([1]);
      await store.changeTicket(1, (t) => ({ ...t, jobs: [] }));
      expect(await store.settle(1, 'instance-b')).toMatchObject({ jobs: [], outboxMarked: false });
      expect(await store.pendingTickets()).toEqual([]);
    });

    it('takes over a card whose first click died before numbering it', async () => {
      let clock = Date.parse('2026-01-01T00:00:00Z');
      const storage = await makeStore();
      const store = new TicketStore(storage, () => new Date(clock));
      // What a click leaves when its process dies right after claiming the card.
      await storage.create(cardKey('conv|orphan'), { claimedAt: clock });
      clock += 31_000;
      const { ticket, created } = await store.escalate('conv|orphan', draft('Second Try'));
      expect(created).toBe(true);
      expect(ticket).toMatchObject({ number: 1, requester: { name: 'Second Try' } });
      expect((await store.escalate('conv|orphan', draft())).ticket.number).toBe(1);
    });
  });
}
