import type { CardTemplates } from '../cards/card-templates';
import type { Catalog } from '../catalog/catalog';
import type { Strings } from '../core/strings';
import type { WeeklySlot } from './digest-schedule';
import type { EventLog } from './events';
import type { HelpdeskPoster, InsightsLog } from './insights-ports';
import type { SpikeHints } from './spike-hints';

// Settings and parts shared by the insights and their spike alerts, apart from both so neither imports the other's types.

export interface SpikeSettings {
  /** Distinct people in the last hour a code needs before it can be a spike. */
  readonly minUsers: number;
  /** …and this many times its usual hourly count of people. */
  readonly factor: number;
  /** At most one alert per code in this many hours. */
  readonly cooldownHours: number;
  /** The usual rate is the mean over this many days before the last hour. */
  readonly baselineDays: number;
  /** Checks closer together than this are merged (the Blob store reads blobs to check). */
  readonly minCheckIntervalMs: number;
}

export interface InsightsSettings {
  readonly retentionDays: number;
  /** The user-hash salt from the environment; without it one is generated once and kept with the events. */
  readonly salt?: string;
  /** The helpdesk's time zone: the digest's schedule and the times on cards. */
  readonly timeZone: string;
  readonly digest?: WeeklySlot;
  readonly spike: SpikeSettings;
  /** Events wait this long in memory before they are written in one batch. */
  readonly flushMs: number;
  /** How often the periodic jobs (retention, digest) look for work. */
  readonly jobIntervalMs: number;
}

export const DEFAULT_INSIGHTS_SETTINGS: InsightsSettings = {
  retentionDays: 90,
  timeZone: 'UTC',
  spike: { minUsers: 10, factor: 5, cooldownHours: 6, baselineDays: 7, minCheckIntervalMs: 0 },
  flushMs: 200,
  jobIntervalMs: 60_000,
};

export interface InsightsDeps {
  readonly events: EventLog;
  readonly settings: InsightsSettings;
  readonly catalog: Catalog;
  readonly strings: Strings;
  readonly cards: CardTemplates;
  readonly hints: SpikeHints;
  readonly log: InsightsLog;
  readonly poster?: HelpdeskPoster;
  readonly now?: () => number;
}
