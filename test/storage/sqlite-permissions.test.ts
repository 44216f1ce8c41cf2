import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStorage } from '../../src/storage/sqlite-storage';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Tickets hold names, questions and correlation IDs: only the bot's own user may read them. */
describe('SQLite file permissions', () => {
  const root = mkdtempSync(join(tmpdir(), 'helpdesk-perms-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('creates its folder 0700 and the database, WAL and shared-memory files 0600', async () => {
    const file = join(root, 'new', 'data', 'helpdesk.sqlite');
    const storage = new SqliteStorage(file);
    await storage.write({ 'helpdesk/ticket/1': { question: 'AADSTS50126' } });
    expect(mode(join(root, 'new'))).toBe(0o700);
    expect(mode(join(root, 'new', 'data'))).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    expect(mode(`${file}-shm`)).toBe(0o600);
    storage.close();
  });

  it('tightens a database file a previous version left readable by others', async () => {
    const file = join(root, 'old.sqlite');
    writeFileSync(file, '');
    chmodSync(file, 0o644);
    const storage = new SqliteStorage(file);
    await storage.write({ a: { b: 1 } });
    expect(mode(file)).toBe(0o600);
    expect(mode(`${file}-wal`)).toBe(0o600);
    storage.close();
  });
});
