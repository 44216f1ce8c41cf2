import type { Storage } from 'botbuilder';
import { HelpdeskError } from '../errors';
import type { KeyValueStore } from '../tickets/types';
import { AzureBlobStorage } from './azure-blob-storage';
import { AzureCosmosStorage } from './azure-cosmos-storage';
import { SqliteStorage } from './sqlite-storage';

export interface StorageConfig {
  /** sqlite (default, embedded), memory (tests only: lost on restart), blob (Azure Blob Storage) or cosmos (Azure Cosmos DB). */
  readonly STORAGE: 'sqlite' | 'memory' | 'blob' | 'cosmos';
  /** The SQLite file, for STORAGE=sqlite. */
  readonly SQLITE_PATH: string;
  /** For STORAGE=blob: the storage account's connection string. */
  readonly AZURE_STORAGE_CONNECTION_STRING?: string;
  /** For STORAGE=blob: the container; created on first use if missing. */
  readonly AZURE_STORAGE_CONTAINER?: string;
  /** For STORAGE=cosmos: the account endpoint, its key, the database and the container (created, partitioned on /id, if missing). */
  readonly COSMOS_DB_ENDPOINT?: string;
  readonly COSMOS_DB_KEY?: string;
  readonly COSMOS_DB_DATABASE?: string;
  readonly COSMOS_DB_CONTAINER?: string;
}

/** A botbuilder Storage that also has the conditional operations the tickets need. */
export type HelpdeskStorage = Storage & KeyValueStore & { close?(): Promise<void> | void };

function required<K extends keyof StorageConfig>(config: StorageConfig, storage: string, names: K[]): Record<K, string> {
  const missing = names.filter((name) => !config[name]);
  if (missing.length) throw new HelpdeskError('CONFIG_INVALID', `STORAGE=${storage} needs ${missing.join(' and ')}`);
  return Object.fromEntries(names.map((name) => [name, String(config[name])])) as Record<K, string>;
}

/** The storage the configuration names. Call `close()` (when present) on shutdown. */
export function createStorage(config: StorageConfig): HelpdeskStorage {
  switch (config.STORAGE) {
    case 'sqlite':
      return new SqliteStorage(config.SQLITE_PATH);
    case 'memory':
      // The same engine as the default store, kept in memory: tests run on the semantics production has.
      return new SqliteStorage(':memory:');
    case 'blob': {
      const blob = required(config, 'blob', ['AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONTAINER']);
      return new AzureBlobStorage(blob.AZURE_STORAGE_CONNECTION_STRING, blob.AZURE_STORAGE_CONTAINER);
    }
    case 'cosmos': {
      const cosmos = required(config, 'cosmos', ['COSMOS_DB_ENDPOINT', 'COSMOS_DB_KEY', 'COSMOS_DB_DATABASE', 'COSMOS_DB_CONTAINER']);
      return new AzureCosmosStorage({
        endpoint: cosmos.COSMOS_DB_ENDPOINT,
        key: cosmos.COSMOS_DB_KEY,
        databaseId: cosmos.COSMOS_DB_DATABASE,
        containerId: cosmos.COSMOS_DB_CONTAINER,
      });
    }
    default:
      throw new HelpdeskError('CONFIG_INVALID', `unknown STORAGE ${String((config as { STORAGE: unknown }).STORAGE)}`);
  }
}
