import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The bot as its own process, started the way `npm start` starts it (src/index.ts), with the egress guard
 * preloaded (test/helpers/loopback-only.cjs). Needed where the environment must be set before Node starts
 * (NODE_EXTRA_CA_CERTS), and where a crash or the process's memory is what a test measures.
 */
export class BotProcess {
  readonly logs: Record<string, any>[] = [];
  stderr = '';
  url = '';
  private constructor(private readonly child: ChildProcess) {}

  /** Starts it on `port` (a restart on the same address), else on a free one. */
  static async start(env: Record<string, string>, port?: number): Promise<BotProcess> {
    port ??= await freePort();
    const child = spawn(
      process.execPath,
      ['--require', join(ROOT_DIR, 'test/helpers/loopback-only.cjs'), '--import', 'tsx', 'src/index.ts'],
      {
        cwd: ROOT_DIR,
        env: { ...process.env, PORT: String(port), STORAGE: 'memory', LOG_LEVEL: 'info', TYPING_DELAY_MS: '5000', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const bot = new BotProcess(child);
    let pending = '';
    child.stdout.on('data', (data: Buffer) => {
      pending += data.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        try {
          bot.logs.push(JSON.parse(line));
        } catch {
          bot.logs.push({ msg: line });
        }
      }
    });
    child.stderr.on('data', (data: Buffer) => (bot.stderr += data.toString('utf8')));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}: ${bot.stderr}`);
      if (Date.now() > deadline) throw new Error(`the bot did not start: ${bot.stderr}`);
      const up = await fetch(`${url}/healthz`).then(
        (res) => res.ok,
        () => false,
      );
      if (up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    bot.url = url;
    return bot;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resident memory of the bot process, in bytes (Linux). */
  rss(): number {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
  }

  /** Connections or look-ups the egress guard refused: anything not on loopback. */
  egress(): string[] {
    return this.stderr.split('\n').filter((line) => line.startsWith('EGRESS-BLOCKED'));
  }

  logged(message: RegExp): Record<string, any>[] {
    return this.logs.filter((line) => message.test(line.msg ?? ''));
  }

  /** Resolves once a log line matches; the bot logs after answering, so a test waits for the line it expects. */
  async waitForLog(message: RegExp, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.logged(message).length) {
      if (Date.now() > deadline) throw new Error(`no log line matching ${message}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async post(body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    try {
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: res.status, body: text };
    }
  }

  /** User + system CPU the process has used so far, in seconds (Linux: /proc/<pid>/stat, in 1/100 s). */
  cpuSeconds(): number {
    const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime and stime: fields 14 and 15 of the line
  }

  /** Sends `signal` and resolves once the process has exited: its exit code and how long that took. */
  async signal(signal: NodeJS.Signals): Promise<{ code: number | null; ms: number }> {
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.kill(signal);
    return { code: await exited, ms: Date.now() - started };
  }

  /** Ends it at once, as a crash would. */
  async kill(): Promise<void> {
    if (this.alive) await this.signal('SIGKILL');
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}
