import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project root, found from this file whether it runs from src/ (tsx, vitest) or dist/src/ (node). */
function findRoot(start: string): string {
  let dir = start;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`package.json not found above ${start}`);
    dir = parent;
  }
  return dir;
}

export const ROOT_DIR = findRoot(__dirname);
export const DATA_DIR = join(ROOT_DIR, 'data');
export const CARDS_DIR = join(ROOT_DIR, 'cards');
