import { cardKey, COUNTER_KEY, openKey, ticketKey } from '../../src/tickets/ticket-keys';
import type { KeyValueStore, Ticket } from '../../src/tickets/types';

/** One ticket in ten is still open; the rest were resolved, as in a helpdesk that keeps up. */
const OPEN_EVERY = 10;

function seededTicket(number: number): Ticket {
  const at = new Date(Date.UTC(2026, 0, 1) + number * 60_000).toISOString();
  const requester = { id: `29:seed-user-${number % 500}`, name: `Seed User ${number % 500}`, upn: `user${number % 500}@contoso.com` };
  const agent = { id: '29:seed-agent', name: 'Seed Agent' };
  const open = number % OPEN_EVERY === 0;
  return {
    number,
    status: open ? 'assigned' : 'resolved',
    requester,
    requesterConversation: {
      serviceUrl: 'https://smba.trafficmanager.net/apac/',
      channelId: 'msteams',
      conversationId: `a:seed-conversation-${number % 500}`,
      conversationType: 'personal',
    },
    requesterCardId: `seed-card-${number}`,
    question: 'AADSTS50053 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd',
    codes: [],
    unknownCodes: [50053],
    context: { correlationId: 'aaaa0000-bb11-2222-33cc-444444dddddd' },
    lang: 'en',
    createdAt: at,
    updatedAt: at,
    assignee: agent,
    ...(!open && { resolution: 'Unlocked the account.' }),
    history: [
      { at, action: 'created', by: requester },
      { at, action: 'assign', by: agent },
      ...(open ? [] : [{ at, action: 'resolve' as const, by: agent, note: 'Unlocked the account.' }]),
    ],
    channelPost: {
      conversationId: `19:helpdesk@thread.tacv2;messageid=${number}`,
      activityId: String(number),
      channelId: '19:helpdesk@thread.tacv2',
    },
    jobs: [],
    outboxMarked: false,
  };
}

/**
 * Fills an empty store with `count` tickets as the ticket store leaves them once everything is delivered: the
 * counter, one card record per ticket, the ticket, and the open entry of the ones still open. Written straight in
 * the store's layout (src/tickets/ticket-keys.ts) because going through escalation and delivery would take an hour
 * on Azurite; what a new escalation reads and writes is the same either way.
 */
export async function seedTickets(store: KeyValueStore, count: number, concurrency = 64, progress?: (done: number) => void): Promise<void> {
  await store.write({ [COUNTER_KEY]: { next: count + 1 } });
  let next = 1;
  let done = 0;
  const worker = async () => {
    while (next <= count) {
      const number = next++;
      await Promise.all([
        store.create(ticketKey(number), seededTicket(number)),
        store.create(cardKey(`a:seed-conversation-${number % 500}|seed-card-${number}`), { number, claimedAt: 0 }),
        ...(number % OPEN_EVERY === 0 ? [store.create(openKey(number), { at: 0 })] : []),
      ]);
      if (++done % 1000 === 0) progress?.(done);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
