import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/create-storage';
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
    },
  },
);

describe('createStorage for STORAGE=memory', () => {
  it('returns a MemoryStorage', () => {
    expect(createStorage({ STORAGE: 'memory', SQLITE_PATH: '' })).toBeInstanceOf(MemoryStorage);
  });
});
