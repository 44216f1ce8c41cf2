import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates (or tightens) a database file only the bot's user may read, in a folder only it may list. SQLite creates
 * the -wal and -shm files with the database file's permissions, so creating that one 0600 covers all three.
 * `:memory:` and '' are left alone.
 */
export function preparePrivateFile(file: string): void {
  if (file === ':memory:' || file === '') return;
  mkdirSync(dirname(resolve(file)), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
