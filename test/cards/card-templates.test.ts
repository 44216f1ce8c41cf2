import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppParts } from '../../src/app/create-app';
import { TicketCardRenderer } from '../../src/app/ticket-cards';
import { testApp } from '../helpers/helpdesk-data';
import { silent } from '../helpers/insights-kit';
import type { Reply } from '../../src/app/turn-types';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { MAX_CARD_VERSION } from '../../src/cards/card-templates';
import { DAY_MS } from '../../src/insights/events';
import { insightsFor } from '../../src/insights/create-insights';
import { DEFAULT_INSIGHTS_SETTINGS, type Insights } from '../../src/insights/insights';
import { MemoryEventLog } from '../../src/insights/memory-event-log';
import type { SignInRecord } from '../../src/signin/sign-in-lookup';
import { buildSignInsModel, type SignInsAudience } from '../../src/signin/sign-ins-model';
import { TicketStore } from '../../src/tickets/ticket-store';
import type { Ticket } from '../../src/tickets/types';
import { adaptiveCardProblems, chartElements, withoutCharts } from '../helpers/adaptive-card-validator';
import { NOW, SERIES } from '../insights/scripted-series';

const store = new TicketStore(new SqliteStorage(':memory:'));
/** Insights over the contract's scripted series (and over nothing), at the series' "now". */
const insightsOf = (events: MemoryEventLog, parts: AppParts) =>
  insightsFor(parts, { events, settings: DEFAULT_INSIGHTS_SETTINGS, log: silent, now: () => NOW });
const scripted = new MemoryEventLog();
let insights!: Insights;
let empty!: Insights;
const app = testApp(store, {
  insights: (parts) => {
    empty = insightsOf(new MemoryEventLog(), parts);
    return (insights = insightsOf(scripted, parts));
  },
});
const { escalation, ticketCards, replies } = app.deps;
const { core } = app.deps;
const TEAMS_LIMIT_BYTES = 28 * 1024;
const allCodes = core.catalog.entries.map((entry) => `AADSTS${entry.code}`).join(' ');
const paste = [
  'AADSTS50126: Error validating credentials.',
  'Trace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333',
  'Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd',
  'Timestamp: 2016-01-09 02:02:12Z',
].join('\n');
const longText = `[click me](https://evil.example) **${'很长的问题 '.repeat(400)}`;
const tickets: Record<'open' | 'assigned' | 'resolved', Ticket> = {} as never;
const long = (what: string) => `[${what}](https://evil.example) ${'x'.repeat(300)}`.slice(0, 300);
/** Twenty failures at their longest (parse-sign-ins cuts Graph's text at 300 characters): known, unknown and interrupt codes. */
const worstSignIns: SignInRecord[] = Array.from({ length: 20 }, (_, i) => ({
  requestId: `0000aaaa-11bb-cccc-dd22-${String(i).padStart(12, '0')}`,
  createdAt: new Date(Date.UTC(2026, 10, 28, 9, 59 - i)).toISOString(),
  errorCode: [53003, 50126, 99999991, 50057, 50125, 50076, 700016][i % 7]!,
  appDisplayName: long(`app ${i}`),
  correlationId: `aaaa0000-bb11-2222-33cc-${String(i).padStart(12, '0')}`,
  failureReason: long('reason'),
  additionalDetails: long('details'),
  conditionalAccessStatus: 'failure',
  ipAddress: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff',
  location: { city: long('city'), state: long('state'), countryOrRegion: 'CN' },
  device: { displayName: long('device'), operatingSystem: long('os'), browser: long('browser') },
}));
const signInsCard = (lang: 'en' | 'zh', audience: SignInsAudience) =>
  replies.deps.cards.render(
    'sign-ins',
    buildSignInsModel(worstSignIns, core.catalog, replies.deps.strings, lang, { audience, lookbackHours: 720, timeZone: 'Asia/Shanghai' }),
  );
const ticketCardsWithSignIns = new TicketCardRenderer(replies, { signInLogs: true });

beforeAll(async () => {
  const agent = { id: '29:agent', name: 'Zhang Min' };
  const base = {
    requester: { id: '29:user', name: 'Li Wei', aadObjectId: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab', upn: 'li.wei@contoso.com' },
    requesterConversation: { serviceUrl: 'https://example.test/', channelId: 'msteams', conversationId: 'a:1' },
    requesterCardId: 'card',
    comment: longText,
    unknownCodes: [99999991, 99999992],
    lang: 'en' as const,
    createdAt: new Date().toISOString(),
  };
  const understanding = core.understand(`${allCodes} ${paste}`);
  const codes = understanding.known.map((e) => ({ code: e.code, title: e.title, meaning: e.meaning, party: e.party }));
  tickets.open = (await store.escalate('c|1', { ...base, question: longText, codes, context: understanding.context })).ticket;
  await store.escalate('c|2', { ...base, question: 'my account is locked', codes: [], context: {} });
  const assigned = await store.act(2, 'assign', agent);
  if (assigned.ok) tickets.assigned = assigned.ticket;
  await store.escalate('c|3', { ...base, question: 'AADSTS50057', codes: [], context: {} });
  const resolved = await store.act(3, 'resolve', agent, longText);
  if (resolved.ok) tickets.resolved = resolved.ticket;
  await store.setChannel({ channelId: '19:hd@thread.tacv2', serviceUrl: 'https://example.test/', setAt: new Date().toISOString() });
  await scripted.append(SERIES);
  await insights.start();
  await empty.start();
  for (let i = 4; i < 40; i++) await store.escalate(`c|${i}`, { ...base, question: longText, codes, context: {} });
});

const cardOf = (reply: Reply): AdaptiveCardJson => {
  if (reply.kind !== 'card') throw new Error('expected a card');
  return reply.card;
};
const origin = {
  actor: { id: '29:agent' },
  conversation: { serviceUrl: 'https://example.test/', channelId: 'msteams', conversationId: '19:hd@thread.tacv2;messageid=1' },
  teamsChannelId: '19:hd@thread.tacv2',
};

/** Every template, expanded with representative (and worst-case) data in both languages. */
const samples: [string, () => Promise<AdaptiveCardJson>][] = (['en', 'zh'] as const).flatMap(
  (lang) =>
    [
      [`${lang} answer to a paste with IDs, escalable`, async () => replies.answerCard(core.understand(paste), lang, { question: paste })],
      [
        `${lang} answer to every code at once, plus unknown ones`,
        async () => replies.answerCard(core.understand(`${allCodes} AADSTS99999991`), lang, { question: longText }),
      ],
      [
        `${lang} symptom answer with alternatives`,
        async () => replies.answerCard(core.understand('my password expired'), lang, { question: 'my password expired' }),
      ],
      [
        `${lang} which one do you see (MFA family)`,
        async () => replies.answerCard(core.understand('MFA 一直失败'), lang, { question: 'MFA 一直失败' }),
      ],
      [
        `${lang} find your code, error page with IDs and possible matches`,
        async () =>
          replies.answerCard(
            core.understand(
              `Sorry, but we're having trouble signing you in. Your account is locked.\n${paste.split('\n').slice(1).join('\n')}`,
            ),
            lang,
            { question: paste },
          ),
      ],
      [
        `${lang} no match`,
        async () => replies.answerCard(core.understand('the printer is jammed'), lang, { question: 'the printer is jammed' }),
      ],
      [`${lang} requester card after escalation`, async () => ticketCards.requesterCard({ ...tickets.resolved, lang }, true)],
      [`${lang} ticket card, open, every code`, async () => ticketCards.ticketCard(tickets.open, lang)],
      [`${lang} ticket card, assigned`, async () => ticketCards.ticketCard(tickets.assigned, lang)],
      [`${lang} ticket card, resolved`, async () => ticketCards.ticketCard(tickets.resolved, lang)],
      [`${lang} ticket card with the Recent sign-ins button`, async () => ticketCardsWithSignIns.ticketCard(tickets.open, lang)],
      [`${lang} sign-ins card for the person, escalable`, async () => signInsCard(lang, { kind: 'self', question: longText })],
      [
        `${lang} sign-ins card for the helpdesk`,
        async () => signInsCard(lang, { kind: 'helpdesk', user: 'a'.repeat(64) + '@contoso.com' }),
      ],
      [
        `${lang} answer with a sign-in logs banner`,
        async () =>
          replies.answerCard(core.understand('my account is locked'), lang, {
            question: 'my account is locked',
            banner: { text: app.deps.strings.t(lang, 'signins.banner.unavailable'), style: 'warning' },
          }),
      ],
      [`${lang} open tickets list`, async () => cardOf(await escalation.listTickets(origin, lang))],
      [`${lang} help in a team`, async () => cardOf(replies.help('team', lang))],
      [`${lang} welcome in a chat`, async () => cardOf(replies.welcome('groupChat', lang === 'zh' ? 'zh-CN' : 'en-US'))],
      [
        `${lang} channel move request`,
        async () =>
          app.deps.authority.moveRequestCard(
            {
              id: '3f2b8c1e-0d4a-4e6b-9a7c-5d1e2f3a4b5c',
              target: { channelId: '19:new-helpdesk@thread.tacv2', serviceUrl: 'https://example.test/', lang },
              fromChannelId: '19:hd@thread.tacv2',
              requestedBy: { id: '29:agent', name: longText.slice(0, 200) },
              requestedAt: '2026-11-28T09:05:00.000Z',
              teamName: '[IT](https://evil.example) Helpdesk',
            },
            lang,
          ),
      ],
      [
        `${lang} answer with feedback buttons, a long Chinese question bound three times`,
        async () =>
          replies.answerCard(core.understand(`${allCodes} AADSTS99999991`), lang, {
            question: longText,
            answerId: 'abcdefghijkl.ABCDEFGH',
          }),
      ],
      [
        `${lang} answer after "Not solved"`,
        async () =>
          replies.answerCard(core.understand('AADSTS50053'), lang, {
            question: 'AADSTS50053',
            answerId: 'abcdefghijkl.ABCDEFGH',
            feedback: { note: { text: app.deps.strings.t(lang, 'feedback.sorry'), style: 'warning' } },
          }),
      ],
      [`${lang} stats over the scripted series`, async () => insights.statsCard(lang)],
      [`${lang} stats with nothing recorded`, async () => empty.statsCard(lang, { digest: true })],
      [
        `${lang} spike alert`,
        async () => insights.spikes.card({ code: 50053, users: 23, since: NOW - DAY_MS / 48, usualPerHour: 0.25 }, lang),
      ],
      [
        `${lang} notice`,
        async () => replies.noticeCard(app.deps.strings.t(lang, 'error.turn', { ref: 'abc12345' }), { color: 'attention' }),
      ],
    ] as [string, () => Promise<AdaptiveCardJson>][],
);

describe('card templates', () => {
  it('samples every template in cards/', async () => {
    const render = vi.spyOn(app.deps.cards, 'render');
    for (const [, make] of samples) await make();
    expect(new Set(render.mock.calls.map(([name]) => name))).toEqual(new Set(app.deps.cards.names));
    render.mockRestore();
  });

  it.each(samples)('%s parses in adaptivecards 3.0.6 with no warnings, is v1.5 or lower and under 28 KB', async (_, make) => {
    const card = await make();
    // Charts are Teams' own elements: the renderer does not know them and shows their fallback.
    const charts = chartElements(card).map((chart) => chart.type as string);
    expect(adaptiveCardProblems(card)).toEqual(charts.map((type) => `Unknown element type "${type}". Fallback will be used if present.`));
    expect(adaptiveCardProblems(withoutCharts(card))).toEqual([]);
    expect(Number(card.version)).toBeLessThanOrEqual(MAX_CARD_VERSION);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_LIMIT_BYTES);
    expect(JSON.stringify(card)).not.toContain('${');
  });

  it('draws the stats with Teams charts, each with a text fallback, in the shapes Teams documents', async () => {
    const card = await insights.statsCard('en');
    const charts = chartElements(card);
    expect(charts.map((chart) => chart.type)).toEqual(['Chart.VerticalBar', 'Chart.Donut']);
    for (const chart of charts) {
      expect(chart.fallback).toMatchObject({ type: 'TextBlock', wrap: true });
      expect(chart.fallback.text.length).toBeGreaterThan(10);
      const shape =
        chart.type === 'Chart.Donut'
          ? { legend: expect.any(String), value: expect.any(Number) }
          : { x: expect.any(String), y: expect.any(Number) };
      expect(chart.data.length).toBeGreaterThan(0);
      for (const point of chart.data) {
        expect(Object.keys(point).sort()).toEqual(Object.keys(shape).sort());
        expect(point).toEqual(shape);
      }
    }
    expect(charts[0]!.data).toEqual([
      { x: '50053', y: 3 },
      { x: '50126', y: 2 },
      { x: '53003', y: 1 },
    ]);
    expect(charts[0]!.fallback.text).toBe('AADSTS50053: 3 · AADSTS50126: 2 · AADSTS53003: 1');
    expect(chartElements(await empty.statsCard('en'))).toEqual([]);
  });

  it('shows what people typed as plain text runs, never as Markdown', async () => {
    const card = ticketCards.ticketCard(tickets.open, 'en');
    const json = JSON.stringify(card);
    expect(json).toContain('"type":"TextRun","text":"[click me](https://evil.example)');
    expect(json).not.toMatch(/"type":"TextBlock","text":"\[click me\]/);
  });
});
