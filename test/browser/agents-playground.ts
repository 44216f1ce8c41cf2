import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT_DIR } from '../../src/paths';

const CLI = join(ROOT_DIR, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Microsoft 365 Agents Playground, the Teams-like web client from @microsoft/m365agentsplayground, as a child process:
 * it serves the client, plays the Teams connector for the bot, and needs no internet (the client is bundled; only
 * Segoe UI fonts and an animation come from a CDN, and the browser is kept offline, so it falls back to local fonts).
 */
export class AgentsPlayground {
  private process: ChildProcess | undefined;
  private readonly workDir = mkdtempSync(join(tmpdir(), 'agents-playground-'));
  private output = '';
  url = '';

  /** `timeZone` is the one the Playground's Teams client reports to the bot (localTimezone, clientInfo). */
  async start(botEndpoint: string, timeZone: string): Promise<this> {
    const port = await freePort();
    this.process = spawn(
      process.execPath,
      [
        CLI,
        '-e',
        botEndpoint,
        '-c',
        'msteams',
        '-p',
        String(port),
        '--service-url',
        `http://127.0.0.1:${port}/_connector`,
        '--disable-telemetry',
      ],
      {
        // It writes devTools/ logs into its working directory: keep them out of the repository.
        cwd: this.workDir,
        env: { ...process.env, TZ: timeZone, NODE_OPTIONS: `--require ${join(__dirname, 'loopback-only.cjs')}`, BROWSER: 'none' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.process.stdout!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.process.stderr!.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!this.output.includes(`Listening on ${port}`)) {
      if (this.process.exitCode !== null) throw new Error(`the Agents Playground exited: ${this.output}`);
      if (Date.now() > deadline) throw new Error(`the Agents Playground did not start: ${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.url = `http://127.0.0.1:${port}/`;
    return this;
  }

  get log(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.workDir, { recursive: true, force: true });
  }
}
