import { parentPort, workerData } from 'node:worker_threads';
import type { EventLog } from './events';
import { SqliteEventLog } from './sqlite-event-log';

/** The SQLite event log in its own thread: each message is one call, answered with its result or its error. */
const log = new SqliteEventLog((workerData as { file: string }).file);
type Call = { id: number; method: keyof EventLog; args: unknown[] };

parentPort!.on('message', async ({ id, method, args }: Call) => {
  try {
    const result = await (log[method] as (...values: unknown[]) => Promise<unknown>).apply(log, args);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
