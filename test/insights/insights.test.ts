import { afterEach, describe, expect, it } from 'vitest';
import type { Understanding } from '../../src/core/helpdesk-core';
import { parseWeeklySlot } from '../../src/insights/digest-schedule';
import { DAY_MS, HOUR_MS, type EventLog, type InsightEvent } from '../../src/insights/events';
import { MemoryEventLog } from '../../src/insights/memory-event-log';
import { cardText } from '../helpers/connector-stand-in';
import { core, insightsKit, QueuedPosts, type Kit } from '../helpers/insights-kit';

// Monday 2 February 2026, 09:00 in Shanghai (01:00 UTC).
const MONDAY_9_SHANGHAI = Date.UTC(2026, 1, 2, 1, 0);
const NOW = Date.UTC(2026, 0, 31, 12, 0);
const person = (n: number) => ({ id: `29:user-${n}`, aadObjectId: `00000000-0000-0000-0000-${String(n).padStart(12, '0')}` });
const understand = (text: string): Understanding => core.understand(text);

let kit: Kit | undefined;
afterEach(async () => {
  await kit?.insights.stop();
  kit = undefined;
});

/** n different people ask about the text, one after another, `gapMs` apart. */
async function burst(k: Kit, text: string, people: number[], gapMs = 60_000): Promise<void> {
  for (const n of people) {
    k.insights.answered({ actor: person(n), scope: 'personal' }, understand(text));
    k.clock.advance(gapMs);
  }
  await k.insights.idle();
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('recording', () => {
  it('keeps codes, outcome, language and scope, and a salted hash instead of the person', async () => {
    const events = new MemoryEventLog();
    kit = await insightsKit({ now: NOW, events, settings: { salt: 'a-salt-of-sixteen-chars' } });
    const id = kit.insights.answered(
      { actor: person(1), scope: 'team' },
      understand('AADSTS50053 and AADSTS50126, trace 0000aaaa-11bb-cccc-dd22-eeeeee333333'),
    );
    kit.insights.answered({ actor: person(1), scope: 'personal' }, understand('我的帐户被锁定了'));
    kit.insights.answered({ actor: person(2), scope: 'personal' }, understand('the printer on floor 3 is jammed'));
    await kit.insights.idle();
    const stored = JSON.stringify(await events.figures({ from: 0, to: NOW + 1 }));
    expect(stored).not.toMatch(/user-1|printer|0000aaaa/);
    const figures = await events.figures({ from: NOW - HOUR_MS, to: NOW + 1 });
    expect(figures).toMatchObject({ questions: 3, people: 2, outcomes: { code: 1, symptom: 1, no_match: 1 } });
    expect(kit.insights.answerId(id)).toBe(id);
    const flip = (text: string, at: number) => `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
    expect(kit.insights.answerId(flip(id, 5))).toBeUndefined(); // an edited id
    expect(kit.insights.answerId(flip(id, 21))).toBeUndefined(); // the same bytes spelled another way, or others
    expect(kit.insights.answerId('made-up.12345678')).toBeUndefined();
  });

  it('keeps events in memory while the store fails, and writes them once it answers again', async () => {
    const memory = new MemoryEventLog();
    let failures = 1;
    const flaky: EventLog = Object.assign(Object.create(memory) as EventLog, {
      append: async (events: readonly InsightEvent[]) => {
        if (failures-- > 0) throw Object.assign(new Error('ServerBusy'), { statusCode: 503 });
        return memory.append(events);
      },
    });
    kit = await insightsKit({ now: NOW, events: flaky });
    kit.insights.answered({ actor: person(1), scope: 'personal' }, understand('AADSTS50053'));
    await kit.insights.flush();
    expect((await memory.figures({ from: 0, to: NOW + 1 })).questions).toBe(0);
    expect(kit.logged).toContainEqual({ level: 'warn', msg: 'insight events not written; will retry' });
    kit.insights.answered({ actor: person(2), scope: 'personal' }, understand('AADSTS50126'));
    await kit.insights.flush();
    expect((await memory.figures({ from: 0, to: NOW + 1 })).questions).toBe(2);
  });
});

describe('spike alerts', () => {
  it('raises exactly one alert for a burst of 50053 from 20 people, with who must act and what it may mean', async () => {
    kit = await insightsKit({ now: NOW });
    await burst(kit, 'AADSTS50053', range(1, 20));
    expect(kit.posts.cards).toHaveLength(1);
    const text = cardText(kit.posts.cards[0]);
    expect(text).toContain('Spike: AADSTS50053 · Account locked');
    expect(text).toContain('People in the last hour\n20');
    expect(text).toContain('0.0 people an hour');
    expect(text).toContain('31 Jan 2026, 12:00 (UTC)'); // the first of the burst
    expect(text).toContain('The person asking');
    expect(text).toContain('password spray');
    expect(text).toContain('sign-in logs');
    expect(kit.posts.cards[0]!.fallbackText).toBe('Spike: AADSTS50053 · Account locked: 20 people in the last hour');
  });

  it('stays at one alert while the code keeps coming during the cool-down, and alerts again after it', async () => {
    kit = await insightsKit({
      now: NOW,
      settings: { spike: { minUsers: 10, factor: 5, cooldownHours: 6, baselineDays: 7, minCheckIntervalMs: 0 } },
    });
    await burst(kit, 'error 50053', range(1, 20));
    await burst(kit, 'AADSTS50053', range(21, 60), 2 * 60_000); // 80 more minutes
    expect(kit.posts.cards).toHaveLength(1);
    kit.clock.advance(6 * HOUR_MS);
    await burst(kit, 'AADSTS50053', range(61, 75));
    expect(kit.posts.cards).toHaveLength(2);
  });

  it('does not alert below the threshold, nor when the code is always this common', async () => {
    kit = await insightsKit({ now: NOW });
    await burst(kit, 'AADSTS50126', range(1, 9)); // 9 people: threshold is 10
    expect(kit.posts.cards).toHaveLength(0);
    // 53003 usually reaches 4 people an hour: 15 in the last hour is not 5 times that.
    const usual: InsightEvent[] = [];
    for (let hour = 2; hour <= 7 * 24; hour++) {
      for (let n = 0; n < 4; n++) {
        usual.push({
          kind: 'question',
          at: kit.clock.ms - hour * HOUR_MS,
          answer: 'x',
          user: `${hour}-${n}`.padStart(16, '0'),
          outcome: 'code',
          codes: [53003],
          lang: 'en',
          scope: 'personal',
        });
      }
    }
    await kit.events.append(usual);
    await burst(kit, 'AADSTS53003', range(100, 114));
    expect(kit.posts.cards).toHaveLength(0);
    await burst(kit, 'AADSTS53003', range(115, 125)); // 26 people in the hour: over 5 × 4
    expect(kit.posts.cards).toHaveLength(1);
    expect(cardText(kit.posts.cards[0])).toContain('4.0 people an hour');
    expect(cardText(kit.posts.cards[0])).toContain('Conditional Access');
  });

  it('waits for a helpdesk channel without using up the cool-down, and speaks its language', async () => {
    const posts = new QueuedPosts(undefined);
    kit = await insightsKit({ now: NOW, posts });
    await burst(kit, 'AADSTS50053', range(1, 12));
    expect(posts.cards).toHaveLength(0);
    posts.lang = 'zh';
    await burst(kit, 'AADSTS50053', [13]);
    expect(posts.cards).toHaveLength(1);
    expect(cardText(posts.cards[0])).toContain('激增：AADSTS50053');
    expect(cardText(posts.cards[0])).toContain('密码喷洒');
  });
});

describe('retention', () => {
  it('deletes events older than INSIGHTS_RETENTION_DAYS when the job runs, and keeps the rest', async () => {
    const events = new MemoryEventLog();
    const old = (days: number): InsightEvent => ({
      kind: 'question',
      at: NOW - days * DAY_MS,
      answer: 'a',
      user: '0000000000000001',
      outcome: 'no_match',
      codes: [],
      lang: 'en',
      scope: 'personal',
    });
    await events.append([old(120), old(91), old(89), old(10)]);
    kit = await insightsKit({ now: NOW, events, settings: { retentionDays: 90 } }); // start() runs the jobs once
    expect((await events.figures({ from: 0, to: NOW })).questions).toBe(2);
    await events.append([old(95)]);
    kit.clock.advance(30 * 60_000);
    await kit.insights.runJobs(); // retention runs hourly: not yet
    expect((await events.figures({ from: 0, to: NOW })).questions).toBe(3);
    kit.clock.advance(30 * 60_000);
    await kit.insights.runJobs();
    expect((await events.figures({ from: 0, to: NOW })).questions).toBe(2);
    expect(kit.logged.filter((line) => line.msg === 'old insight events deleted')).toHaveLength(2);
  });
});

describe('weekly digest', () => {
  const settings = { digest: parseWeeklySlot('monday-09:00'), timeZone: 'Asia/Shanghai' };

  it('posts the stats card once at Monday 09:00 in the helpdesk time zone, and not again that week', async () => {
    kit = await insightsKit({ now: MONDAY_9_SHANGHAI - 60_000, settings });
    await kit.insights.runJobs();
    expect(kit.posts.cards).toHaveLength(0);
    kit.clock.advance(90_000);
    await kit.insights.runJobs();
    await kit.insights.runJobs();
    expect(kit.posts.cards).toHaveLength(1);
    const text = cardText(kit.posts.cards[0]);
    expect(text).toContain('Weekly helpdesk digest');
    expect(text).toContain('As of 2 Feb 2026, 09:00 (Asia/Shanghai)');
    expect(kit.posts.cards[0]!.fallbackText).toBe('Weekly helpdesk digest, last 7 days: 0 questions from 0 people');
    kit.clock.advance(3 * DAY_MS);
    await kit.insights.runJobs();
    kit.clock.advance(4 * DAY_MS);
    await kit.insights.runJobs();
    expect(kit.posts.cards).toHaveLength(2);
  });

  it('still posts when the bot starts a little late, but not the morning after', async () => {
    kit = await insightsKit({ now: MONDAY_9_SHANGHAI + 2 * HOUR_MS, settings });
    expect(kit.posts.cards).toHaveLength(1);
    await kit.insights.stop();
    kit = await insightsKit({ now: MONDAY_9_SHANGHAI + 7 * HOUR_MS, settings });
    expect(kit.posts.cards).toHaveLength(0);
  });
});
