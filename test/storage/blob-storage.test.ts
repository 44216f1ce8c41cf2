import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/create-storage';
import { TicketStore } from '../../src/tickets/ticket-store';
import { ticketDraft } from '../helpers/ticket-draft';
import { describeStorageContract } from './storage-contract';

// Azurite's well-known development account (public, documented; it only opens the local emulator).
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

let azurite: ChildProcess | undefined;
let location: string | undefined;
let connectionString = '';

/** Starts Azurite's blob service on a free port, in a child process that ends with this one; resolves with the port. */
function startAzurite(folder: string): Promise<number> {
  const main = require.resolve('azurite/dist/src/blob/main.js');
  // Azurite reads its options from process.argv; the wrapper also ends it if this process dies without cleaning up.
  const wrapper = `process.on('disconnect', () => process.exit(0)); process.argv.splice(1, 0, ${JSON.stringify(main)}); require(${JSON.stringify(main)});`;
  const args = [
    '--blobHost',
    '127.0.0.1',
    '--blobPort',
    '0',
    '--location',
    folder,
    '--silent',
    '--disableTelemetry',
    '--skipApiVersionCheck',
  ];
  const child = spawn(process.execPath, ['-e', wrapper, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  azurite = child;
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`Azurite did not start within 15 s:\n${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const port = /successfully listens on https?:\/\/[^:\s]+:(\d+)/.exec(output)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(Number(port));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited with ${code}:\n${output}`));
    });
  });
}

/** Disconnecting makes the wrapper exit (Azurite's own SIGTERM handler waits for idle keep-alive connections). */
async function stopAzurite(): Promise<void> {
  const child = azurite;
  azurite = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.disconnect();
  const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(force);
}

beforeAll(async () => {
  location = mkdtempSync(join(tmpdir(), 'helpdesk-azurite-'));
  const port = await startAzurite(location);
  connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
});

afterAll(async () => {
  await stopAzurite();
  if (location) rmSync(location, { recursive: true, force: true });
});

// A container per test keeps the cases apart; BlobsStorage creates it on first use.
let containers = 0;
const newStorage = () =>
  createStorage({
    STORAGE: 'blob',
    SQLITE_PATH: '',
    AZURE_STORAGE_CONNECTION_STRING: connectionString,
    AZURE_STORAGE_CONTAINER: `contract-${++containers}`,
  });

describeStorageContract('BlobsStorage (Azurite)', newStorage, () => {}, {
  skip: {
    // BlobsStorage uploads each item of a write as its own blob, in parallel: blobs have no transaction across
    // blobs, so the items without a conflict are written (as MemoryStorage does too).
    'writes none of a batch when one item conflicts': 'each item is its own blob upload, no transaction across them',
    // BlobsStorage sends the item's eTag as If-Match; Blob Storage answers 412 when the blob does not exist,
    // which BlobsStorage reports as an eTag conflict. MemoryStorage and SqliteStorage write the item.
    'writes an item with an eTag when the key is not stored (e.g. deleted meanwhile)':
      'If-Match on a missing blob is a 412, reported as an eTag conflict',
    // BlobsStorage's sanitizeBlobKey drops empty path segments, so "a/", "a" and "a//" name the same blob
    // (it also cuts URI-encoded keys at 1024 characters).
    'keeps keys apart that differ only in slashes': 'sanitizeBlobKey maps "a/", "a" and "a//" to the same blob',
  },
});

describe('createStorage for STORAGE=blob', () => {
  it('returns a BlobsStorage', () => {
    expect(newStorage()).toBeInstanceOf(BlobsStorage);
  });

  it('names the missing variables', () => {
    expect(() => createStorage({ STORAGE: 'blob', SQLITE_PATH: '' })).toThrow(
      /AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER/,
    );
    expect(() => createStorage({ STORAGE: 'blob', SQLITE_PATH: '', AZURE_STORAGE_CONNECTION_STRING: connectionString })).toThrow(
      /needs AZURE_STORAGE_CONTAINER$/,
    );
  });
});

describe('tickets on BlobsStorage (Azurite)', () => {
  it('numbers tickets, makes one per card under concurrent clicks, and applies actions', async () => {
    const store = new TicketStore(newStorage());
    const draft = (name: string) => ticketDraft({ requester: { id: '29:user', name } });
    expect((await store.escalate('c|first', draft('Li Wei'))).created).toBe(true);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.escalate('c|second', draft(`clicker ${i}`))));
    expect(new Set(results.map((r) => r.ticket.number))).toEqual(new Set([2]));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await store.act(2, 'assign', { id: '29:agent', name: 'Zhang Min' })).toMatchObject({ ok: true, ticket: { status: 'assigned' } });
    expect((await store.openTickets()).map((t) => t.number)).toEqual([1, 2]);
  }, 30_000);
});
