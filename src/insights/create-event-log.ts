import { HelpdeskError } from '../errors';
import { BlobEventLog } from './blob-event-log';
import type { EventLog } from './events';
import { MemoryEventLog } from './memory-event-log';
import { ThreadedEventLog } from './threaded-event-log';

export interface EventLogConfig {
  readonly STORAGE: 'sqlite' | 'memory' | 'blob' | 'cosmos';
  /** The insights' own SQLite file, beside the tickets' one. */
  readonly INSIGHTS_SQLITE_PATH: string;
  readonly AZURE_STORAGE_CONNECTION_STRING?: string;
  readonly AZURE_STORAGE_CONTAINER?: string;
}

/** The event log of the store the configuration names: the tickets' store, so one setting moves both. */
export function createEventLog(config: EventLogConfig): EventLog {
  switch (config.STORAGE) {
    case 'sqlite':
      return new ThreadedEventLog(config.INSIGHTS_SQLITE_PATH);
    case 'memory':
      return new MemoryEventLog();
    case 'blob': {
      const { AZURE_STORAGE_CONNECTION_STRING: connectionString, AZURE_STORAGE_CONTAINER: container } = config;
      if (!connectionString || !container)
        throw new HelpdeskError('CONFIG_INVALID', 'STORAGE=blob needs AZURE_STORAGE_CONNECTION_STRING and AZURE_STORAGE_CONTAINER');
      return new BlobEventLog(connectionString, container);
    }
    case 'cosmos':
      // The configuration refuses INSIGHTS=on with Cosmos DB; this is the message should that check ever be bypassed.
      throw new HelpdeskError(
        'CONFIG_INVALID',
        'INSIGHTS must be off with STORAGE=cosmos: insight events are kept on SQLite or Azure Blob only',
      );
  }
}
