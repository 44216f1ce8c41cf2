import { MemoryStorage, type Storage } from 'botbuilder';
import { HelpdeskError } from '../errors';
import { SqliteStorage } from './sqlite-storage';

export interface StorageConfig {
  /** sqlite (default, embedded), memory (tests only: lost on restart) or blob (Azure Blob Storage). */
  readonly STORAGE: 'sqlite' | 'memory' | 'blob';
  /** The SQLite file, for STORAGE=sqlite. */
  readonly SQLITE_PATH: string;
  /** For STORAGE=blob: the storage account's connection string. */
  readonly AZURE_STORAGE_CONNECTION_STRING?: string;
  /** For STORAGE=blob: the container; created on first use if missing. */
  readonly AZURE_STORAGE_CONTAINER?: string;
}

export type ClosableStorage = Storage & { close?(): Promise<void> | void };

/** The storage the configuration names. Call `close()` (when present) on shutdown. */
export function createStorage(config: StorageConfig): ClosableStorage {
  switch (config.STORAGE) {
    case 'sqlite':
      return new SqliteStorage(config.SQLITE_PATH);
    case 'memory':
      return new MemoryStorage();
    case 'blob': {
      const { AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_CONTAINER: container } = config;
      if (!connectionString || !container) {
        const missing = [!connectionString && 'AZURE_STORAGE_CONNECTION_STRING', !container && 'AZURE_STORAGE_CONTAINER'].filter(Boolean);
        throw new HelpdeskError('CONFIG_INVALID', `STORAGE=blob needs ${missing.join(' and ')}`);
      }
      // Loaded only when asked for: the Azure SDK costs ~10 MB and ~40 ms of start-up for everyone else.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { BlobsStorage } = require('botbuilder-azure-blobs') as typeof import('botbuilder-azure-blobs');
      return new BlobsStorage(connectionString, container);
    }
    default:
      throw new HelpdeskError('CONFIG_INVALID', `unknown STORAGE ${String((config as { STORAGE: unknown }).STORAGE)}`);
  }
}
