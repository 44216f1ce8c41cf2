import type { AppParts } from '../app/create-app';
import type { Config } from '../config';
import type { ChannelPosts } from '../tickets/channel-posts';
import type { HelpdeskChannel } from '../tickets/types';
import { createEventLog } from './create-event-log';
import type { EventLog } from './events';
import { Insights, type HelpdeskPoster, type InsightsLog, type InsightsSettings } from './insights';
import { insightsSettings } from './insights-settings';
import { OutboxPoster } from './outbox-poster';
import { SpikeHints } from './spike-hints';

/** Insights over the app's compiled data: its catalog, strings, card templates and spike hints. */
export function insightsFor(
  parts: AppParts,
  deps: { events: EventLog; settings: InsightsSettings; log: InsightsLog; poster?: HelpdeskPoster; now?: () => number },
): Insights {
  return new Insights({
    ...deps,
    catalog: parts.core.catalog,
    strings: parts.strings,
    cards: parts.cards,
    hints: new SpikeHints(parts.data.spikeHints),
  });
}

export interface InsightsWiring {
  readonly channels: { getChannel(): Promise<HelpdeskChannel | undefined> };
  readonly posts: ChannelPosts;
  readonly kickOutbox: () => void;
  readonly log: InsightsLog;
}

/** Insights on the configured store, posting through the outbox; undefined with INSIGHTS=off. Call start() before serving. */
export function createInsights(config: Config, wiring: InsightsWiring): ((parts: AppParts) => Insights) | undefined {
  if (config.INSIGHTS === 'off') return undefined;
  return (parts) =>
    insightsFor(parts, {
      events: createEventLog(config),
      settings: insightsSettings(config),
      log: wiring.log,
      poster: new OutboxPoster(wiring.channels, wiring.posts, wiring.kickOutbox),
    });
}
