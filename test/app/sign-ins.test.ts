import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app/create-app';
import type { IncomingMessage, Reply } from '../../src/app/turn-types';
import { insightsFor } from '../../src/insights/create-insights';
import { DEFAULT_INSIGHTS_SETTINGS, type Insights } from '../../src/insights/insights';
import { MemoryEventLog } from '../../src/insights/memory-event-log';
import type { LookupOutcome, SignInLookup, SignInSubject } from '../../src/signin/sign-in-lookup';
import { TicketStore } from '../../src/tickets/ticket-store';
import { cardText } from '../helpers/connector-stand-in';
import { silent } from '../helpers/insights-kit';
import { ticketDraft } from '../helpers/ticket-draft';
import { testData } from '../helpers/helpdesk-data';

/** The app's view of the sign-in logs, answering from a fixed list and counting questions: the rules, not Graph, are tested here. */
class RecordingLookup implements SignInLookup {
  readonly asked: SignInSubject[] = [];
  outcome: LookupOutcome = {
    ok: true,
    lookbackHours: 24,
    records: [{ requestId: 'r1', createdAt: '2026-11-28T01:00:00.000Z', errorCode: 50057, appDisplayName: 'Outlook' }],
  };
  async recentFailures(subject: SignInSubject): Promise<LookupOutcome> {
    this.asked.push(subject);
    return this.outcome;
  }
}

const HELPDESK = '19:hd@thread.tacv2';
const conversation = (conversationId: string) => ({ serviceUrl: 'https://example.test/', channelId: 'msteams', conversationId });
const person = { id: '29:li', name: 'Li Wei', aadObjectId: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab' };
const personal = (text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  text,
  scope: 'personal',
  actor: person,
  conversation: conversation('a:1'),
  locale: 'en-US',
  ...extra,
});
const inChannel = (text: string, channel = HELPDESK, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
  text,
  scope: 'team',
  actor: { id: '29:agent', name: 'Zhang Min' },
  conversation: conversation(`${channel};messageid=1`),
  teamsChannelId: channel,
  locale: 'en-US',
  ...extra,
});
const textOf = (replies: Reply[]) => replies.map((reply) => (reply.kind === 'card' ? cardText(reply.card) : reply.text)).join('\n');

describe('sign-in logs in the conversation rules', () => {
  const store = new TicketStore(new SqliteStorage(':memory:'));
  const lookup = new RecordingLookup();
  const app = createHelpdeskApp(testData(), { store, onQueued: () => {} }, { signInLookup: lookup });
  const off = createHelpdeskApp(testData(), { store: new TicketStore(new SqliteStorage(':memory:')), onQueued: () => {} });

  beforeAll(async () => {
    await store.setChannel({ channelId: HELPDESK, serviceUrl: 'https://example.test/', setAt: new Date().toISOString() });
    await store.escalate('c|1', ticketDraft({ requester: person }));
    await store.escalate('c|2', ticketDraft({ requester: { id: '29:anon', name: 'Guest' } }));
  });

  it('looks up the person’s own sign-ins for a codeless 1:1 question, and not for one with a code', async () => {
    lookup.asked.length = 0;
    expect(textOf(await app.onMessage(personal('I cannot sign in')))).toContain('AADSTS50057');
    expect(textOf(await app.onMessage(personal('AADSTS50126')))).toContain('AADSTS50126');
    expect(lookup.asked).toEqual([{ kind: 'objectId', id: person.aadObjectId }]);
  });

  it('answers words after "sign-ins" that name nobody as a question outside the helpdesk channel', async () => {
    lookup.asked.length = 0;
    const group = (text: string) => app.onMessage({ ...inChannel(text, '19:other@thread.tacv2'), scope: 'groupChat' });
    expect(textOf(await group('sign-ins keep failing with AADSTS50126'))).toContain('Wrong username or password');
    expect(textOf(await group('登录记录显示 AADSTS50053'))).toContain('AADSTS50053');
    expect(textOf(await group('sign-ins bob@contoso.com'))).toContain('only works in the helpdesk channel');
    expect(textOf(await group('sign-ins'))).toContain('only works in the helpdesk channel');
    expect(lookup.asked).toEqual([]);
  });

  it('answers as before for someone Teams did not identify, and in channels', async () => {
    lookup.asked.length = 0;
    await app.onMessage(personal('I cannot sign in', { actor: { id: '29:x' } }));
    await app.onMessage(inChannel('I cannot sign in', '19:other@thread.tacv2'));
    expect(lookup.asked).toEqual([]);
  });

  it('takes a Chinese command with or without a space before the UPN, and refuses a bad argument', async () => {
    lookup.asked.length = 0;
    await app.onMessage(inChannel('登录记录bob@contoso.com'));
    await app.onMessage(inChannel('登录记录 Bob@Contoso.com'));
    expect(lookup.asked).toEqual([
      { kind: 'upn', upn: 'bob@contoso.com' },
      { kind: 'upn', upn: 'bob@contoso.com' },
    ]);
    expect(textOf(await app.onMessage(inChannel('sign-ins')))).toContain('sign-ins bob@contoso.com');
    expect(textOf(await app.onMessage(inChannel('sign-ins everyone please')))).toContain('sign-ins bob@contoso.com');
    expect(lookup.asked).toHaveLength(2);
  });

  it('honours the Recent sign-ins button only in the helpdesk channel, for a ticket whose requester Teams identified', async () => {
    lookup.asked.length = 0;
    const press = (ticket: unknown, channel = HELPDESK) => app.onMessage(inChannel('', channel, { value: { action: 'signIns', ticket } }));
    expect(textOf(await press('HD-000001'))).toContain('AADSTS50057');
    expect(lookup.asked).toEqual([{ kind: 'objectId', id: person.aadObjectId }]);
    expect(textOf(await press('HD-000001', '19:other@thread.tacv2'))).toContain('only works in the helpdesk channel');
    expect(textOf(await press('HD-000002'))).toContain('did not give HD-000002');
    expect(textOf(await press('HD-999999'))).toContain('not valid');
    expect(textOf(await press({ $ne: null }))).toContain('not valid');
    const forgedInChat = await app.onMessage(personal('', { value: { action: 'signIns', ticket: 'HD-000001' } }));
    expect(textOf(forgedInChat)).toContain('only works in the helpdesk channel');
    expect(lookup.asked).toHaveLength(1);
  });

  it('says what the helpdesk must fix when the logs cannot be read, and only that the person must wait otherwise', async () => {
    lookup.outcome = { ok: false, failure: 'unlicensed' };
    try {
      expect(textOf(await app.onMessage(inChannel('sign-ins bob@contoso.com')))).toContain('Microsoft Entra ID P1 or P2');
      const mine = textOf(await app.onMessage(personal('my sign-ins')));
      expect(mine).toContain("couldn't read the sign-in logs");
      expect(mine).not.toContain('P1');
    } finally {
      lookup.outcome = new RecordingLookup().outcome;
    }
  });

  it('offers the Recent sign-ins button on ticket cards, and the commands on the help card, only when switched on', async () => {
    const ticket = (await store.getTicket(1))!;
    expect(JSON.stringify(app.deps.ticketCards.ticketCard(ticket, 'en'))).toContain('"action":"signIns"');
    expect(JSON.stringify(off.deps.ticketCards.ticketCard(ticket, 'en'))).not.toContain('"action":"signIns"');
    expect(textOf([app.replies.help('personal', 'en')])).toContain('my sign-ins');
    expect(textOf([off.replies.help('personal', 'en')])).not.toContain('my sign-ins');
    expect(textOf([off.replies.help('team', 'zh')])).not.toContain('登录记录');
  });

  it('answers the sign-in commands with "not switched on" when the feature is off', async () => {
    expect(textOf(await off.onMessage(personal('my sign-ins')))).toContain('not switched on');
    expect(textOf(await off.onMessage(inChannel('sign-ins bob@contoso.com')))).toContain('not switched on');
    expect(textOf(await off.onMessage(personal('sign-ins keep failing with AADSTS50126')))).toContain('Wrong username or password');
  });
});

describe('answers from the sign-in logs, in the insights', () => {
  it('are recorded as "sign-in logs" with the codes the logs showed; a fallback to the text as what the text gave', async () => {
    const events = new MemoryEventLog();
    const lookup = new RecordingLookup();
    let insights!: Insights;
    const app = createHelpdeskApp(
      testData(),
      { store: new TicketStore(new SqliteStorage(':memory:')), onQueued: () => {} },
      {
        signInLookup: lookup,
        insights: (parts) => (insights = insightsFor(parts, { events, settings: DEFAULT_INSIGHTS_SETTINGS, log: silent })),
      },
    );
    await insights.start();
    lookup.outcome = {
      ok: true,
      lookbackHours: 24,
      records: [
        { requestId: 'r1', createdAt: '2026-11-28T01:00:00.000Z', errorCode: 50057 },
        { requestId: 'r2', createdAt: '2026-11-28T00:00:00.000Z', errorCode: 50126 },
        { requestId: 'r3', createdAt: '2026-11-27T23:00:00.000Z', errorCode: 50057 },
      ],
    };
    await app.onMessage(personal('I cannot sign in'));
    lookup.outcome = { ok: true, lookbackHours: 24, records: [] };
    const [fallback] = await app.onMessage(personal('my account is locked'));
    await insights.idle();
    const figures = await events.figures({ from: Date.now() - 60_000, to: Date.now() + 60_000 });
    expect(figures.outcomes).toMatchObject({ sign_in_logs: 1, symptom: 1 });
    expect([...figures.codes].sort((a, b) => a.code - b.code)).toEqual([
      { code: 50053, count: 1, previous: 0 },
      { code: 50057, count: 1, previous: 0 },
      { code: 50126, count: 1, previous: 0 },
    ]);
    // The answer from the text, with its banner, still asks "did this solve it?", its own id bound in.
    const votes = (fallback!.kind === 'card' ? (fallback!.card.actions as any[]) : []).filter((action) => action.verb === 'feedback');
    expect(votes.map((action) => insights.answerId(action.data.answer))).toEqual([votes[0].data.answer, votes[0].data.answer]);
    await insights.stop();
  });
});
