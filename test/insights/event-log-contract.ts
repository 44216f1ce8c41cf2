import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activityOf, aggregate, hourlyPeopleOf } from '../../src/insights/aggregate-events';
import { DAY_MS, HOUR_MS, type EventLog } from '../../src/insights/events';
import { ago, LAST_30_DAYS, LAST_7_DAYS, NOW, SERIES, sortCodes } from './scripted-series';

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
        for (const window of windows) {
          expect(sortCodes(await log.figures(window))).toEqual(sortCodes(aggregate(SERIES, window)));
          for (const code of [50053, 50126, 53003]) expect(await log.hourlyPeople(code, window)).toBe(hourlyPeopleOf(SERIES, code, window));
          const byCode = (list: { code: number }[]) => [...list].sort((a, b) => a.code - b.code);
          expect(byCode(await log.activity([50053, 50126, 53003, 50057], window.from))).toEqual(
            byCode(activityOf(SERIES, [50053, 50126, 53003, 50057], window.from)),
          );
        }
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
