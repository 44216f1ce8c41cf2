import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/create-storage';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describeStorageContract } from './storage-contract';

// botbuilder's MemoryStorage is the reference: the contract describes what it does, so it passes every case
// except the one guarantee it does not give.
describeStorageContract(
  'MemoryStorage (botbuilder, the reference)',
  () => new MemoryStorage(),
  () => {},
  {
    skip: {
      // MemoryStorage checks and writes item by item: it rejects the conflicting item but still writes the others.
      'writes none of a batch when one item conflicts': 'MemoryStorage writes the other items of the batch',
      // The tickets need these; MemoryStorage has none of them, which is why STORAGE=memory is SQLite in memory.
      'creates an item only if its key is absent, and returns its eTag': 'MemoryStorage has no create-only write',
      'lets exactly one of 20 concurrent creates of one key win': 'MemoryStorage has no create-only write',
      'replaces an item only while its eTag is unchanged, and returns the new eTag': 'MemoryStorage returns no eTag from a write',
      'deletes an item only while its eTag is unchanged': 'MemoryStorage has no conditional delete',
      'lists the keys under a prefix, in order, and no others': 'MemoryStorage cannot list keys',
    },
  },
);

describe('createStorage for STORAGE=memory', () => {
  it('returns SQLite in memory: the default engine, lost on restart', async () => {
    const storage = createStorage({ STORAGE: 'memory', SQLITE_PATH: 'ignored.sqlite' });
    expect(storage).toBeInstanceOf(SqliteStorage);
    expect(await storage.keys('')).toEqual([]);
  });
});
