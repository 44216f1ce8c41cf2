import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { preparePrivateFile } from './private-file';
import type { Storage, StoreItem, StoreItems } from 'botbuilder';
import type { KeyValueStore } from '../tickets/types';

interface Row {
  key: string;
  value: string;
  etag: string;
}

/**
 * botbuilder `Storage` in one SQLite file (WAL mode), with the semantics of botbuilder's `MemoryStorage`:
 * - `read` returns only the keys that exist, each item with its `eTag`;
 * - `write` overwrites when the item's `eTag` is `"*"` or missing, or when the key is not stored yet;
 *   otherwise the `eTag` must equal the stored one, or the write rejects with
 *   `Storage: error writing "<key>" due to eTag conflict.`; every write stores a new `eTag`;
 * - `delete` ignores missing keys.
 * Unlike `MemoryStorage`, the items of one `write` call are written in one transaction: a conflict on any writes none.
 * `create`, `deleteIf` and `keys` are single statements, atomic across connections and processes on one file.
 */
export class SqliteStorage implements Storage, KeyValueStore {
  private readonly db: Database.Database;
  private readonly selectOne: Database.Statement<[string], Row>;
  private readonly selectEtag: Database.Statement<[string], Pick<Row, 'etag'>>;
  private readonly upsert: Database.Statement<[string, string, string]>;
  private readonly deleteOne: Database.Statement<[string]>;
  private readonly insertNew: Database.Statement<[string, string, string]>;
  private readonly deleteMatching: Database.Statement<[string, string]>;
  private readonly updateMatching: Database.Statement<[string, string, string, string]>;
  private readonly selectKeys: Database.Statement<[string, string], string>;
  private readonly readAll: (keys: readonly string[]) => StoreItems;
  private readonly writeAll: (changes: StoreItems) => void;
  private readonly deleteAll: (keys: readonly string[]) => void;

  /** @param file the database file (its folder is created), or `:memory:`. */
  constructor(file: string) {
    // Tickets hold names, questions and correlation IDs: only the bot's user may read them.
    preparePrivateFile(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Several processes may share the file (npm start twice, tests): wait for the write lock rather than fail.
    this.db.pragma('busy_timeout = 10000');
    this.db.exec('CREATE TABLE IF NOT EXISTS items (key TEXT PRIMARY KEY, value TEXT NOT NULL, etag TEXT NOT NULL)');

    this.selectOne = this.db.prepare('SELECT key, value, etag FROM items WHERE key = ?');
    this.selectEtag = this.db.prepare('SELECT etag FROM items WHERE key = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO items (key, value, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, etag = excluded.etag',
    );
    this.deleteOne = this.db.prepare('DELETE FROM items WHERE key = ?');
    this.insertNew = this.db.prepare('INSERT INTO items (key, value, etag) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING');
    this.deleteMatching = this.db.prepare('DELETE FROM items WHERE key = ? AND etag = ?');
    this.updateMatching = this.db.prepare('UPDATE items SET value = ?, etag = ? WHERE key = ? AND etag = ?');
    // A range over the primary key, so listing a prefix reads only its keys however many items are stored.
    this.selectKeys = this.db.prepare<[string, string], string>('SELECT key FROM items WHERE key >= ? AND key < ? ORDER BY key').pluck();

    // One snapshot for a read; writes take the write lock up front (IMMEDIATE), so check-then-write is atomic
    // even with a second process on the same file.
    this.readAll = this.db.transaction((keys: readonly string[]) => {
      const items: StoreItems = {};
      for (const key of keys) {
        const row = this.selectOne.get(key);
        if (row) items[key] = { ...(JSON.parse(row.value) as StoreItem), eTag: row.etag };
      }
      return items;
    });
    const writeAll = this.db.transaction((changes: StoreItems) => {
      for (const [key, item] of Object.entries(changes) as [string, StoreItem][]) {
        const { eTag, ...value } = item;
        if (eTag && eTag !== '*') {
          const stored = this.selectEtag.get(key);
          if (stored && stored.etag !== eTag) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
        }
        this.upsert.run(key, JSON.stringify(value), randomUUID());
      }
    });
    this.writeAll = (changes) => writeAll.immediate(changes);
    const deleteAll = this.db.transaction((keys: readonly string[]) => {
      for (const key of keys) this.deleteOne.run(key);
    });
    this.deleteAll = (keys) => deleteAll.immediate(keys);
  }

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError('Keys are required when reading.');
    return this.readAll(keys);
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError('Changes are required when writing.');
    this.writeAll(changes);
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError('Keys are required when deleting.');
    this.deleteAll(keys);
  }

  async create(key: string, item: object): Promise<string | undefined> {
    const { eTag: _, ...value } = item as StoreItem;
    const eTag = randomUUID();
    return this.insertNew.run(key, JSON.stringify(value), eTag).changes ? eTag : undefined;
  }

  async replace(key: string, item: object, eTag: string): Promise<string | undefined> {
    const { eTag: _, ...value } = item as StoreItem;
    const next = randomUUID();
    return this.updateMatching.run(JSON.stringify(value), next, key, eTag).changes ? next : undefined;
  }

  async deleteIf(key: string, eTag: string): Promise<boolean> {
    return this.deleteMatching.run(key, eTag).changes > 0;
  }

  async keys(prefix: string): Promise<string[]> {
    // Keys compare as UTF-8 bytes; U+10FFFF encodes higher than any character a key can continue with.
    return this.selectKeys.all(prefix, `${prefix}\u{10FFFF}`);
  }

  /** Closes the database; safe to call twice. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}
