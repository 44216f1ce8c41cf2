import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS, type InsightEvent } from '../../src/insights/events';
import { SqliteEventLog } from '../../src/insights/sqlite-event-log';
import { Azurite } from '../helpers/azurite';
import { BotHarness } from '../helpers/bot-harness';
import { cardOf, cardText, type ConnectorCall } from '../helpers/connector-stand-in';

const HELPDESK = '19:helpdesk-general@thread.tacv2';
const isNewThread = (call: ConnectorCall) => call.method === 'POST' && call.path === '/v3/conversations' && !call.body?.members?.length;
const folder = mkdtempSync(join(tmpdir(), 'helpdesk-insights-e2e-'));
let files = 0;
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The bot on SQLite (the default store), tickets and insights each in their own file. */
function sqliteEnv(): Record<string, string> {
  const n = ++files;
  return {
    STORAGE: 'sqlite',
    SQLITE_PATH: join(folder, `tickets-${n}.sqlite`),
    INSIGHTS_SQLITE_PATH: join(folder, `insights-${n}.sqlite`),
    OUTBOX_POLL_MS: '50',
    OUTBOX_RETRY_BASE_MS: '20',
  };
}

/** Someone in their own 1:1 chat with the bot. */
function person(n: number) {
  return {
    from: { id: `29:person-${n}`, name: `Person ${n}`, aadObjectId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}` },
    conversation: { conversationType: 'personal', tenantId: 't', id: `a:1chat-${n}` },
  };
}

/** The stats card's table of figures: label → [last 7 days, last 30 days]. */
function figureTable(card: any): Record<string, [string, string]> {
  const table = card.body.find((element: any) => element.type === 'Table');
  const text = (cell: any) => cell.items[0].text as string;
  return Object.fromEntries(table.rows.slice(1).map((row: any) => [text(row.cells[0]), [text(row.cells[1]), text(row.cells[2])]]));
}

/** Each window's top codes: "AADSTS50053 · Account locked" → [count, trend]. */
function topCodes(card: any): Record<string, [string, string]>[] {
  return card.body
    .filter((element: any) => element.type === 'Container')
    .map((window: any) => {
      const table = window.items.find((element: any) => element.type === 'Table');
      const text = (cell: any) => cell.items[0].text as string;
      return Object.fromEntries((table?.rows ?? []).map((row: any) => [text(row.cells[0]), [text(row.cells[1]), text(row.cells[2])]]));
    });
}

const insightsOf = (harness: BotHarness) => harness.bot.insights!;
const actionOf = (card: any, verb: string, vote?: string) =>
  card.actions.find((action: any) => action.verb === verb && (vote === undefined || action.data.vote === vote));

describe('feedback and helpdesk insights over real HTTP', () => {
  let harness: BotHarness;

  beforeEach(async () => {
    harness = await new BotHarness().start(sqliteEnv());
  });
  afterEach(() => harness.stop());

  async function setHelpdeskChannel(): Promise<void> {
    await harness.send(harness.message('channel-mention', 'set helpdesk channel', { locale: 'en-US' }));
    await harness.connector.waitFor(1);
    harness.connector.reset();
  }

  /** Person n asks in 1:1; returns the answer card and an id for the message that holds it. */
  async function ask(n: number, text: string): Promise<{ card: any; id: string }> {
    await harness.send(harness.message('personal-message', text, person(n)));
    const [reply] = await harness.connector.waitFor(1, (call) => call.conversationId === `a:1chat-${n}` && call.method === 'POST');
    harness.connector.reset();
    return { card: cardOf(reply!), id: `answer-message-${n}-${Math.random().toString(36).slice(2)}` };
  }

  async function click(n: number, verb: string, data: Record<string, unknown>, replyToId: string) {
    const res = await harness.send(harness.cardAction('personal-message', verb, data, { ...person(n), replyToId }));
    expect(res.status).toBe(200);
    return res.body.value;
  }

  it('puts "This solved it" / "Not solved" on every answer, each answer with its own signed id', async () => {
    const first = await ask(1, 'AADSTS50053');
    const second = await ask(2, 'AADSTS50053');
    for (const { card } of [first, second]) {
      expect(actionOf(card, 'feedback', 'solved')).toMatchObject({ type: 'Action.Execute', title: 'This solved it' });
      expect(actionOf(card, 'feedback', 'not_solved')).toMatchObject({ type: 'Action.Execute', title: 'Not solved' });
    }
    const ids = [first, second].map(({ card }) => actionOf(card, 'feedback', 'solved').data.answer);
    expect(ids[0]).toMatch(/^[\w-]{22}$/);
    expect(ids[1]).not.toBe(ids[0]);
    expect(actionOf(first.card, 'escalate').data).toMatchObject({ q: 'AADSTS50053', answer: ids[0] });
    expect(actionOf(first.card, 'feedback', 'not_solved').data).toMatchObject({ q: 'AADSTS50053', answer: ids[0], lang: 'en' });
  });

  it('records votes, a second vote replacing the first; "Not solved" opens the escalation right away', async () => {
    await setHelpdeskChannel();
    const asked = await ask(1, 'AADSTS50053');
    const solved = await click(1, 'feedback', actionOf(asked.card, 'feedback', 'solved').data, asked.id);
    expect(cardText(solved)).toContain('Thanks for telling us. Glad it is solved!');
    expect(cardText(solved)).toContain('AADSTS50053 · Account locked');

    const notSolved = await click(1, 'feedback', actionOf(solved, 'feedback', 'not_solved').data, asked.id);
    const text = cardText(notSolved);
    expect(text).toContain('Sorry this did not solve it. Tell the helpdesk what you tried below');
    expect(notSolved.body.find((element: any) => element.items?.some((item: any) => item.id === 'comment'))).toBeDefined();
    const escalate = actionOf(notSolved, 'escalate');
    expect(escalate.data).toMatchObject({ q: 'AADSTS50053', answer: actionOf(asked.card, 'feedback', 'solved').data.answer });

    // The escalation the card now offers: with the comment typed in the box.
    const escalated = await click(1, 'escalate', { ...escalate.data, comment: 'Still locked after an hour' }, asked.id);
    expect(cardText(escalated)).toContain('HD-000001');
    const [post] = await harness.connector.waitFor(1, isNewThread);
    expect(cardText(post!.body.activity.attachments[0].content)).toContain('Still locked after an hour');

    // A forged vote (an answer id this bot never signed) is refused and counts nowhere.
    const forged = await click(2, 'feedback', { vote: 'solved', answer: 'aaaaaaaaaaaa.bbbbbbbb', q: 'AADSTS50053' }, 'x');
    expect(cardText(forged)).toContain('not valid');

    await harness.send(harness.message('channel-mention', 'stats', { locale: 'en-US' }));
    const [stats] = await harness.connector.waitFor(1, (call) => call.conversationId.startsWith(HELPDESK) && call.method === 'POST');
    const figures = figureTable(cardOf(stats!));
    expect(figures['Helpful (votes)']).toEqual(['0% (0 of 1)', '0% (0 of 1)']);
    expect(figures['Escalated']).toEqual(['100% (1 of 1)', '100% (1 of 1)']);
  });

  it('answers `stats` in the helpdesk channel with figures that match a scripted series exactly', async () => {
    await setHelpdeskChannel();
    // Older events, as a helpdesk's history: 10 days ago (in the 30 days, not the 7).
    const events = harness.bot.insights!.deps.events;
    const now = Date.now();
    const older: InsightEvent[] = [
      {
        kind: 'question',
        at: now - 10 * DAY_MS,
        answer: 'old-1',
        user: '00000000000000d1',
        outcome: 'code',
        codes: [53003],
        lang: 'en',
        scope: 'personal',
      },
      {
        kind: 'question',
        at: now - 10 * DAY_MS,
        answer: 'old-2',
        user: '00000000000000e1',
        outcome: 'code',
        codes: [50053],
        lang: 'zh',
        scope: 'team',
      },
      { kind: 'escalation', at: now - 10 * DAY_MS, ticket: 90, user: '00000000000000d1', answer: 'old-1' },
      { kind: 'resolved', at: now - 10 * DAY_MS + 4 * HOUR_MS, ticket: 90, openedAt: now - 10 * DAY_MS },
    ];
    await events.append(older);

    // This week, over HTTP: three people, five answers.
    const a1 = await ask(1, 'AADSTS50053'); // code
    const b1 = await ask(2, 'error 50053 and AADSTS50126'); // code, two codes
    await ask(1, 'my account is locked'); // symptom: 50053
    await ask(3, 'the printer on floor 3 is jammed'); // no match
    const choice = await ask(3, 'MFA keeps failing'); // a question back: which of 500121, 50074, 50076?
    // Picking one is not a new question; the entry picked can be voted on like any answer.
    const picked = await click(3, 'answer.choose', actionOf(choice.card, 'answer.choose').data, choice.id);
    expect(insightsOf(harness).answerId(actionOf(picked, 'feedback', 'solved').data.answer)).toBeDefined();

    // Votes: person 1 changes their mind; persons 2 and 3 find answer b1 helpful.
    await click(1, 'feedback', actionOf(a1.card, 'feedback', 'solved').data, a1.id);
    await click(1, 'feedback', actionOf(a1.card, 'feedback', 'not_solved').data, a1.id);
    await click(2, 'feedback', actionOf(b1.card, 'feedback', 'solved').data, b1.id);
    await click(3, 'feedback', actionOf(b1.card, 'feedback', 'solved').data, b1.id);

    // Tickets: two escalations, one resolved by an agent in the channel.
    await click(1, 'escalate', actionOf(a1.card, 'escalate').data, a1.id);
    await click(2, 'escalate', actionOf(b1.card, 'escalate').data, b1.id);
    await harness.connector.waitFor(2, isNewThread);
    const resolved = await harness.send(
      harness.cardAction(
        'channel-mention',
        'ticket.resolve',
        { ticket: 'HD-000001', note: 'Unlocked' },
        { conversation: { conversationType: 'channel', isGroup: true, id: `${HELPDESK};messageid=1`, tenantId: 't' } },
      ),
    );
    expect(cardText(resolved.body.value)).toContain('Resolved');
    harness.connector.reset();

    await harness.send(harness.message('channel-mention', 'stats', { locale: 'en-US' }));
    const [reply] = await harness.connector.waitFor(1, (call) => call.conversationId.startsWith(HELPDESK) && call.method === 'POST');
    const card = cardOf(reply!);
    expect(cardText(card)).toContain('Helpdesk insights');
    expect(figureTable(card)).toEqual({
      Questions: ['5', '7'],
      'People who asked': ['3', '5'],
      'Answered by code': ['2 (40%)', '4 (57%)'],
      'Answered by symptom': ['1 (20%)', '1 (14%)'],
      'Answered from sign-in logs': ['0 (0%)', '0 (0%)'],
      'Answered with a choice': ['1 (20%)', '1 (14%)'],
      'No match': ['1 (20%)', '1 (14%)'],
      'Helpful (votes)': ['67% (2 of 3)', '67% (2 of 3)'],
      Escalated: ['40% (2 of 5)', '43% (3 of 7)'],
      'Tickets opened': ['2', '3'],
      'Tickets resolved': ['1', '2'],
      'Median time to resolve': ['0 min', '2 h 0 min'],
    });
    const choices = {
      'AADSTS50074 · MFA required (sign-in interrupted)': ['1', 'new'],
      'AADSTS50076 · MFA now required (step-up or background app)': ['1', 'new'],
      'AADSTS500121 · MFA verification failed': ['1', 'new'],
    };
    expect(topCodes(card)).toEqual([
      {
        'AADSTS50053 · Account locked': ['3', '▲ 200% on the previous 7 days'], // one 10 days ago
        'AADSTS50126 · Wrong username or password': ['1', 'new'],
        ...choices,
      },
      {
        'AADSTS50053 · Account locked': ['4', 'new'],
        'AADSTS50126 · Wrong username or password': ['1', 'new'],
        'AADSTS53003 · Blocked by Conditional Access': ['1', 'new'],
        ...choices,
      },
    ]);
    expect(Object.keys(topCodes(card)[0]!)[1]).toBe('AADSTS50074 · MFA required (sign-in interrupted)'); // ties by code
    const text = cardText(card);
    expect(text).toContain('The person asking: 4'); // who must act, last 7 days: 50053 ×3 and 500121 leading
    expect(text).toContain('The person asking: 5 · Tenant admin: 1');
    // Nothing anyone typed or their names: only counts.
    expect(JSON.stringify(card)).not.toMatch(/printer|Person \d|Unlocked/);

    harness.connector.reset();
    await harness.send(harness.message('channel-mention', '统计'));
    const [zh] = await harness.connector.waitFor(1, (call) => call.conversationId.startsWith(HELPDESK) && call.method === 'POST');
    expect(figureTable(cardOf(zh!))['提问数']).toEqual(['5', '7']);
  });

  it('refuses `stats` anywhere but the helpdesk channel', async () => {
    await setHelpdeskChannel();
    const places = [
      harness.message('personal-message', 'stats'),
      harness.message('group-message', 'stats'),
      harness.message('channel-mention', '统计', {
        conversation: { conversationType: 'channel', isGroup: true, id: '19:other@thread.tacv2;messageid=5', tenantId: 't' },
        channelData: { channel: { id: '19:other@thread.tacv2' }, team: { id: '19:team-root@thread.tacv2' } },
      }),
    ];
    for (const place of places) {
      await harness.send(place);
      const [reply] = await harness.connector.waitFor(1);
      expect(cardText(cardOf(reply!))).toMatch(/Statistics are shown in the helpdesk channel only|统计只能在服务台频道中查看/);
      expect(cardText(cardOf(reply!))).not.toContain('Questions');
      harness.connector.reset();
    }
  });
});

describe('spike alerts and retention over real HTTP', () => {
  let harness: BotHarness | undefined;
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
  });

  it('posts exactly one alert to the helpdesk channel for a burst of 50053 from 20 people', async () => {
    harness = await new BotHarness().start(sqliteEnv());
    const h = harness;
    await h.send(h.message('channel-mention', 'set helpdesk channel', { locale: 'en-US' }));
    await h.connector.waitFor(1);
    h.connector.reset();
    const burst = async (people: number[]) => {
      for (const n of people) {
        const res = await h.send(h.message('personal-message', n % 2 ? 'AADSTS50053' : 'error 50053 again', person(n)));
        expect(res.status).toBe(200); // the turn, and so its event, is done when the bot answers
      }
      await h.bot.insights!.idle(); // everything written, every spike check done (alerts queued)
    };
    await burst(Array.from({ length: 20 }, (_, i) => i + 1));
    const [alert] = await h.connector.waitFor(1, isNewThread);
    // Five more people during the cool-down: still one alert.
    await burst([21, 22, 23, 24, 25]);
    await h.bot.outbox.whenIdle(); // the outbox has sent every queued channel post
    const alerts = h.connector.messages(isNewThread);
    expect(alerts).toHaveLength(1);
    expect(alert!.body.channelData.channel.id).toBe(HELPDESK);
    const text = cardText(alert!.body.activity.attachments[0].content);
    expect(text).toContain('Spike: AADSTS50053 · Account locked');
    expect(text).toMatch(/People in the last hour\n(1\d|20)\n/); // the check ran once the tenth person had asked
    expect(text).toContain('password spray');
  });

  it('deletes events past INSIGHTS_RETENTION_DAYS at start and keeps the rest', async () => {
    const env = sqliteEnv();
    const seeded = new SqliteEventLog(env.INSIGHTS_SQLITE_PATH!);
    const now = Date.now();
    const question = (days: number): InsightEvent => ({
      kind: 'question',
      at: now - days * DAY_MS,
      answer: `a-${days}`,
      user: '0000000000000abc',
      outcome: 'code',
      codes: [50126],
      lang: 'en',
      scope: 'personal',
    });
    await seeded.append([question(200), question(91), question(60), question(2)]);
    await seeded.close();
    harness = await new BotHarness().start({ ...env, INSIGHTS_RETENTION_DAYS: '90' });
    const figures = await harness.bot.insights!.deps.events.figures({ from: 0, to: now + DAY_MS });
    expect(figures.questions).toBe(2);
    expect(figures.codes).toEqual([{ code: 50126, count: 2, previous: 0 }]);
  });
});

describe('insights on Azure Blob (Azurite) through the bot', () => {
  const azurite = new Azurite();
  let harness: BotHarness | undefined;
  beforeAll(async () => {
    await azurite.start();
  }, 30_000);
  afterAll(async () => {
    await harness?.stop();
    await azurite.stop();
  });

  it('records questions and votes in append blobs and answers `stats` from them', async () => {
    harness = await new BotHarness().start({
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: 'helpdesk-insights-e2e',
    });
    const h = harness;
    await h.send(h.message('channel-mention', 'set helpdesk channel', { locale: 'en-US' }));
    await h.connector.waitFor(1);
    h.connector.reset();
    for (const [n, text] of [
      [1, 'AADSTS50053'],
      [2, 'AADSTS50053'],
      [2, 'the printer on floor 3 is jammed'],
    ] as const) {
      await h.send(h.message('personal-message', text, person(n)));
    }
    const answers = await h.connector.waitFor(3, (call) => call.conversationId.startsWith('a:1chat-'));
    const card = cardOf(answers.find((call) => call.conversationId === 'a:1chat-1')!);
    const vote = await h.send(
      h.cardAction('personal-message', 'feedback', actionOf(card, 'feedback', 'solved').data, { ...person(1), replyToId: 'answer-1' }),
    );
    expect(cardText(vote.body.value)).toContain('Glad it is solved');
    h.connector.reset();
    await h.send(h.message('channel-mention', 'stats', { locale: 'en-US' }));
    const [reply] = await h.connector.waitFor(1, (call) => call.conversationId.startsWith(HELPDESK) && call.method === 'POST');
    const figures = figureTable(cardOf(reply!));
    expect(figures).toMatchObject({
      Questions: ['3', '3'],
      'People who asked': ['2', '2'],
      'Answered by code': ['2 (67%)', '2 (67%)'],
      'No match': ['1 (33%)', '1 (33%)'],
      'Helpful (votes)': ['100% (1 of 1)', '100% (1 of 1)'],
    });
  }, 60_000);
});
