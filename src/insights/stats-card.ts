import type { Catalog } from '../catalog/catalog';
import { PARTIES, type Lang, type Party } from '../catalog/types';
import { codeLabel } from '../core/answer-model';
import type { Strings } from '../core/strings';
import { formatTime } from './digest-schedule';
import { DAY_MS, HOUR_MS, OUTCOMES, type WindowFigures } from './events';

/** Codes listed per window. */
export const TOP_CODES = 10;

export interface StatsWindow {
  readonly days: number;
  readonly figures: WindowFigures;
}

export interface StatsCardInput {
  readonly windows: readonly [StatsWindow, StatsWindow];
  readonly now: number;
  readonly timeZone: string;
  readonly lang: Lang;
  /** The weekly digest says so in its heading. */
  readonly digest?: boolean;
}

const percent = (part: number, whole: number) => Math.round((part / whole) * 100);

export function formatDuration(ms: number, strings: Strings, lang: Lang): string {
  const minutes = Math.round(ms / 60_000);
  if (ms < HOUR_MS) return strings.t(lang, 'duration.minutes', { m: minutes });
  if (ms < DAY_MS) return strings.t(lang, 'duration.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
  const hours = Math.round(ms / HOUR_MS);
  return strings.t(lang, 'duration.days', { d: Math.floor(hours / 24), h: hours % 24 });
}

/**
 * What the stats card shows, from the figures of two windows: a table of figures side by side, then per window the
 * top codes with their trend and who must act; for the first window also as a bar chart and a donut. Charts carry a
 * one-line text fallback for clients that do not draw them.
 */
export function statsCardModel(input: StatsCardInput, catalog: Catalog, strings: Strings): object {
  const { lang } = input;
  const t = (key: string, params?: Record<string, string | number>) => strings.t(lang, key, params);
  const none = t('stats.none');
  const rate = (part: number, whole: number) => (whole ? t('stats.rate', { pct: percent(part, whole), part, whole }) : none);
  const share = (count: number, whole: number) => (whole ? `${count} (${percent(count, whole)}%)` : String(count));

  type Row = { label: string; value: (figures: WindowFigures) => string };
  const rows: Row[] = [
    { label: t('stats.questions'), value: (f) => String(f.questions) },
    { label: t('stats.people'), value: (f) => String(f.people) },
    ...OUTCOMES.map((outcome) => ({
      label: t(`stats.outcome.${outcome}`),
      value: (f: WindowFigures) => share(f.outcomes[outcome], f.questions),
    })),
    { label: t('stats.helpful'), value: (f) => rate(f.votes.solved, f.votes.solved + f.votes.not_solved) },
    { label: t('stats.escalated'), value: (f) => rate(f.ticketsOpened, f.questions) },
    { label: t('stats.ticketsOpened'), value: (f) => String(f.ticketsOpened) },
    { label: t('stats.ticketsResolved'), value: (f) => String(f.ticketsResolved) },
    {
      label: t('stats.medianResolve'),
      value: (f) => (f.medianResolveMs === null ? none : formatDuration(f.medianResolveMs, strings, lang)),
    },
  ];
  const [first, second] = input.windows;
  const heading = t(input.digest ? 'stats.digestHeading' : 'stats.heading');
  return {
    heading,
    summary: t('stats.summary', { heading, n: first.days, questions: first.figures.questions, people: first.figures.people }),
    asOf: t('stats.asOf', { time: formatTime(input.now, input.timeZone, lang) }),
    columns: { figure: t('stats.figure'), first: t('stats.days', { n: first.days }), second: t('stats.days', { n: second.days }) },
    rows: rows.map((row) => ({ label: row.label, first: row.value(first.figures), second: row.value(second.figures) })),
    // Charts for the first window only: the card stays readable at a glance; the longer window is a table and a line.
    windows: input.windows.map((window, i) => ({ ...windowModel(window, catalog, strings, lang), charts: i === 0 })),
  };
}

function trend(count: number, previous: number, days: number, strings: Strings, lang: Lang): string {
  if (previous === 0) return strings.t(lang, 'stats.trend.new');
  const change = percent(count - previous, previous);
  if (change === 0) return strings.t(lang, 'stats.trend.same', { n: days });
  return strings.t(lang, change > 0 ? 'stats.trend.up' : 'stats.trend.down', { pct: Math.abs(change), n: days });
}

function windowModel({ days, figures }: StatsWindow, catalog: Catalog, strings: Strings, lang: Lang): object {
  const top = figures.codes
    .filter((code) => code.count > 0)
    .sort((a, b) => b.count - a.count || a.code - b.code)
    .slice(0, TOP_CODES);
  const byParty = new Map<Party | 'unknown', number>();
  for (const { code, count } of figures.leading) {
    const party = catalog.get(code)?.party ?? 'unknown';
    byParty.set(party, (byParty.get(party) ?? 0) + count);
  }
  const who = [...PARTIES, 'unknown' as const]
    .filter((party) => byParty.get(party))
    .map((party) => ({ legend: strings.t(lang, `who.${party}`), value: byParty.get(party)! }));
  return {
    topHeading: strings.t(lang, 'stats.topCodes', { n: days }),
    noCodes: strings.t(lang, 'stats.noCodes'),
    countLabel: strings.t(lang, 'stats.codeCount'),
    chart: top.map(({ code, count }) => ({ x: String(code), y: count })),
    chartSummary: top.map(({ code, count }) => `${codeLabel(code)}: ${count}`).join(' · '),
    codes: top.map(({ code, count, previous }) => ({
      label: `${codeLabel(code)} · ${catalog.get(code)?.title[lang] ?? strings.t(lang, 'who.unknown')}`,
      count: String(count),
      trend: trend(count, previous, days, strings, lang),
    })),
    whoHeading: strings.t(lang, 'stats.who', { n: days }),
    who,
    whoSummary: who.map(({ legend, value }) => `${legend}: ${value}`).join(' · '),
  };
}
