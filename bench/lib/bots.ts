import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ts from 'typescript';
import { freePort, onExit, spawnNode, waitUntil, type NodeChild } from './processes';

export const ROOT = join(__dirname, '..', '..');
export const BOT_ENTRY = join(ROOT, 'dist', 'src', 'index.js');

/** `npm run build`: the bot is measured as it ships, compiled by tsc and run by plain node. */
export function buildBot(): number {
  const started = performance.now();
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed (src/ may be mid-edit):\n${build.stdout}${build.stderr}`);
  return performance.now() - started;
}

/**
 * bench/echo-bot.ts transpiled to plain CommonJS in a temporary folder, so the echo bot runs under plain node like
 * the real one (no tsx loader). NODE_PATH lets it find the project's node_modules from there.
 */
export interface CompiledEcho {
  /** A temporary folder, removed by dispose(). */
  readonly dir: string;
  readonly entry: string;
  readonly env: Record<string, string>;
  dispose(): void;
}

export function compileEchoBot(): CompiledEcho {
  const source = readFileSync(join(ROOT, 'bench', 'echo-bot.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-echo-'));
  const entry = join(dir, 'echo-bot.js');
  writeFileSync(entry, outputText);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  const cancel = onExit(remove);
  return {
    dir,
    entry,
    env: { NODE_PATH: join(ROOT, 'node_modules') },
    dispose: () => {
      cancel();
      remove();
    },
  };
}

export interface RunningProcess {
  readonly child: NodeChild;
  readonly url: string;
}

async function waitHealthy(child: NodeChild, url: string, timeoutMs = 15_000): Promise<void> {
  await waitUntil(
    async () => {
      if (child.process.exitCode !== null || child.process.signalCode !== null) {
        throw new Error(`${child.label} exited during start-up:\n${child.output()}`);
      }
      try {
        return (await fetch(`${url}/healthz`)).ok;
      } catch {
        return false;
      }
    },
    timeoutMs,
    () => `${child.label} did not answer /healthz:\n${child.output()}`,
  );
}

/** The real bot from dist/, anonymous, in-memory storage, logging warnings only. */
export async function startHelpdeskBot(nodeArgs: string[] = [], env: Record<string, string> = {}): Promise<RunningProcess> {
  const port = await freePort();
  const child = spawnNode(
    'helpdesk bot',
    [...nodeArgs, BOT_ENTRY],
    { PORT: String(port), STORAGE: 'memory', LOG_LEVEL: 'warn', ...env },
    ROOT,
  );
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(child, url);
  return { child, url };
}

/** The echo bot; with `cardsFile`, the card echo (see bench/echo-bot.ts). */
export async function startEchoBot(echo: CompiledEcho, nodeArgs: string[] = [], cardsFile?: string): Promise<RunningProcess> {
  const port = await freePort();
  const env: Record<string, string> = { PORT: String(port), ...echo.env, ...(cardsFile ? { ECHO_CARDS: cardsFile } : {}) };
  const child = spawnNode(cardsFile ? 'card echo bot' : 'echo bot', [...nodeArgs, echo.entry], env, ROOT);
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(child, url);
  return { child, url };
}
