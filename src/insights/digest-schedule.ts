import { DAY_MS } from './events';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** A weekly slot, `monday-09:00`, in the helpdesk's time zone. */
export interface WeeklySlot {
  /** 0 = Sunday … 6 = Saturday. */
  readonly weekday: number;
  readonly hour: number;
  readonly minute: number;
}

/** `monday-09:00` (any case, `mon` too) → a slot; undefined when it is not one. */
export function parseWeeklySlot(text: string): WeeklySlot | undefined {
  const match = /^([a-z]+)-(\d{1,2}):(\d{2})$/.exec(text.trim().toLowerCase());
  if (!match) return undefined;
  const weekday = WEEKDAYS.findIndex((day) => day === match[1] || (match[1]!.length >= 3 && day.startsWith(match[1]!)));
  const hour = Number(match[2]);
  const minute = Number(match[3]);
  if (weekday < 0 || hour > 23 || minute > 59) return undefined;
  return { weekday, hour, minute };
}

/** True when Intl knows the IANA time zone name (`Asia/Shanghai`, `UTC`). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock parts of an instant in a time zone. */
function wallClock(
  at: number,
  timeZone: string,
): { year: number; month: number; day: number; weekday: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    weekday: 'long',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)!.value;
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: WEEKDAYS.indexOf(get('weekday').toLowerCase() as (typeof WEEKDAYS)[number]),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
  };
}

/** The instant a wall-clock time has in a time zone (the first, when a clock change repeats it). */
function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc;
  // Two corrections settle the offset, also across a daylight-saving change.
  for (let i = 0; i < 2; i++) {
    const seen = wallClock(guess, timeZone);
    guess += asUtc - Date.UTC(seen.year, seen.month - 1, seen.day, seen.hour, seen.minute);
  }
  return guess;
}

/** The latest instant at or before `now` that is the slot in the time zone. */
export function latestSlot(slot: WeeklySlot, timeZone: string, now: number): number {
  const today = wallClock(now, timeZone);
  const back = (today.weekday - slot.weekday + 7) % 7;
  for (const extra of [0, 7]) {
    const date = new Date(Date.UTC(today.year, today.month - 1, today.day) - (back + extra) * DAY_MS);
    const at = instantOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), slot.hour, slot.minute, timeZone);
    if (at <= now) return at;
  }
  throw new Error('unreachable: a weekly slot always falls within 14 days');
}

/** A time in the helpdesk's zone, as agents read it: `31 Jan 2026, 09:05 (Asia/Shanghai)`. */
export function formatTime(at: number, timeZone: string, lang: 'en' | 'zh'): string {
  const text = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', {
    timeZone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(at);
  return `${text} (${timeZone})`;
}
