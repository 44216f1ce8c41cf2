import { CardTemplates } from '../../src/cards/card-templates';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import type { Lang } from '../../src/catalog/types';
import { loadHelpdeskCore } from '../../src/core/helpdesk-core';
import { loadStrings } from '../../src/core/strings';
import type { EventLog } from '../../src/insights/events';
import { DEFAULT_INSIGHTS_SETTINGS, Insights, type HelpdeskPoster, type InsightsSettings } from '../../src/insights/insights';
import { MemoryEventLog } from '../../src/insights/memory-event-log';
import { loadSpikeHints } from '../../src/insights/spike-hints';

export const core = loadHelpdeskCore();
export const strings = loadStrings();
export const cards = CardTemplates.load();
export const hints = loadSpikeHints(core.catalog);

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
  const insights = new Insights({
    events,
    settings: { ...DEFAULT_INSIGHTS_SETTINGS, ...options.settings, jobIntervalMs: 3_600_000 },
    catalog: core.catalog,
    strings,
    cards,
    hints,
    log,
    poster: posts,
    now: clock.now,
  });
  await insights.start();
  return { insights, events, posts, clock, logged };
}
