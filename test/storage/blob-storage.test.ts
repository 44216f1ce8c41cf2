import { BlobsStorage } from 'botbuilder-azure-blobs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureBlobStorage, blobNameOf } from '../../src/storage/azure-blob-storage';
import { createStorage } from '../../src/storage/create-storage';
import { Azurite } from '../helpers/azurite';
import { describeStorageContract } from './storage-contract';

const azurite = new Azurite();
beforeAll(() => azurite.start());
afterAll(() => azurite.stop());

// A container per test keeps the cases apart; the store creates it on first use.
let containers = 0;
const newStorage = () =>
  createStorage({
    STORAGE: 'blob',
    SQLITE_PATH: '',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_STORAGE_CONTAINER: `contract-${++containers}`,
  });

describeStorageContract('AzureBlobStorage (BlobsStorage + Blob SDK, Azurite)', newStorage, () => {}, {
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
  it('returns BlobsStorage with the Blob SDK beside it', () => {
    expect(newStorage()).toBeInstanceOf(AzureBlobStorage);
  });

  it('names the missing variables', () => {
    expect(() => createStorage({ STORAGE: 'blob', SQLITE_PATH: '' })).toThrow(
      /AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER/,
    );
    expect(() => createStorage({ STORAGE: 'blob', SQLITE_PATH: '', AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString })).toThrow(
      /needs AZURE_STORAGE_CONTAINER$/,
    );
  });

  it('puts what it creates where BlobsStorage reads it, and lists what BlobsStorage wrote', async () => {
    const container = `shared-${++containers}`;
    const storage = newStorageIn(container);
    const plain = new BlobsStorage(azurite.connectionString, container);
    await storage.create('helpdesk/card/abc', { number: 1 });
    expect(await plain.read(['helpdesk/card/abc'])).toMatchObject({ 'helpdesk/card/abc': { number: 1 } });
    await plain.write({ 'helpdesk/pending/000000002': { at: 1 } });
    expect(await storage.keys('helpdesk/')).toEqual(['helpdesk/card/abc', 'helpdesk/pending/000000002']);
    expect(blobNameOf('helpdesk/pending/')).toBe('helpdesk%2Fpending%2F');
  });
});

function newStorageIn(container: string) {
  return createStorage({
    STORAGE: 'blob',
    SQLITE_PATH: '',
    AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
    AZURE_STORAGE_CONTAINER: container,
  });
}
