import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ROOT_DIR } from '../../src/paths';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Waits for `check` to hold, looking every `everyMs`; fails naming `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Clock ticks per second of /proc/<pid>/stat's CPU times (USER_HZ, 100 on Linux). */
const CLOCK_TICKS = 100;

/**
 * The bot as its own process (`src/index.ts` under tsx), as a host runs it: it can be signalled, killed and
 * measured. Its output is kept for the test's failure message.
 */
export class SpawnedBot {
  output = '';
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
  ) {}

  static async start(env: Record<string, string>, port?: number): Promise<SpawnedBot> {
    const listen = port ?? (await freePort());
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: ROOT_DIR,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(listen) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const bot = new SpawnedBot(child, `http://127.0.0.1:${listen}`);
    child.stdout?.on('data', (chunk: Buffer) => (bot.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (bot.output += chunk.toString()));
    await until(
      async () => {
        if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}:\n${bot.output}`);
        return fetch(`${bot.url}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
      },
      30_000,
      'the bot to start',
    );
    return bot;
  }

  /** POSTs an activity to /api/messages; resolves with the status and the parsed body. */
  async send(activity: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  /** User + system CPU the process has used so far, in seconds. */
  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime and stime: fields 14 and 15 of stat
  }

  /** Sends `signal` and resolves when the process has exited: its exit code and how long it took. */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill(signal);
    const code = await exited;
    return { code, ms: Date.now() - started };
  }

  /** Ends the process whatever it is doing (a crash, or cleanup after a test). */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.signal('SIGKILL');
  }
}
