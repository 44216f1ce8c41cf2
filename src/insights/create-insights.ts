import type { LoadedData } from '../app/create-app';
import type { Config } from '../config';
import type { ChannelPosts } from '../tickets/channel-posts';
import type { HelpdeskChannel } from '../tickets/types';
import { createEventLog } from './create-event-log';
import { Insights, type InsightsLog } from './insights';
import { insightsSettings } from './insights-settings';
import { OutboxPoster } from './outbox-poster';
import { loadSpikeHints } from './spike-hints';

export interface InsightsWiring {
  readonly channels: { getChannel(): Promise<HelpdeskChannel | undefined> };
  readonly posts: ChannelPosts;
  readonly kickOutbox: () => void;
  readonly log: InsightsLog;
}

/** Insights on the configured store, posting through the outbox; undefined with INSIGHTS=off. Call start() before serving. */
export function createInsights(config: Config, wiring: InsightsWiring): ((data: LoadedData) => Insights) | undefined {
  if (config.INSIGHTS === 'off') return undefined;
  return (data) =>
    new Insights({
      events: createEventLog(config),
      settings: insightsSettings(config),
      catalog: data.core.catalog,
      strings: data.strings,
      cards: data.cards,
      hints: loadSpikeHints(data.core.catalog),
      log: wiring.log,
      poster: new OutboxPoster(wiring.channels, wiring.posts, wiring.kickOutbox),
    });
}
