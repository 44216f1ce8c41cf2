import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/create-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describeStorageContract } from './storage-contract';

const dir = mkdtempSync(join(tmpdir(), 'helpdesk-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
const newFile = () => join(dir, `nested-${++files}`, 'folder', 'helpdesk.sqlite');

describeStorageContract(
  'SqliteStorage (file)',
  () => new SqliteStorage(newFile()),
  (storage) => storage.close(),
);
describeStorageContract(
  'SqliteStorage (:memory:)',
  () => new SqliteStorage(':memory:'),
  (storage) => storage.close(),
);

describe('SqliteStorage', () => {
  it('keeps items and eTags across closing and reopening the file', async () => {
    const file = newFile();
    const first = new SqliteStorage(file);
    await first.write({ 'ticket/1': { status: 'open', text: '账号被锁' }, settings: { channel: '19:x@thread.tacv2' } });
    const before = await first.read(['ticket/1', 'settings']);
    first.close();

    const second = new SqliteStorage(file);
    try {
      expect(await second.read(['ticket/1', 'settings'])).toEqual(before);
      // The eTag read before the restart still guards the item.
      await second.write({ 'ticket/1': { status: 'closed', eTag: before['ticket/1']?.eTag } });
      await expect(second.write({ 'ticket/1': { status: 'reopened', eTag: before['ticket/1']?.eTag } })).rejects.toThrow(/eTag conflict/);
      expect(await second.read(['ticket/1'])).toMatchObject({ 'ticket/1': { status: 'closed' } });
    } finally {
      second.close();
    }
  });

  it('creates the folder, uses WAL and one table', async () => {
    const file = newFile();
    const storage = new SqliteStorage(file);
    await storage.write({ k: { v: 1 } });
    storage.close();
    storage.close(); // twice is fine
    expect(existsSync(file)).toBe(true);

    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['items']);
      const row = db.prepare('SELECT key, value, etag FROM items').get() as { key: string; value: string; etag: string };
      expect(row.key).toBe('k');
      expect(JSON.parse(row.value)).toEqual({ v: 1 });
      expect(row.etag).toEqual(expect.any(String));
    } finally {
      db.close();
    }
  });

  it('sees writes made through another connection to the same file', async () => {
    const file = newFile();
    const a = new SqliteStorage(file);
    const b = new SqliteStorage(file);
    try {
      await a.write({ k: { v: 1 } });
      const { k } = await b.read(['k']);
      await a.write({ k: { v: 2, eTag: k?.eTag } });
      await expect(b.write({ k: { v: 3, eTag: k?.eTag } })).rejects.toThrow(/eTag conflict/);
    } finally {
      a.close();
      b.close();
    }
  });

  it('is what createStorage returns for STORAGE=sqlite', async () => {
    const storage = createStorage({ STORAGE: 'sqlite', SQLITE_PATH: newFile() });
    try {
      expect(storage).toBeInstanceOf(SqliteStorage);
    } finally {
      await storage.close?.();
    }
  });
});
