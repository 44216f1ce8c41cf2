import { describe, expect, it } from 'vitest';
import { formatTime, isTimeZone, latestSlot, parseWeeklySlot } from '../../src/insights/digest-schedule';
import { DAY_MS } from '../../src/insights/events';

describe('weekly slots', () => {
  it('reads a weekday and a time, and nothing else', () => {
    expect(parseWeeklySlot('monday-09:00')).toEqual({ weekday: 1, hour: 9, minute: 0 });
    expect(parseWeeklySlot(' Fri-17:30 ')).toEqual({ weekday: 5, hour: 17, minute: 30 });
    expect(parseWeeklySlot('sunday-0:05')).toEqual({ weekday: 0, hour: 0, minute: 5 });
    for (const bad of ['monday', 'monday-24:00', 'monday-09:60', 'mo-09:00', 'someday-09:00', '09:00', 'monday 09:00', ''])
      expect(parseWeeklySlot(bad)).toBeUndefined();
  });

  it('knows IANA time zones', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('finds the latest Monday 09:00 in the zone, on the day and a week back', () => {
    const slot = parseWeeklySlot('monday-09:00')!;
    const mondayNineShanghai = Date.UTC(2026, 1, 2, 1, 0); // 09:00 in UTC+8
    expect(latestSlot(slot, 'Asia/Shanghai', mondayNineShanghai)).toBe(mondayNineShanghai);
    expect(latestSlot(slot, 'Asia/Shanghai', mondayNineShanghai + 3 * DAY_MS)).toBe(mondayNineShanghai);
    expect(latestSlot(slot, 'Asia/Shanghai', mondayNineShanghai - 1)).toBe(mondayNineShanghai - 7 * DAY_MS);
    expect(latestSlot(slot, 'UTC', Date.UTC(2026, 1, 2, 8, 59))).toBe(Date.UTC(2026, 0, 26, 9, 0));
  });

  it('follows daylight saving time: 09:00 in Berlin is 08:00 UTC in winter and 07:00 UTC in summer', () => {
    const slot = parseWeeklySlot('monday-09:00')!;
    expect(latestSlot(slot, 'Europe/Berlin', Date.UTC(2026, 2, 27, 12))).toBe(Date.UTC(2026, 2, 23, 8, 0));
    // The clocks go forward on Sunday 29 March 2026.
    expect(latestSlot(slot, 'Europe/Berlin', Date.UTC(2026, 2, 31, 12))).toBe(Date.UTC(2026, 2, 30, 7, 0));
    expect(latestSlot(parseWeeklySlot('sunday-02:30')!, 'America/New_York', Date.UTC(2026, 2, 9))).toBeLessThan(Date.UTC(2026, 2, 9));
  });

  it('shows times in the zone, named', () => {
    expect(formatTime(Date.UTC(2026, 1, 2, 1, 5), 'Asia/Shanghai', 'en')).toBe('2 Feb 2026, 09:05 (Asia/Shanghai)');
    expect(formatTime(Date.UTC(2026, 1, 2, 1, 5), 'Asia/Shanghai', 'zh')).toBe('2026年2月2日 09:05 (Asia/Shanghai)');
  });
});
