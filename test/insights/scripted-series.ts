import { DAY_MS, HOUR_MS, type InsightEvent, type WindowFigures } from '../../src/insights/events';

/** A fixed "now": the series below is laid out in days and hours before it. */
export const NOW = Date.UTC(2026, 0, 31, 12, 0, 0);
export const ago = (days: number, hours = 0) => NOW - days * DAY_MS + hours * HOUR_MS;
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

/** Codes in a fixed order, to compare figures whatever order a store lists them in. */
export const sortCodes = (figures: WindowFigures) => ({
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
