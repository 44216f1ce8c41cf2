import { backOff, MAX_CONFLICT_RETRIES } from './store-conflicts';
import { COUNTER_KEY, LEGACY_LEDGER_KEY } from './ticket-keys';
import type { KeyValueStore, LegacyLedger } from './types';

interface Counter {
  /** The number the next ticket gets. */
  next: number;
  eTag?: string;
}

interface Waiter {
  resolve(number: number): void;
  reject(error: unknown): void;
}

/**
 * Ticket numbers from one counter document, changed only with its eTag: unique across instances, in order, no gaps
 * unless a process dies holding numbers. Requests that arrive while a write is in flight are served together by the
 * next write (one eTag round for a burst), so a busy instance does not fight itself for the counter; and the counter
 * as this instance last wrote it is tried without reading it first (one round trip when no one else wrote since).
 */
export class NumberAllocator {
  private waiting: Waiter[] = [];
  private running = false;
  /** The counter as this instance last wrote it: tried first, so an instance alone on its store writes without reading. */
  private last: Counter | undefined;

  constructor(private readonly store: KeyValueStore) {}

  next(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length) {
        const batch = this.waiting.splice(0);
        try {
          const first = await this.take(batch.length);
          batch.forEach((waiter, i) => waiter.resolve(first + i));
        } catch (error) {
          batch.forEach((waiter) => waiter.reject(error));
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Reserves `count` numbers; returns the first. */
  private async take(count: number): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const counter = attempt === 0 && this.last ? this.last : ((await this.store.read([COUNTER_KEY]))[COUNTER_KEY] as Counter | undefined);
      this.last = undefined;
      if (!counter) {
        // A store from the first versions carries on from its ledger's numbers.
        const ledger = (await this.store.read([LEGACY_LEDGER_KEY]))[LEGACY_LEDGER_KEY] as LegacyLedger | undefined;
        const first = ledger?.nextNumber ?? 1;
        const eTag = await this.store.create(COUNTER_KEY, { next: first + count });
        if (eTag) return this.took(first, count, eTag);
        continue; // another instance created it first
      }
      const eTag = counter.eTag && (await this.store.replace(COUNTER_KEY, { next: counter.next + count }, counter.eTag));
      if (eTag) return this.took(counter.next, count, eTag);
      if (attempt >= MAX_CONFLICT_RETRIES) throw new Error('the ticket counter kept changing: too many writers');
      if (attempt > 0) await backOff(attempt); // the first retry is only our cached counter going stale
    }
  }

  private took(first: number, count: number, eTag: string): number {
    this.last = { next: first + count, eTag };
    return first;
  }
}
