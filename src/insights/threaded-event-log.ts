import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CodeActivity, EventLog, InsightEvent, Range, WindowFigures } from './events';

/** Run from TypeScript (tests, `npm run dev`) the worker needs the same loader; compiled, it is plain JavaScript. */
const FROM_SOURCE = extname(__filename) === '.ts';
const WORKER = join(__dirname, `sqlite-event-log-worker${extname(__filename)}`);

/**
 * The SQLite event log in a worker thread. better-sqlite3 is synchronous: on the main thread a batch write, a
 * checkpoint waiting for the disk, or `stats` over a million events (50–300 ms) would hold every other turn.
 * Here the turn only hands over a batch; the thread writes and counts.
 */
export class ThreadedEventLog implements EventLog {
  private readonly worker: Worker;
  private readonly calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private failed: Error | undefined;

  constructor(file: string) {
    this.worker = new Worker(WORKER, { workerData: { file }, ...(FROM_SOURCE && { execArgv: ['--require', 'tsx/cjs'] }) });
    this.worker.on('message', ({ id, result, error }: { id: number; result?: string; error?: string }) => {
      const call = this.calls.get(id);
      this.calls.delete(id);
      if (error === undefined) call?.resolve(result === undefined ? undefined : JSON.parse(result));
      else call?.reject(new Error(error));
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const call of this.calls.values()) call.reject(error);
      this.calls.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the insights thread stopped (exit code ${code})`)));
    // Idle, the thread does not keep the process alive; a call in flight does (see call()).
    this.worker.unref();
  }

  private call<T>(method: keyof EventLog, ...args: unknown[]): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    if (this.calls.size === 0) this.worker.ref();
    return new Promise<T>((resolve, reject) => {
      this.calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      // One string crosses to the thread: cheaper to copy than a batch of objects through the structured clone.
      this.worker.postMessage({ id, method, args: JSON.stringify(args) });
    }).finally(() => {
      if (this.calls.size === 0) this.worker.unref();
    });
  }

  append(events: readonly InsightEvent[]): Promise<void> {
    return events.length ? this.call('append', events) : Promise.resolve();
  }

  figures(window: Range): Promise<WindowFigures> {
    return this.call('figures', window);
  }

  activity(codes: readonly number[], since: number): Promise<CodeActivity[]> {
    return this.call('activity', codes, since);
  }

  hourlyPeople(code: number, range: Range): Promise<number> {
    return this.call('hourlyPeople', code, range);
  }

  deleteBefore(before: number): Promise<number> {
    return this.call('deleteBefore', before);
  }

  claim(key: string, now: number, holdMs: number): Promise<boolean> {
    return this.call('claim', key, now, holdMs);
  }

  salt(preferred?: string): Promise<string> {
    return this.call('salt', preferred);
  }

  async close(): Promise<void> {
    if (this.failed) return;
    await this.call('close');
    this.failed = new Error('the insights event log is closed');
    await this.worker.terminate();
  }
}
