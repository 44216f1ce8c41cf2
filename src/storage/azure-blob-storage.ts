import type { ContainerClient } from '@azure/storage-blob';
import type { Storage, StoreItems } from 'botbuilder';
import type { BlobsStorage } from 'botbuilder-azure-blobs';
import type { KeyValueStore } from '../tickets/types';

/** Blob Storage's answers to a condition that does not hold: 409 BlobAlreadyExists, 412 ConditionNotMet, 404 gone. */
const statusOf = (error: unknown) => (error as { statusCode?: number })?.statusCode;

/**
 * The blob name BlobsStorage gives a key (its sanitizeBlobKey for the keys we use: no empty path segments):
 * the key URI-encoded, slashes included. A prefix ending in "/" keeps its slash, so it matches only its children.
 */
export const blobNameOf = (key: string) => encodeURIComponent(key);

/**
 * Azure Blob Storage: botbuilder's `BlobsStorage` for read, write and delete (so items stay where any botbuilder
 * bot would look for them), and the Blob SDK on the same container for what BlobsStorage cannot say:
 * create only if absent (`If-None-Match: *`), replace or delete only if unchanged (`If-Match`, returning the new eTag),
 * and list a prefix.
 */
export class AzureBlobStorage implements Storage, KeyValueStore {
  private readonly blobs: BlobsStorage;
  private readonly container: ContainerClient;
  private ready: Promise<unknown> | undefined;

  constructor(connectionString: string, containerName: string) {
    // Loaded only when a Blob store is made: the Azure SDK costs ~10 MB and ~40 ms of start-up for everyone else.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
    const { ContainerClient } = require('@azure/storage-blob') as typeof import('@azure/storage-blob');
    /* eslint-enable @typescript-eslint/no-require-imports */
    this.blobs = new BlobsStorage(connectionString, containerName);
    this.container = new ContainerClient(connectionString, containerName);
  }

  read(keys: string[]): Promise<StoreItems> {
    return this.blobs.read(keys);
  }

  write(changes: StoreItems): Promise<void> {
    return this.blobs.write(changes);
  }

  delete(keys: string[]): Promise<void> {
    return this.blobs.delete(keys);
  }

  create(key: string, item: object): Promise<string | undefined> {
    return this.upload(key, item, { ifNoneMatch: '*' });
  }

  replace(key: string, item: object, eTag: string): Promise<string | undefined> {
    return this.upload(key, item, { ifMatch: eTag });
  }

  /** Uploads the item as BlobsStorage would (JSON, without its eTag) under a condition; the new eTag, or undefined if it failed. */
  private async upload(key: string, item: object, conditions: { ifNoneMatch?: string; ifMatch?: string }): Promise<string | undefined> {
    await this.ensureContainer();
    const { eTag: _, ...value } = item as { eTag?: string };
    const body = JSON.stringify(value);
    try {
      const uploaded = await this.container.getBlockBlobClient(blobNameOf(key)).upload(body, Buffer.byteLength(body), {
        conditions,
        blobHTTPHeaders: { blobContentType: 'application/json' },
      });
      return uploaded.etag;
    } catch (error) {
      const status = statusOf(error);
      if (status === 409 || status === 412 || (status === 404 && conditions.ifMatch)) return undefined;
      throw error;
    }
  }

  async deleteIf(key: string, eTag: string): Promise<boolean> {
    await this.ensureContainer();
    try {
      await this.container.deleteBlob(blobNameOf(key), { conditions: { ifMatch: eTag } });
      return true;
    } catch (error) {
      if (statusOf(error) === 412 || statusOf(error) === 404) return false;
      throw error;
    }
  }

  async keys(prefix: string): Promise<string[]> {
    await this.ensureContainer();
    const keys: string[] = [];
    for await (const blob of this.container.listBlobsFlat({ prefix: blobNameOf(prefix) })) keys.push(decodeURIComponent(blob.name));
    return keys.sort();
  }

  /** BlobsStorage creates the container on its first call; the SDK calls may come first (two instances on a new account). */
  private ensureContainer(): Promise<unknown> {
    this.ready ??= this.container.createIfNotExists().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }
}
