import { randomBytes } from 'node:crypto';
import { activityOf, aggregate, hourlyPeopleOf } from './aggregate-events';
import { HOUR_MS, type CodeActivity, type EventLog, type InsightEvent, type Range, type WindowFigures } from './events';

/** Events in this process only (STORAGE=memory, tests): gone on restart, like the ticket store beside it. */
export class MemoryEventLog implements EventLog {
  private events: InsightEvent[] = [];
  private readonly claims = new Map<string, number>();
  private storedSalt: string | undefined;

  async append(events: readonly InsightEvent[]): Promise<void> {
    this.events.push(...events.map((event) => structuredClone(event)));
  }

  async figures(window: Range): Promise<WindowFigures> {
    return aggregate(this.events, window);
  }

  async activity(codes: readonly number[], since: number): Promise<CodeActivity[]> {
    return activityOf(this.events, codes, since);
  }

  async hourlyPeople(code: number, range: Range): Promise<number> {
    return hourlyPeopleOf(this.events, code, range);
  }

  /** Whole hours, as the other stores delete them. */
  async deleteBefore(before: number): Promise<number> {
    const cutoff = Math.floor(before / HOUR_MS) * HOUR_MS;
    const kept = this.events.filter((event) => event.at >= cutoff);
    const deleted = this.events.length - kept.length;
    this.events = kept;
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
