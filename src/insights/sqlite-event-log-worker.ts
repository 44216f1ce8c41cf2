import { parentPort, workerData } from 'node:worker_threads';
import type { EventLog } from './events';
import { SqliteEventLog } from './sqlite-event-log';

/** The SQLite event log in its own thread: each message is one call, answered with its result or its error. */
const log = new SqliteEventLog((workerData as { file: string }).file);
type Call = { id: number; method: keyof EventLog; args: unknown[] };

async function answer({ id, method, args }: Call): Promise<void> {
  try {
    const result = await (log[method] as (...values: unknown[]) => Promise<unknown>).apply(log, args);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
}

parentPort!.on('message', (call: Call) => void answer(call));
