// `npm start`: compiles src/ only when something in it changed since the last build, then runs the bot in this very
// process. A second start skips tsc entirely (loading the compiler alone takes longer than starting the bot), and a
// changed file recompiles incrementally (dist/.tsbuildinfo). Plain CommonJS, so nothing has to be compiled to run it.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.start-stamp');
const entry = join(root, 'dist', 'src', 'index.js');
/** What a build reads: every file and folder under src/ (a deleted file changes its folder), and the configs. */
const inputs = [join(root, 'src'), join(root, 'tsconfig.json'), join(root, 'tsconfig.build.json'), join(root, 'package.json')];

function newestChange(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}

function builtAt() {
  try {
    return statSync(stamp).mtimeMs;
  } catch {
    return -Infinity; // never built here: a fresh clone builds on its first start
  }
}

if (!existsSync(entry)) {
  // Output deleted by hand: tsc's incremental state would believe it is still there.
  rmSync(join(root, 'dist', '.tsbuildinfo'), { force: true });
  rmSync(stamp, { force: true });
}
if (Math.max(...inputs.map(newestChange)) > builtAt()) {
  const started = new Date(); // a file saved while tsc runs is newer than the stamp: the next start compiles it
  const tsc = require.resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  writeFileSync(stamp, `${started.toISOString()}\n`);
  utimesSync(stamp, started, started);
}

require(entry);
