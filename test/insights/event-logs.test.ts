import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobEventLog } from '../../src/insights/blob-event-log';
import { MemoryEventLog } from '../../src/insights/memory-event-log';
import { SqliteEventLog } from '../../src/insights/sqlite-event-log';
import { ThreadedEventLog } from '../../src/insights/threaded-event-log';
import { Azurite } from '../helpers/azurite';
import { describeEventLogContract } from './event-log-contract';

const folder = mkdtempSync(join(tmpdir(), 'helpdesk-events-'));
const azurite = new Azurite();
let logs = 0;

beforeAll(async () => {
  await azurite.start();
}, 30_000);

afterAll(async () => {
  await azurite.stop();
  rmSync(folder, { recursive: true, force: true });
});

describeEventLogContract('memory', async () => new MemoryEventLog());
describeEventLogContract('SQLite (a file)', async () => new SqliteEventLog(join(folder, `events-${++logs}.sqlite`)));
// What the bot runs: the same log in a worker thread, so the turn never waits on SQLite.
describeEventLogContract('SQLite in a worker thread', async () => new ThreadedEventLog(join(folder, `events-${++logs}.sqlite`)));
// A container per case keeps the cases apart.
describeEventLogContract('Azure Blob (Azurite)', async () => new BlobEventLog(azurite.connectionString, `insights-${++logs}`), 30_000);

describe('the SQLite event log file', () => {
  it('is readable by the bot only (it holds the salt of the user hashes), its folder 0700', async () => {
    const file = join(folder, 'private', 'insights.sqlite');
    const log = new SqliteEventLog(file);
    await log.salt();
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect([mode(join(folder, 'private')), mode(file), mode(`${file}-wal`)]).toEqual([0o700, 0o600, 0o600]);
    await log.close();
  });
});
