import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { distribution, round } from './stats';

/** One request through the proxy: what it was (see requestKind) and how long the store took to answer (ms). */
export interface ProxiedRequest {
  readonly kind: string;
  readonly status: number;
  readonly ms: number;
}

/**
 * What a Blob request was, without its particulars: the method, the operation (`comp=list`…), the conditions it
 * carried, and the blob name with ticket numbers and card hashes folded (`helpdesk%2Fticket%2F<n>`), so requests of
 * one kind group together.
 */
export function requestKind(method: string, url: string, headers: Record<string, string | string[] | undefined>): string {
  const { pathname, searchParams } = new URL(url, 'http://store');
  const name = decodeURIComponent(pathname.split('/').slice(3).join('/'))
    .replace(/[0-9a-f]{40}/g, '<hash>')
    .replace(/\d+/g, '<n>');
  const comp = searchParams.get('comp');
  const prefix = searchParams.get('prefix');
  const conditions = ['if-match', 'if-none-match']
    .filter((h) => headers[h] !== undefined)
    .map((h) => `${h}:${headers[h] === '*' ? '*' : 'tag'}`);
  return [method, comp && `comp=${comp}`, prefix !== null && `prefix=${prefix.replace(/\d+/g, '<n>')}`, name, ...conditions]
    .filter(Boolean)
    .join(' ');
}

/**
 * A pass-through HTTP proxy in front of a store's endpoint (Azurite): it counts the requests the bot makes and
 * times how long the store takes to answer each, so a run can tell the bot's work from the store's.
 */
export class CountingProxy {
  private server: Server | undefined;
  private requests: ProxiedRequest[] = [];
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const started = performance.now();
      const kind = requestKind(req.method ?? 'GET', req.url ?? '/', req.headers);
      const upstream = request(
        { host: this.target.host, port: this.target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => this.requests.push({ kind, status: answer.statusCode ?? 0, ms: performance.now() - started }));
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The store's own time for each request since the last call (ms). */
  take(): number[] {
    return this.takeRequests().map((r) => r.ms);
  }

  /** The requests since the last call (or since takeRequests/take), with their kinds. */
  takeRequests(): ProxiedRequest[] {
    return this.requests.splice(0);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Requests grouped by kind and answer status, costliest first: how many per click, and what each kind costs. */
export function byKind(requests: readonly ProxiedRequest[], clicks: number, top = 10) {
  const groups = new Map<string, number[]>();
  for (const r of requests) {
    const key = `${r.kind} → ${r.status}`;
    groups.set(key, [...(groups.get(key) ?? []), r.ms]);
  }
  return [...groups]
    .map(([kind, times]) => {
      const d = distribution(Float64Array.from(times));
      return {
        kind,
        'per click': round(times.length / clicks, 2),
        'p50 ms': round(d.p50, 1),
        'p90 ms': round(d.p90, 1),
        'max ms': round(d.max, 1),
        'ms per click': round(times.reduce((sum, ms) => sum + ms, 0) / clicks, 1),
      };
    })
    .sort((a, b) => b['ms per click'] - a['ms per click'])
    .slice(0, top);
}
