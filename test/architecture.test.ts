import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/paths';
import { fileAccessInPureCode, frameworkOutsideEdge, importCycles, importersOf, readSourceGraph } from './helpers/architecture-rules';

/** Only these know botbuilder and restify, so moving to the Microsoft 365 Agents SDK is an adapter swap. */
const EDGE = ['bot/', 'storage/', 'server.ts', 'start.ts'];
/** The pure core: it gets plain data from the loader and reads no files. */
const PURE_CORE = 'core/';
const PATHS_FILE = 'paths.ts';
/** Microsoft's Graph client and @azure/identity: only the Graph edge of the sign-in lookup may use them. */
const GRAPH = /^(?:@azure\/identity|@microsoft\/microsoft-graph-client)/;
const GRAPH_EDGE = 'signin/graph-sign-in-lookup.ts';

describe('architecture of src/', () => {
  const graph = readSourceGraph(join(ROOT_DIR, 'src'));

  it('reads the whole tree', () => {
    expect(graph.files).toContain('core/helpdesk-core.ts');
    expect(graph.edges.get('start.ts')).toContain('app/create-app.ts');
  });

  it('imports botbuilder and restify only at the edge', () => {
    expect(frameworkOutsideEdge(graph, EDGE)).toEqual([]);
  });

  it('keeps src/core away from the file system (node:fs, paths.ts), directly or through what it imports', () => {
    expect(fileAccessInPureCode(graph, PURE_CORE, PATHS_FILE)).toEqual([]);
  });

  it('has no import cycles', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it(`uses the Graph client and @azure/identity only in ${GRAPH_EDGE}`, () => {
    expect(importersOf(graph, GRAPH)).toEqual([GRAPH_EDGE]);
  });
});

describe('the architecture rules catch a deliberately broken tree', () => {
  const root = mkdtempSync(join(tmpdir(), 'helpdesk-architecture-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const files: Record<string, string> = {
    'paths.ts': "import { existsSync } from 'node:fs';\nexport const ROOT = existsSync('.') ? '.' : '/';\n",
    'core/pure.ts': "import type { Thing } from './types';\nexport const pure = (t: Thing) => t;\n",
    'core/types.ts': 'export type Thing = string;\n',
    'core/reads-files.ts': "import { readFileSync } from 'node:fs';\nexport const read = () => readFileSync('x');\n",
    'core/reads-promises.ts': "export const read = () => import('fs/promises');\n",
    'core/uses-paths.ts': "import { ROOT } from '../paths';\nexport const root = ROOT;\n",
    'core/reads-indirectly.ts': "import { load } from '../util/disk';\nexport const data = load;\n",
    'util/disk.ts': "import * as fs from 'fs';\nexport const load = () => fs.readFileSync('y');\n",
    'app/a.ts': "import { b } from './b';\nexport const a = () => b;\n",
    'app/b.ts': "import type { a } from './a';\nexport const b = 1 as unknown as typeof a;\n",
    'app/self.ts': "export * from './self';\n",
    'app/framework.ts': "import { TurnContext } from 'botbuilder';\nexport const t = TurnContext;\n",
    'app/server-ish.ts': "const restify = require('restify');\nexport default restify;\n",
    'bot/edge.ts': "import { CloudAdapter } from 'botbuilder';\nimport { a } from '../app/a';\nexport const edge = [CloudAdapter, a];\n",
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  const broken = readSourceGraph(root);

  it('botbuilder or restify outside the edge', () => {
    expect(frameworkOutsideEdge(broken, EDGE)).toEqual(['app/framework.ts → botbuilder', 'app/server-ish.ts → restify']);
  });

  it('node:fs, fs/promises or paths.ts in the core, directly or one import away', () => {
    expect(fileAccessInPureCode(broken, PURE_CORE, PATHS_FILE).sort()).toEqual([
      'core/reads-files.ts → node:fs',
      'core/reads-indirectly.ts → util/disk.ts → fs',
      'core/reads-promises.ts → fs/promises',
      'core/uses-paths.ts → paths.ts',
    ]);
  });

  it('an import cycle, type-only imports and self-imports included', () => {
    expect(importCycles(broken)).toEqual([['app/a.ts', 'app/b.ts'], ['app/self.ts']]);
  });
});
