import type { Container } from '@azure/cosmos';
import type { Storage, StoreItems } from 'botbuilder';
import type { CosmosDbPartitionedStorage } from 'botbuilder-azure';
import type { KeyValueStore } from '../tickets/types';

// Loaded only when a Cosmos store is made (see the constructor).
/* eslint-disable @typescript-eslint/no-require-imports */
const sdk = () => ({
  ...(require('botbuilder-azure') as typeof import('botbuilder-azure')),
  ...(require('@azure/cosmos') as typeof import('@azure/cosmos')),
});
/* eslint-enable @typescript-eslint/no-require-imports */

export interface CosmosOptions {
  readonly endpoint: string;
  readonly key: string;
  readonly databaseId: string;
  readonly containerId: string;
}

/** Cosmos reports conditions that do not hold as `code`: 409 exists, 412 eTag changed, 404 gone. */
const codeOf = (error: unknown) => (error as { code?: number | string })?.code;

/**
 * Azure Cosmos DB (NoSQL): botbuilder's `CosmosDbPartitionedStorage` for read, write and delete, and the Cosmos SDK
 * on the same container, with the same document shape ({ id, realId, document }), for create-only writes
 * (`items.create`, 409 when the id exists), conditional replaces and deletes (`If-Match`) and listing a prefix (a query).
 * compatibilityMode is off: the container is partitioned on /id (created so if missing) and keys are not cut at 255.
 */
export class AzureCosmosStorage implements Storage, KeyValueStore {
  private readonly documents: CosmosDbPartitionedStorage;
  private readonly container: Container;
  private readonly escapeKey: (key: string) => string;

  constructor(options: CosmosOptions) {
    const { CosmosDbPartitionedStorage, CosmosClient, CosmosDbKeyEscape } = sdk();
    this.escapeKey = (key) => CosmosDbKeyEscape.escapeKey(key, undefined, false);
    this.documents = new CosmosDbPartitionedStorage({
      cosmosDbEndpoint: options.endpoint,
      authKey: options.key,
      databaseId: options.databaseId,
      containerId: options.containerId,
      compatibilityMode: false,
    });
    this.container = new CosmosClient({ endpoint: options.endpoint, key: options.key })
      .database(options.databaseId)
      .container(options.containerId);
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.documents.read(keys);
  }

  /** Item by item, so a stale eTag is reported for its key in the words every other store uses. */
  async write(changes: StoreItems): Promise<void> {
    await Promise.all(
      Object.entries(changes).map(async ([key, item]) => {
        try {
          // botbuilder types store items as any; this passes one on unchanged.
          // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
          await this.documents.write({ [key]: item });
        } catch (error) {
          if (codeOf(error) === 412) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`, { cause: error });
          throw error;
        }
      }),
    );
  }

  delete(keys: string[]): Promise<void> {
    return this.documents.delete(keys);
  }

  async create(key: string, item: object): Promise<string | undefined> {
    await this.documents.initialize();
    const { eTag: _, ...document } = item as { eTag?: string };
    try {
      const created = await this.container.items.create({ id: this.idOf(key), realId: key, document });
      return created.etag ?? (created.resource as { _etag?: string } | undefined)?._etag;
    } catch (error) {
      if (codeOf(error) === 409) return undefined;
      throw error;
    }
  }

  async replace(key: string, item: object, eTag: string): Promise<string | undefined> {
    await this.documents.initialize();
    const { eTag: _, ...document } = item as { eTag?: string };
    const id = this.idOf(key);
    try {
      const replaced = await this.container
        .item(id, id)
        .replace({ id, realId: key, document }, { accessCondition: { type: 'IfMatch', condition: eTag } });
      return replaced.etag ?? (replaced.resource as { _etag?: string } | undefined)?._etag;
    } catch (error) {
      if (codeOf(error) === 412 || codeOf(error) === 404) return undefined;
      throw error;
    }
  }

  async deleteIf(key: string, eTag: string): Promise<boolean> {
    await this.documents.initialize();
    const id = this.idOf(key);
    try {
      await this.container.item(id, id).delete({ accessCondition: { type: 'IfMatch', condition: eTag } });
      return true;
    } catch (error) {
      if (codeOf(error) === 412 || codeOf(error) === 404) return false;
      throw error;
    }
  }

  async keys(prefix: string): Promise<string[]> {
    await this.documents.initialize();
    const { resources } = await this.container.items
      .query<string>({
        query: 'SELECT VALUE c.realId FROM c WHERE STARTSWITH(c.realId, @prefix)',
        parameters: [{ name: '@prefix', value: prefix }],
      })
      .fetchAll();
    return resources.sort();
  }

  private idOf(key: string): string {
    return this.escapeKey(key);
  }
}
