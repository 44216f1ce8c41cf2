import { parentPort, workerData } from 'node:worker_threads';
import type { EventLog } from './events';
import { SqliteEventLog } from './sqlite-event-log';

/** The SQLite event log in its own thread: each message is one call, answered with its result or its error. */
const log = new SqliteEventLog((workerData as { file: string }).file);
/** A call as the main thread sends it: its arguments, and the answer, as JSON text. */
type Call = { id: number; method: keyof EventLog; args: string };

async function answer({ id, method, args }: Call): Promise<void> {
  try {
    const result = await (log[method] as (...values: unknown[]) => Promise<unknown>).apply(log, JSON.parse(args) as unknown[]);
    parentPort!.postMessage({ id, ...(result !== undefined && { result: JSON.stringify(result) }) });
  } catch (error) {
    parentPort!.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
}

parentPort!.on('message', (call: Call) => void answer(call));
