import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Azurite's well-known development account (public, documented; it only opens the local emulator).
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's blob service (the npm devDependency), started by the test that needs it, on a free loopback port. */
export class Azurite {
  private child: ChildProcess | undefined;
  private folder: string | undefined;
  connectionString = '';

  /** Starts it in a child process that also ends if this process dies without cleaning up. */
  /** `preload`: a script Azurite's process requires first (the escalation bench's indexed look-ups; never tests). */
  async start(options: { inMemory?: boolean; preload?: string } = {}): Promise<this> {
    this.folder = mkdtempSync(join(tmpdir(), 'helpdesk-azurite-'));
    const main = require.resolve('azurite/dist/src/blob/main.js');
    // Azurite reads its options from process.argv; the wrapper exits when the parent disconnects.
    const wrapper = `process.on('disconnect', () => process.exit(0)); process.argv.splice(1, 0, ${JSON.stringify(main)}); require(${JSON.stringify(main)});`;
    const args = ['--blobHost', '127.0.0.1', '--blobPort', '0', '--silent', '--disableTelemetry', '--skipApiVersionCheck'];
    // Its metadata is in memory either way (LokiJS); --location also keeps blob contents on disk.
    args.push(...(options.inMemory ? ['--inMemoryPersistence'] : ['--location', this.folder]));
    const preload = options.preload ? ['--require', options.preload] : [];
    const child = spawn(process.execPath, [...preload, '-e', wrapper, '--', ...args], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.child = child;
    const port = await new Promise<number>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => reject(new Error(`Azurite did not start within 15 s:\n${output}`)), 15_000);
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const found = /successfully listens on https?:\/\/[^:\s]+:(\d+)/.exec(output)?.[1];
        if (found) {
          clearTimeout(timer);
          resolve(Number(found));
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('error', reject);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited with ${code}:\n${output}`));
      });
    });
    this.connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${ACCOUNT_KEY};BlobEndpoint=http://127.0.0.1:${port}/${ACCOUNT};`;
    return this;
  }

  /** Disconnecting makes the wrapper exit (Azurite's own SIGTERM handler waits for idle keep-alive connections). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(force);
    }
    if (this.folder) rmSync(this.folder, { recursive: true, force: true });
  }
}
