import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aggregate } from '../../src/insights/aggregate-events';
import { DAY_MS, HOUR_MS, type EventLog, type InsightEvent, type WindowFigures } from '../../src/insights/events';

/** A fixed "now": the series below is laid out in days and hours before it. */
export const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
const ago = (days: number, hours = 0) => NOW - days * DAY_MS + hours * HOUR_MS;
/** User hashes as the app makes them: 16 hex digits (one with the top bit set, a negative 64-bit integer in SQLite). */
const user = (n: number) => n.toString(16).padStart(16, '0');
const U1 = user(1);
const U2 = user(2);
const U3 = user(3);
const U4 = user(4);
const U5 = user(5);
const U6 = user(6);
const U7 = user(7);
const UF = 'ffffffffffffff01';

const question = (at: number, answer: string, who: string, outcome: 'code' | 'symptom' | 'choice' | 'no_match', codes: number[]) =>
  ({ kind: 'question', at, answer, user: who, outcome, codes, lang: 'en', scope: 'personal' }) as const satisfies InsightEvent;

/**
 * A scripted series, and what it adds up to, counted by hand (not by the code under test). Windows: the last 7 days
 * (previous: 7–14 days ago) and the last 30 days (previous: 30–60 days ago).
 */
export const SERIES: InsightEvent[] = [
  // Last 7 days: six questions by four people.
  question(ago(1), 'A1', U1, 'code', [50053]),
  question(ago(1, 0.5), 'A2', U2, 'code', [50053, 50126, 50053]), // a code twice in one paste counts once
  question(ago(2), 'A3', U1, 'symptom', [50126]),
  question(ago(3), 'A4', U3, 'no_match', []),
  question(ago(5), 'A5', UF, 'code', [53003]),
  question(ago(6), 'A6', U2, 'choice', [50053]),
  // 7 to 14 days ago.
  question(ago(7.5), 'A7', U4, 'code', [50053]),
  question(ago(10), 'A8', U5, 'code', [53003]),
  question(ago(12), 'A9', U4, 'code', [99999991]),
  // 14 to 30 days ago.
  question(ago(20), 'A10', U6, 'symptom', [50057]),
  question(ago(29), 'A11', U1, 'code', [50053]),
  // 30 to 60 days ago, and older.
  question(ago(40), 'A12', U7, 'code', [50053]),
  question(ago(45), 'A13', U7, 'code', [50126]),
  question(ago(80), 'A14', U7, 'code', [50053]),
  question(ago(100), 'A15', U7, 'code', [50053]),
  // Votes: a second vote by the same person on the same answer replaces the first; the later one in time wins,
  // whatever order the events arrive in.
  { kind: 'feedback', at: ago(1, 1), answer: 'A1', user: U1, vote: 'solved' },
  { kind: 'feedback', at: ago(1, 2), answer: 'A1', user: U1, vote: 'not_solved' },
  { kind: 'feedback', at: ago(2, 1), answer: 'A2', user: U2, vote: 'solved' },
  { kind: 'feedback', at: ago(9), answer: 'A7', user: U4, vote: 'solved' },
  { kind: 'feedback', at: ago(9), answer: 'A7', user: U5, vote: 'not_solved' },
  { kind: 'feedback', at: ago(3), answer: 'A7', user: U5, vote: 'solved' },
  { kind: 'feedback', at: ago(4), answer: 'A3', user: U3, vote: 'solved' },
  { kind: 'feedback', at: ago(5), answer: 'A3', user: U3, vote: 'not_solved' },
  // Tickets: opened (escalation), resolved, reopened.
  { kind: 'escalation', at: ago(1), ticket: 1, user: U1, answer: 'A1' },
  { kind: 'escalation', at: ago(2), ticket: 2, user: U2 },
  { kind: 'escalation', at: ago(10), ticket: 3, user: U5, answer: 'A8' },
  { kind: 'escalation', at: ago(20), ticket: 4, user: U6 },
  { kind: 'resolved', at: ago(1, 2), ticket: 1, openedAt: ago(1) }, // 2 h
  { kind: 'resolved', at: ago(2, 0.5), ticket: 2, openedAt: ago(2) },
  { kind: 'reopened', at: ago(1, 6), ticket: 2 },
  { kind: 'resolved', at: ago(0, -12), ticket: 2, openedAt: ago(2) }, // resolved again: 36 h after opening
  { kind: 'resolved', at: ago(9), ticket: 3, openedAt: ago(10) }, // 24 h
  { kind: 'resolved', at: ago(19), ticket: 4, openedAt: ago(20) },
  { kind: 'reopened', at: ago(5), ticket: 4 }, // open again: not resolved
];

const sortCodes = (figures: WindowFigures) => ({
  ...figures,
  codes: [...figures.codes].sort((a, b) => a.code - b.code),
  leading: [...figures.leading].sort((a, b) => a.code - b.code),
});

export const LAST_7_DAYS: WindowFigures = {
  questions: 6,
  people: 4,
  outcomes: { code: 3, symptom: 1, sign_in_logs: 0, choice: 1, no_match: 1 },
  codes: [
    { code: 50053, count: 3, previous: 1 },
    { code: 50126, count: 2, previous: 0 },
    { code: 53003, count: 1, previous: 1 },
    { code: 99999991, count: 0, previous: 1 },
  ],
  leading: [
    { code: 50053, count: 3 },
    { code: 50126, count: 1 },
    { code: 53003, count: 1 },
  ],
  votes: { solved: 3, not_solved: 1 },
  ticketsOpened: 2,
  ticketsResolved: 2,
  medianResolveMs: 19 * HOUR_MS,
};

export const LAST_30_DAYS: WindowFigures = {
  questions: 11,
  people: 7,
  outcomes: { code: 7, symptom: 2, sign_in_logs: 0, choice: 1, no_match: 1 },
  codes: [
    { code: 50053, count: 5, previous: 1 },
    { code: 50057, count: 1, previous: 0 },
    { code: 50126, count: 2, previous: 1 },
    { code: 53003, count: 2, previous: 0 },
    { code: 99999991, count: 1, previous: 0 },
  ],
  leading: [
    { code: 50053, count: 5 },
    { code: 50057, count: 1 },
    { code: 50126, count: 1 },
    { code: 53003, count: 2 },
    { code: 99999991, count: 1 },
  ],
  votes: { solved: 4, not_solved: 1 },
  ticketsOpened: 4,
  ticketsResolved: 3,
  medianResolveMs: 24 * HOUR_MS,
};

/** What every event log must do, whatever the store: the same series gives the same figures everywhere. */
export function describeEventLogContract(name: string, make: () => Promise<EventLog>, timeoutMs = 20_000): void {
  describe(`event log contract: ${name}`, () => {
    let log: EventLog;
    beforeEach(async () => {
      log = await make();
    }, timeoutMs);
    afterEach(async () => {
      await log.close();
    });

    it(
      'adds up a scripted series to the figures counted by hand, for 7 and 30 days',
      async () => {
        // In two batches, as the recorder writes them.
        await log.append(SERIES.slice(0, 20));
        await log.append(SERIES.slice(20));
        expect(sortCodes(await log.figures({ from: NOW - 7 * DAY_MS, to: NOW }))).toEqual(LAST_7_DAYS);
        expect(sortCodes(await log.figures({ from: NOW - 30 * DAY_MS, to: NOW }))).toEqual(LAST_30_DAYS);
      },
      timeoutMs,
    );

    it(
      'agrees with the plain aggregation on windows that start and end mid-hour, or before the latest question',
      async () => {
        await log.append(SERIES);
        const windows = [
          { from: ago(7, 0.25), to: NOW - 17 * 60_000 },
          { from: ago(1, -0.2), to: ago(1, 0.7) }, // across an hour boundary: A1 and A2 only
          { from: ago(30, 3.5), to: ago(2, 0.1) }, // ends before the latest question
          { from: ago(1, 0.6), to: ago(1, 0.65) }, // within one hour, nothing in it
        ];
        for (const window of windows) expect(sortCodes(await log.figures(window))).toEqual(sortCodes(aggregate(SERIES, window)));
        expect((await log.figures(windows[1]!)).questions).toBe(2);
      },
      timeoutMs,
    );

    it(
      'gives empty figures for an empty window',
      async () => {
        await log.append(SERIES);
        expect(await log.figures({ from: NOW + DAY_MS, to: NOW + 2 * DAY_MS })).toEqual({
          questions: 0,
          people: 0,
          outcomes: { code: 0, symptom: 0, sign_in_logs: 0, choice: 0, no_match: 0 },
          codes: [],
          leading: [],
          votes: { solved: 0, not_solved: 0 },
          ticketsOpened: 0,
          ticketsResolved: 0,
          medianResolveMs: null,
        });
      },
      timeoutMs,
    );

    it(
      'counts distinct people per code since a time, and people per hour',
      async () => {
        await log.append(SERIES);
        const activity = await log.activity([50053, 50126, 12345], ago(8));
        expect(activity.sort((a, b) => a.code - b.code)).toEqual([
          { code: 50053, users: 3, since: ago(7.5) }, // U4 (7.5 days ago), U2 (6 days ago and today), U1
          { code: 50126, users: 2, since: ago(2) },
        ]);
        // 50053 in the last 10 days: (hour of A1, U1), (hour of A2, U2), (A6, U2), (A7, U4).
        expect(await log.hourlyPeople(50053, { from: ago(10), to: NOW })).toBe(4);
        expect(await log.hourlyPeople(50053, { from: ago(1), to: ago(1, 1) })).toBe(2);
      },
      timeoutMs,
    );

    it(
      'deletes what is past retention and keeps the rest',
      async () => {
        await log.append(SERIES);
        const everything = { from: ago(200), to: NOW + DAY_MS };
        expect((await log.figures(everything)).questions).toBe(15);
        await log.deleteBefore(ago(90));
        expect((await log.figures(everything)).questions).toBe(14);
        await log.deleteBefore(ago(30));
        const left = await log.figures(everything);
        expect([left.questions, left.ticketsOpened]).toEqual([11, 4]);
        expect(sortCodes(await log.figures({ from: NOW - 7 * DAY_MS, to: NOW }))).toEqual(LAST_7_DAYS);
      },
      timeoutMs,
    );

    it(
      'lets exactly one of 10 concurrent claims win, and the key again once the hold is over',
      async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => log.claim('spike|50053', NOW, HOUR_MS)));
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await log.claim('spike|50053', NOW + HOUR_MS - 1, HOUR_MS)).toBe(false);
        expect(await log.claim('spike|50126', NOW, HOUR_MS)).toBe(true);
        expect(await log.claim('spike|50053', NOW + HOUR_MS, HOUR_MS)).toBe(true);
        expect(await log.claim('spike|50053', NOW + HOUR_MS + 1, HOUR_MS)).toBe(false);
      },
      timeoutMs,
    );

    it(
      'keeps one generated salt, and uses the configured one instead when given',
      async () => {
        const first = await log.salt();
        expect(first).toMatch(/^[A-Za-z0-9_-]{40,}$/);
        expect(await log.salt()).toBe(first);
        expect(await log.salt('from-the-environment-0123')).toBe('from-the-environment-0123');
        expect(await log.salt()).toBe(first);
      },
      timeoutMs,
    );
  });
}
