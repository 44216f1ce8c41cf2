import { describe, expect, it } from 'vitest';
import { AzureCosmosStorage } from '../../src/storage/azure-cosmos-storage';
import { createStorage } from '../../src/storage/create-storage';
import { describeTicketStoreContract } from '../tickets/ticket-store-contract';
import { describeStorageContract } from './storage-contract';

/**
 * There is no Cosmos DB emulator on this project's machines (the Linux emulator needs Docker and more memory than
 * CI has), so the contract runs only against an account or emulator you name:
 *   COSMOS_TEST_ENDPOINT=https://localhost:8081/ COSMOS_TEST_KEY=... npx vitest run test/storage/cosmos-storage.test.ts
 * It uses (and creates) the database `helpdesk-tests`, one container per case.
 */
const endpoint = process.env.COSMOS_TEST_ENDPOINT;
const key = process.env.COSMOS_TEST_KEY;
let containers = 0;
const newStorage = () =>
  createStorage({
    STORAGE: 'cosmos',
    SQLITE_PATH: '',
    COSMOS_DB_ENDPOINT: endpoint!,
    COSMOS_DB_KEY: key!,
    COSMOS_DB_DATABASE: 'helpdesk-tests',
    COSMOS_DB_CONTAINER: `contract-${Date.now()}-${++containers}`,
  });

if (endpoint && key) {
  describeStorageContract('AzureCosmosStorage (CosmosDbPartitionedStorage + Cosmos SDK)', newStorage, () => {});
  describeTicketStoreContract('Azure Cosmos DB', newStorage, 20);
} else {
  describe('AzureCosmosStorage against Cosmos DB', () => {
    it.skip('needs COSMOS_TEST_ENDPOINT and COSMOS_TEST_KEY (no Cosmos emulator here): the storage and ticket contracts were not run', () => {});
  });
}

describe('createStorage for STORAGE=cosmos', () => {
  it('builds CosmosDbPartitionedStorage with the Cosmos SDK beside it, without calling Cosmos yet', () => {
    const storage = createStorage({
      STORAGE: 'cosmos',
      SQLITE_PATH: '',
      COSMOS_DB_ENDPOINT: 'https://contoso-helpdesk.documents.azure.com:443/',
      COSMOS_DB_KEY: Buffer.from('not a real key').toString('base64'),
      COSMOS_DB_DATABASE: 'helpdesk',
      COSMOS_DB_CONTAINER: 'bot-state',
    });
    expect(storage).toBeInstanceOf(AzureCosmosStorage);
  });

  it('names the missing variables', () => {
    expect(() => createStorage({ STORAGE: 'cosmos', SQLITE_PATH: '', COSMOS_DB_ENDPOINT: 'https://x.documents.azure.com/' })).toThrow(
      'STORAGE=cosmos needs COSMOS_DB_KEY and COSMOS_DB_DATABASE and COSMOS_DB_CONTAINER',
    );
  });
});
