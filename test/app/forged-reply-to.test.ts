import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describe, expect, it } from 'vitest';
import { answerCardId } from '../../src/app/answer-card-id';
import { createHelpdeskApp } from '../../src/app/create-app';
import type { CardAction } from '../../src/app/turn-types';
import { TicketStore } from '../../src/tickets/ticket-store';
import { testData } from '../helpers/helpdesk-data';

const HELPDESK = '19:helpdesk-general@thread.tacv2';
const TICKET_THREAD = `${HELPDESK};messageid=1700000009999`;

function escalateFrom(conversationId: string, replyToId: string): CardAction {
  return {
    actor: { id: '29:attacker', name: 'Mallory' },
    conversation: {
      serviceUrl: 'https://smba.trafficmanager.net/apac/',
      channelId: 'msteams',
      conversationId,
      conversationType: 'channel',
    },
    teamsChannelId: HELPDESK,
    verb: 'escalate',
    data: { q: 'AADSTS50126', lang: 'en' },
    replyToId,
  };
}

describe('replyToId is trusted only for an answer card', () => {
  it('an escalate pointing at a ticket card (the first message of its thread) does not make that card the requester’s', async () => {
    const store = new TicketStore(new SqliteStorage(':memory:'));
    const app = createHelpdeskApp(testData(), { store, onQueued: () => {} });
    await app.onCardAction(escalateFrom(TICKET_THREAD, '1700000009999'));
    const ticket = await store.getTicket(1);
    expect(ticket).toBeDefined();
    expect(ticket!.requesterCardId).toBeUndefined(); // so no outbox job will ever overwrite the ticket card
  });

  it('an escalate from a channel addressed without its thread trusts no id either', async () => {
    const store = new TicketStore(new SqliteStorage(':memory:'));
    const app = createHelpdeskApp(testData(), { store, onQueued: () => {} });
    await app.onCardAction(escalateFrom(HELPDESK, '1700000009999'));
    expect((await store.getTicket(1))!.requesterCardId).toBeUndefined();
  });

  it('a real answer card (a reply in a thread, or any card in a chat) is kept', () => {
    expect(answerCardId(TICKET_THREAD, '1700000010001')).toBe('1700000010001');
    expect(answerCardId('a:1personal-conversation', '1:abc')).toBe('1:abc');
    expect(answerCardId('19:group-chat-id@thread.v2', '1700000000300')).toBe('1700000000300');
    expect(answerCardId(TICKET_THREAD, undefined)).toBeUndefined();
  });
});
