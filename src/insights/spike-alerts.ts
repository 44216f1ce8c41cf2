import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { codeLabel } from '../core/answer-model';
import { formatTime } from './digest-schedule';
import { DAY_MS, HOUR_MS, type CodeActivity } from './events';
import type { InsightsDeps } from './insights-deps';

/** How long a code another instance alerted on is left alone before this one looks again. */
const QUIET_AFTER_OTHERS_MS = 10 * 60_000;

/** What an alert needs: the insights' parts, its clock aside (the alerts are given it). */
type SpikeDeps = Omit<InsightsDeps, 'now'>;

export interface Spike extends CodeActivity {
  /** Mean distinct people per hour over the baseline days. */
  readonly usualPerHour: number;
}

/**
 * Spike alerts: when many different people hit the same code within an hour, far more than usual, the helpdesk
 * channel gets one alert card for it, and no other for that code during the cool-down (a claim in the event log
 * makes that hold across instances).
 */
export class SpikeAlerts {
  private pending = new Set<number>();
  private lastCheck = -Infinity;
  /** Codes alerted (by this instance or another) and when to look at them again: no queries in between. */
  private readonly quietUntil = new Map<number, number>();

  constructor(
    private readonly deps: SpikeDeps,
    private readonly now: () => number,
  ) {}

  /** Looks at these codes (and any left from a merged check); posts an alert for each spike found. */
  async check(codes: ReadonlySet<number>): Promise<Spike[]> {
    const { events, poster, settings } = this.deps;
    const { spike } = settings;
    for (const code of codes) this.pending.add(code);
    const now = this.now();
    if (!poster || !this.pending.size || now - this.lastCheck < spike.minCheckIntervalMs) return [];
    this.lastCheck = now;
    const wanted = [...this.pending].filter((code) => (this.quietUntil.get(code) ?? -Infinity) <= now);
    this.pending.clear();
    // Nowhere to post: nothing to look for, and no cool-down used up.
    const lang = wanted.length ? await poster.channelLang() : undefined;
    if (!lang) return [];
    const found: Spike[] = [];
    for (const activity of await events.activity(wanted, now - HOUR_MS)) {
      if (activity.users < spike.minUsers) continue;
      const baselineHours = spike.baselineDays * 24;
      const usual =
        (await events.hourlyPeople(activity.code, { from: now - HOUR_MS - spike.baselineDays * DAY_MS, to: now - HOUR_MS })) /
        baselineHours;
      if (activity.users < spike.factor * usual) continue;
      const cooldownMs = spike.cooldownHours * HOUR_MS;
      if (!(await events.claim(`spike|${activity.code}`, now, cooldownMs))) {
        // Another instance alerted: look again in a while rather than on every batch.
        this.quietUntil.set(activity.code, now + Math.min(cooldownMs, QUIET_AFTER_OTHERS_MS));
        continue;
      }
      this.quietUntil.set(activity.code, now + cooldownMs);
      const found1 = { ...activity, usualPerHour: usual };
      await poster.post(this.card(found1, lang));
      this.deps.log.warn(
        { code: activity.code, users: activity.users, usualPerHour: usual },
        'spike alert queued for the helpdesk channel',
      );
      found.push(found1);
    }
    return found;
  }

  card(spike: Spike, lang: Lang): AdaptiveCardJson {
    const { catalog, strings, hints, settings } = this.deps;
    const t = (key: string, params?: Record<string, string | number>) => strings.t(lang, key, params);
    const entry = catalog.get(spike.code);
    const heading = t('spike.heading', { code: codeLabel(spike.code), title: entry?.title[lang] ?? t('who.unknown') });
    return this.deps.cards.render('spike-alert', {
      heading,
      summary: t('spike.summary', { heading, people: spike.users }),
      labels: {
        people: t('spike.people'),
        usual: t('spike.usual'),
        since: t('spike.since'),
        who: t('spike.who'),
        meaning: t('spike.meaning'),
      },
      people: String(spike.users),
      usual: t('spike.usualRate', { rate: spike.usualPerHour.toFixed(1) }),
      since: formatTime(spike.since, settings.timeZone, lang),
      who: t(`who.${entry?.party ?? 'unknown'}`),
      hint: hints.hint(spike.code, entry?.party, lang),
      note: t('spike.note', { hours: settings.spike.cooldownHours }),
    });
  }
}
