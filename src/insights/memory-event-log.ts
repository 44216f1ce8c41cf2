import { randomBytes } from 'node:crypto';
import { aggregate } from './aggregate-events';
import { HOUR_MS, type CodeActivity, type EventLog, type InsightEvent, type Range, type WindowFigures } from './events';

interface Asked {
  readonly at: number;
  readonly user: string;
}

/** The first index of a time-sorted list at or after `at`. */
function lowerBound(list: readonly Asked[], at: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid]!.at < at) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Events in this process only (STORAGE=memory, tests): gone on restart, like the ticket store beside it.
 * Who asked about which code is also kept per code in time order, so the spike check after every batch reads only
 * the last hour of one code instead of every event.
 */
export class MemoryEventLog implements EventLog {
  private events: InsightEvent[] = [];
  private byCode = new Map<number, Asked[]>();
  private readonly claims = new Map<string, number>();
  private storedSalt: string | undefined;

  async append(events: readonly InsightEvent[]): Promise<void> {
    for (const event of events) {
      this.events.push(structuredClone(event));
      if (event.kind === 'question') for (const code of new Set(event.codes)) this.index(code, { at: event.at, user: event.user });
    }
  }

  private index(code: number, asked: Asked): void {
    const list = this.byCode.get(code) ?? this.byCode.set(code, []).get(code)!;
    // Events come in time order, so this is nearly always a push.
    if (!list.length || list[list.length - 1]!.at <= asked.at) list.push(asked);
    else list.splice(lowerBound(list, asked.at + 1), 0, asked);
  }

  async figures(window: Range): Promise<WindowFigures> {
    return aggregate(this.events, window);
  }

  async activity(codes: readonly number[], since: number): Promise<CodeActivity[]> {
    const found: CodeActivity[] = [];
    for (const code of new Set(codes)) {
      const list = this.byCode.get(code) ?? [];
      const first = lowerBound(list, since);
      if (first === list.length) continue;
      const users = new Set<string>();
      for (let i = first; i < list.length; i++) users.add(list[i]!.user);
      found.push({ code, users: users.size, since: list[first]!.at });
    }
    return found;
  }

  async hourlyPeople(code: number, range: Range): Promise<number> {
    const list = this.byCode.get(code) ?? [];
    const pairs = new Set<string>();
    for (let i = lowerBound(list, range.from); i < list.length && list[i]!.at < range.to; i++) {
      pairs.add(`${Math.floor(list[i]!.at / HOUR_MS)}\n${list[i]!.user}`);
    }
    return pairs.size;
  }

  /** Whole hours, as the other stores delete them. */
  async deleteBefore(before: number): Promise<number> {
    const cutoff = Math.floor(before / HOUR_MS) * HOUR_MS;
    const kept = this.events.filter((event) => event.at >= cutoff);
    const deleted = this.events.length - kept.length;
    this.events = kept;
    for (const [code, list] of this.byCode) this.byCode.set(code, list.slice(lowerBound(list, cutoff)));
    return deleted;
  }

  async claim(key: string, now: number, holdMs: number): Promise<boolean> {
    const until = this.claims.get(key);
    if (until !== undefined && until > now) return false;
    this.claims.set(key, now + holdMs);
    return true;
  }

  async salt(preferred?: string): Promise<string> {
    if (preferred) return preferred;
    this.storedSalt ??= randomBytes(32).toString('base64url');
    return this.storedSalt;
  }

  async close(): Promise<void> {}
}
