import { backOff, isConflict, MAX_CONFLICT_RETRIES } from './store-conflicts';
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
 * next write (one eTag round for a burst), so a busy instance does not fight itself for the counter.
 */
export class NumberAllocator {
  private waiting: Waiter[] = [];
  private running = false;

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
      const counter = (await this.store.read([COUNTER_KEY]))[COUNTER_KEY] as Counter | undefined;
      if (!counter) {
        // A store from the first versions carries on from its ledger's numbers.
        const ledger = (await this.store.read([LEGACY_LEDGER_KEY]))[LEGACY_LEDGER_KEY] as LegacyLedger | undefined;
        const first = ledger?.nextNumber ?? 1;
        if (await this.store.create(COUNTER_KEY, { next: first + count })) return first;
        continue; // another instance created it first
      }
      try {
        await this.store.write({ [COUNTER_KEY]: { next: counter.next + count, eTag: counter.eTag } });
        return counter.next;
      } catch (error) {
        if (!isConflict(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await backOff(attempt);
      }
    }
  }
}
