import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/paths';

/** The pure core and the app rules must not know the bot framework or the HTTP server: only the edges do. */
const PURE = ['src/core', 'src/catalog', 'src/cards', 'src/app', 'src/tickets', 'src/signin', 'src/insights'];
/** Microsoft's Graph client and @azure/identity: only the Graph edge of the sign-in lookup may use them. */
const GRAPH = /(?:from\s+|require\()\s*['"](@azure\/identity|@microsoft\/microsoft-graph-client[^'"]*)['"]/;
const GRAPH_EDGE = 'src/signin/graph-sign-in-lookup.ts';
const FRAMEWORK = /(?:from\s+|require\()\s*['"](botbuilder[^'"]*|botframework-[^'"]*|restify[^'"]*)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('architecture', () => {
  it.each(PURE)('%s imports neither botbuilder nor restify', (dir) => {
    const offenders = sources(join(ROOT_DIR, dir)).filter((file) => FRAMEWORK.test(readFileSync(file, 'utf8')));
    expect(offenders.map((file) => relative(ROOT_DIR, file))).toEqual([]);
  });

  it(`only ${GRAPH_EDGE} uses the Graph client and @azure/identity`, () => {
    const users = sources(join(ROOT_DIR, 'src')).filter((file) => GRAPH.test(readFileSync(file, 'utf8')));
    expect(users.map((file) => relative(ROOT_DIR, file))).toEqual([GRAPH_EDGE]);
  });
});
