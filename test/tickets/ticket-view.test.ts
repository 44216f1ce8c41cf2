import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describe, expect, it } from 'vitest';
import { Strings } from '../../src/core/strings';
import { TicketStore } from '../../src/tickets/ticket-store';
import { formatTime, knownTimeZone, requesterStatus, ticketCardModel } from '../../src/tickets/ticket-view';
import type { Ticket } from '../../src/tickets/types';
import { ticketDraft } from '../helpers/ticket-draft';
import { testData } from '../helpers/helpdesk-data';

const strings = new Strings(testData().strings);
const agent = { id: '29:agent', name: 'Zhang Min' };
const other = { id: '29:other-agent', name: 'Wang Fang' };

async function ticketIn(status: Ticket['status']): Promise<Ticket> {
  const store = new TicketStore(new SqliteStorage(':memory:'));
  const draft = ticketDraft({
    createdAt: '2026-12-01T02:03:00.000Z',
    requesterTimeZone: 'Asia/Shanghai',
    codes: [
      {
        code: 50053,
        title: { en: 'Account locked', zh: '账户已锁定' },
        meaning: { en: 'Locked.', zh: '已锁定。' },
        party: 'user',
      },
    ],
  });
  const { ticket } = await store.escalate('c|1', draft);
  if (status === 'open') return ticket;
  const assigned = await store.act(1, 'assign', agent);
  if (status === 'assigned') return assigned.ticket!;
  return (await store.act(1, 'resolve', agent, 'Unlocked')).ticket!;
}

describe('ticket card model', () => {
  it('offers only the buttons that make sense in each state, for each viewer', async () => {
    const buttons = (ticket: Ticket, viewer = {}) =>
      Object.entries(ticketCardModel(ticket, strings, 'en', viewer).actions)
        .filter(([, title]) => title !== null)
        .map(([action, title]) => `${action}:${title}`);
    const open = await ticketIn('open');
    const assigned = await ticketIn('assigned');
    const resolved = await ticketIn('resolved');
    expect(buttons(open)).toEqual(['assign:Assign to me', 'resolve:Resolve']);
    expect(buttons(assigned)).toEqual(['assign:Take over', 'resolve:Resolve']);
    expect(buttons(assigned, { id: other.id })).toEqual(['assign:Take over', 'resolve:Resolve']);
    expect(buttons(assigned, { id: agent.id })).toEqual(['resolve:Resolve']);
    expect(buttons(resolved)).toEqual(['reopen:Reopen']);
    expect(buttons(resolved, { id: agent.id })).toEqual(['reopen:Reopen']);
  });

  it("asks the assignee's Teams to refresh into their own view, and no one else's", async () => {
    expect(ticketCardModel(await ticketIn('assigned'), strings, 'en').refresh).toEqual({ userIds: [agent.id] });
    expect(ticketCardModel(await ticketIn('open'), strings, 'en').refresh).toBeNull();
    expect(ticketCardModel(await ticketIn('resolved'), strings, 'en').refresh).toBeNull();
  });

  it('words who must act for the helpdesk, not for the requester', async () => {
    const model = ticketCardModel(await ticketIn('open'), strings, 'en');
    expect(model.codes[0]).toMatchObject({ party: 'The requester can fix this themselves', partyStyle: 'good' });
    expect(ticketCardModel(await ticketIn('open'), strings, 'zh').codes[0]!.party).toBe('提问人可以自己解决');
  });

  it("shows times in the viewer's time zone, labelled, and in UTC when the zone is unknown", async () => {
    const ticket = await ticketIn('open');
    expect(ticketCardModel(ticket, strings, 'en', { timeZone: 'Asia/Shanghai' }).askedBy).toBe('Asked by Li Wei · 2026-12-01 10:03 GMT+8');
    expect(ticketCardModel(ticket, strings, 'en').askedBy).toBe('Asked by Li Wei · 2026-12-01 02:03 UTC');
    expect(ticketCardModel(ticket, strings, 'en', { timeZone: 'Not/AZone' }).askedBy).toBe('Asked by Li Wei · 2026-12-01 02:03 UTC');
    expect(formatTime('2026-07-01T12:00:00Z', 'America/Los_Angeles')).toBe('2026-07-01 05:00 GMT-7');
    expect(formatTime('2026-07-01T12:00:00Z', 'Asia/Kolkata')).toBe('2026-07-01 17:30 GMT+5:30');
    expect(knownTimeZone('x'.repeat(500))).toBeUndefined();
  });

  it('tells the requester when they escalated in their own time zone', async () => {
    const ticket = await ticketIn('open');
    expect(requesterStatus(ticket, strings, true)).toEqual({
      text: 'Escalated as HD-000001 on 2026-12-01 10:03 GMT+8: open. The helpdesk will pick it up.',
      style: 'accent',
    });
    expect(requesterStatus({ ...ticket, requesterTimeZone: undefined }, strings, false).text).toContain('2026-12-01 02:03 UTC');
  });

  it('gives every ticket card a summary for notifications and chat lists', async () => {
    expect(ticketCardModel(await ticketIn('open'), strings, 'en').summary).toBe('HD-000001 · Open: AADSTS50053 Account locked');
  });
});
