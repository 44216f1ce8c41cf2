import type { Config } from '../config';
import { parseWeeklySlot } from './digest-schedule';
import { DEFAULT_INSIGHTS_SETTINGS, type InsightsSettings } from './insights';

/** The insights' settings from the validated configuration. */
export function insightsSettings(config: Config): InsightsSettings {
  return {
    ...DEFAULT_INSIGHTS_SETTINGS,
    retentionDays: config.INSIGHTS_RETENTION_DAYS,
    ...(config.INSIGHTS_SALT && { salt: config.INSIGHTS_SALT }),
    timeZone: config.HELPDESK_TIMEZONE,
    ...(config.INSIGHTS_DIGEST !== 'off' && { digest: parseWeeklySlot(config.INSIGHTS_DIGEST) }),
    spike: {
      ...DEFAULT_INSIGHTS_SETTINGS.spike,
      minUsers: config.INSIGHTS_SPIKE_MIN_USERS,
      factor: config.INSIGHTS_SPIKE_FACTOR,
      cooldownHours: config.INSIGHTS_SPIKE_COOLDOWN_HOURS,
      // The Blob log reads blobs to check: at most one check every 10 s there.
      minCheckIntervalMs: config.STORAGE === 'blob' ? 10_000 : 0,
    },
  };
}
