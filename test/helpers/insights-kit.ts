import type { AppParts } from '../../src/app/create-app';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { CardTemplates } from '../../src/cards/card-templates';
import type { Lang } from '../../src/catalog/types';
import { insightsFor } from '../../src/insights/create-insights';
import type { EventLog } from '../../src/insights/events';
import { DEFAULT_INSIGHTS_SETTINGS, type HelpdeskPoster, type Insights, type InsightsSettings } from '../../src/insights/insights';
import { MemoryEventLog } from '../../src/insights/memory-event-log';
import { testCore, testData, testStrings } from './helpdesk-data';

export const core = testCore();
export const strings = testStrings();
export const cards = CardTemplates.compile(testData().cardTemplates);
/** The app's parts as createHelpdeskApp hands them to insights. */
export const parts: AppParts = { data: testData(), core, cards, strings };
export const silent = { info() {}, warn() {}, error() {} };

/** Insights in memory over the project's data: answers carry the feedback buttons (for createHelpdeskApp's option). */
export const insightsInMemory = (appParts: AppParts): Insights =>
  insightsFor(appParts, { events: new MemoryEventLog(), settings: DEFAULT_INSIGHTS_SETTINGS, log: silent });

/** The helpdesk channel as the insights see it: its language (none until one is set) and what was queued for it. */
export class QueuedPosts implements HelpdeskPoster {
  readonly cards: AdaptiveCardJson[] = [];
  constructor(public lang: Lang | undefined) {}
  async channelLang(): Promise<Lang | undefined> {
    return this.lang;
  }
  async post(card: AdaptiveCardJson): Promise<void> {
    this.cards.push(card);
  }
}

/** A clock the test moves. */
export class TestClock {
  constructor(public ms: number) {}
  readonly now = () => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface Kit {
  readonly insights: Insights;
  readonly events: EventLog;
  readonly posts: QueuedPosts;
  readonly clock: TestClock;
  readonly logged: { level: string; msg: string }[];
}

/** Insights on real data, cards and strings, with a memory log (or the one given), a test clock and a queue to look at. */
export async function insightsKit(options: {
  now: number;
  settings?: Partial<InsightsSettings>;
  events?: EventLog;
  posts?: QueuedPosts;
}): Promise<Kit> {
  const clock = new TestClock(options.now);
  const events = options.events ?? new MemoryEventLog();
  const posts = options.posts ?? new QueuedPosts('en');
  const logged: Kit['logged'] = [];
  const log = {
    info: (_: object, msg: string) => void logged.push({ level: 'info', msg }),
    warn: (_: object, msg: string) => void logged.push({ level: 'warn', msg }),
    error: (_: object, msg: string) => void logged.push({ level: 'error', msg }),
  };
  const insights = insightsFor(parts, {
    events,
    settings: { ...DEFAULT_INSIGHTS_SETTINGS, ...options.settings, jobIntervalMs: 3_600_000 },
    log,
    poster: posts,
    now: clock.now,
  });
  await insights.start();
  return { insights, events, posts, clock, logged };
}
