import type { TicketDraft } from '../../src/tickets/ticket-store';

/** A ticket as a 1:1 escalation of "AADSTS50053" drafts it; tests override what they look at. */
export function ticketDraft(overrides: Partial<TicketDraft> = {}): TicketDraft {
  return {
    requester: { id: '29:user', name: 'Li Wei' },
    requesterConversation: {
      serviceUrl: 'https://example.test/',
      channelId: 'msteams',
      conversationId: 'a:1',
      conversationType: 'personal',
    },
    question: 'AADSTS50053',
    codes: [],
    unknownCodes: [],
    context: {},
    lang: 'en',
    createdAt: new Date().toISOString(),
    ...overrides,
  };
}
