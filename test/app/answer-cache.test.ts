import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app/create-app';
import { TicketStore } from '../../src/tickets/ticket-store';

const app = createHelpdeskApp({ store: new TicketStore(new MemoryStorage()), onQueued: () => {} });
const escalateData = (card: any) => card.actions.find((action: any) => action.verb === 'escalate').data;

describe('answer cards reused across messages', () => {
  it('binds each message its own question, without changing cards already sent', () => {
    const first = app.replies.answerCard(app.deps.core.understand('error 50053'), 'en', { question: 'error 50053' });
    const second = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'en', { question: 'AADSTS50053 again' });
    expect(escalateData(first)).toEqual({ q: 'error 50053', lang: 'en' });
    expect(escalateData(second)).toEqual({ q: 'AADSTS50053 again', lang: 'en' });
    expect(second.body).toBe(first.body);
  });

  it('keeps answers apart by language, IDs and status', () => {
    const en = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'en', { question: 'q' });
    const zh = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'zh', { question: 'q' });
    const withIds = app.replies.answerCard(
      app.deps.core.understand('AADSTS50053 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd'),
      'en',
      {
        question: 'q',
      },
    );
    const escalated = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'en', {
      question: 'q',
      status: { text: 'Escalated as HD-000001', color: 'accent' },
    });
    expect(JSON.stringify(zh)).toContain('帐户已锁定');
    expect(JSON.stringify(en)).not.toContain('帐户已锁定');
    expect(JSON.stringify(withIds)).toContain('aaaa0000-bb11-2222-33cc-444444dddddd');
    expect(JSON.stringify(en)).not.toContain('aaaa0000-bb11-2222-33cc-444444dddddd');
    expect(JSON.stringify(escalated)).toContain('Escalated as HD-000001');
    expect(escalated.actions).toEqual([]);
  });
});
