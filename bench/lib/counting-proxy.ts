import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

/**
 * A pass-through HTTP proxy in front of a store's endpoint (Azurite): it counts the requests the bot makes and
 * times how long the store takes to answer each, so a run can tell the bot's work from the store's.
 */
export class CountingProxy {
  private server: Server | undefined;
  private times: number[] = [];
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const started = performance.now();
      const upstream = request(
        { host: this.target.host, port: this.target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => this.times.push(performance.now() - started));
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The requests since the last call, and the store's own time for each (ms). */
  take(): number[] {
    return this.times.splice(0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
