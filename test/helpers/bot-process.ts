import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths';

/** One outgoing connection the bot process made, as the loopback guard saw it. */
export interface Connection {
  readonly host: string;
  readonly port: number;
  readonly blocked: boolean;
}

/** A pino log line of the bot. */
export type LogLine = { level: number; msg: string; [field: string]: unknown };

export const WARN = 40;

/**
 * The bot as it is deployed: its own Node process started from src/index.ts, configured only through its environment.
 * That is the only way to give it NODE_EXTRA_CA_CERTS (Node reads it once, at start), so the stand-ins' TLS
 * certificate is trusted by every library inside it. The loopback guard is preloaded: connections leave only for
 * loopback, and each is recorded.
 */
export class BotProcess {
  readonly logs: LogLine[] = [];
  readonly stderr: string[] = [];
  url = '';
  private child: ChildProcess | undefined;
  private readonly dir = mkdtempSync(join(tmpdir(), 'bot-process-'));
  private readonly guardLog = join(this.dir, 'connections.jsonl');

  static async start(env: Record<string, string>): Promise<BotProcess> {
    const bot = new BotProcess();
    await bot.spawn(env);
    return bot;
  }

  private spawn(env: Record<string, string>): Promise<void> {
    const guard = join(ROOT_DIR, 'test', 'helpers', 'loopback-only.cjs');
    const child = spawn(process.execPath, ['--require', guard, '--import', 'tsx', join(ROOT_DIR, 'src', 'index.ts')], {
      cwd: ROOT_DIR,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        PORT: '0',
        STORAGE: 'memory',
        LOG_LEVEL: 'info',
        TYPING_DELAY_MS: '5000',
        LOOPBACK_GUARD_LOG: this.guardLog,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    let buffered = '';
    child.stderr!.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the bot did not start within 20 s:\n${this.stderr.join('')}`)), 20_000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the bot exited with ${code}:\n${this.stderr.join('')}`));
      });
      child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines.filter(Boolean)) {
          const parsed = JSON.parse(line) as LogLine;
          this.logs.push(parsed);
          if (typeof parsed.port === 'number' && parsed.msg.startsWith('listening on')) {
            this.url = `http://127.0.0.1:${parsed.port}`;
            clearTimeout(timer);
            resolve();
          }
        }
      });
    });
  }

  /** POSTs an activity to /api/messages; resolves with the HTTP status and body (invokes answer in the body). */
  async send(body: unknown): Promise<{ status: number; body: any; ms: number }> {
    const started = Date.now();
    const res = await fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, ms: Date.now() - started };
  }

  /** Every outgoing connection so far. */
  connections(): Connection[] {
    if (!existsSync(this.guardLog)) return [];
    return readFileSync(this.guardLog, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Connection)
      .map((connection) => ({ ...connection, port: Number(connection.port) }));
  }

  warnings(): LogLine[] {
    return this.logs.filter((line) => line.level >= WARN);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null) {
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
