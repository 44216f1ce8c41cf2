import autocannon from 'autocannon';
import { performance } from 'node:perf_hooks';
import { cpuSecondsOf, hostCpuSeconds, memoryOf } from './processes';
import { distribution, type Distribution } from './stats';

export interface LoadOptions {
  readonly url: string;
  /** Pre-serialised activities, sent in turn on every connection. */
  readonly bodies: readonly string[];
  readonly connections: number;
  /** Either seconds of load or a number of requests. */
  readonly durationSec?: number;
  readonly amount?: number;
  /** The server's pid, to measure how busy it was. */
  readonly serverPid?: number;
  /** A run that takes longer (a dead or stuck server) is stopped and reported as such. Default 60 s. */
  readonly maxSec?: number;
}

export interface LoadResult {
  readonly requests: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly elapsedSec: number;
  readonly rps: number;
  /** Milliseconds, from each response's own timing (autocannon's histogram rounds to whole ms). */
  readonly latencyMs: Distribution;
  /** Share of one core the server and this load generator used during the run (1 = a whole core). */
  readonly serverCpu: number;
  readonly generatorCpu: number;
  /** Server CPU time per answered request, in µs: the cost of a turn, whatever else runs on the host. */
  readonly serverCpuUsPerRequest: number;
  /** Cores busy with anything but the server and this process (other jobs on a shared host), and stolen by the hypervisor. */
  readonly otherCpu: number;
  readonly stealCpu: number;
  /** The server's RSS sampled every 200 ms during the run (MB): V8's heap rises and falls with each GC. */
  readonly rssMeanMb: number;
  readonly rssMaxMb: number;
  /** The run hit maxSec or too many errors and was stopped early. */
  readonly stoppedEarly: boolean;
}

/** Drives POST /api/messages with autocannon; every response time is kept to compute exact percentiles. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const requests = options.bodies.map((body) => ({
    method: 'POST',
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    body,
  }));
  const capacity = options.amount ?? 200_000;
  let latencies = new Float64Array(capacity);
  let count = 0;
  const serverCpu0 = options.serverPid ? cpuSecondsOf(options.serverPid) : 0;
  const ownCpu0 = process.cpuUsage();
  const host0 = hostCpuSeconds();
  const started = performance.now();
  const rssSamples: number[] = [];
  const sampler = options.serverPid ? setInterval(() => rssSamples.push(memoryOf(options.serverPid!).rssMb), 200) : undefined;
  let stoppedEarly = false;
  let lastResponse = started;
  // Answers by status, counted from each response's headers: autocannon drops the 'response' event (and its count)
  // of the response on which it reconnects, though the server answered it.
  let answered2xx = 0;
  let answeredOther = 0;
  let guard: NodeJS.Timeout | undefined;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        // A client that honours `Connection: close` opens a new connection at the server's per-connection limit
        // (src/http/server-limits.ts); autocannon does not, and would collect 503s past it.
        reconnectRate: 500,
        setupClient: (client) =>
          client.on('headers', ({ statusCode }) => (statusCode >= 200 && statusCode < 300 ? answered2xx++ : answeredOther++)),
        timeout: 10,
        bailout: 1000,
        ...(options.amount ? { amount: options.amount } : { duration: options.durationSec ?? 10 }),
        requests,
      },
      (error, res) => {
        clearTimeout(guard);
        if (error) reject(error);
        else resolve(res);
      },
    );
    // In `amount` mode autocannon would retry a dead server forever.
    guard = setTimeout(
      () => {
        stoppedEarly = true;
        instance.stop();
      },
      (options.maxSec ?? 60) * 1000,
    );
    instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      lastResponse = performance.now();
      if (statusCode < 200 || statusCode >= 300) return;
      if (count === latencies.length) {
        const bigger = new Float64Array(latencies.length * 2);
        bigger.set(latencies);
        latencies = bigger;
      }
      latencies[count++] = responseTime;
    });
  });
  const elapsedSec = (performance.now() - started) / 1000;
  // In `amount` mode autocannon reports done on its next one-second tick: the load ended with the last response.
  const activeSec = (lastResponse - started) / 1000 || elapsedSec;
  clearInterval(sampler);
  const ownCpu = process.cpuUsage(ownCpu0);
  const host1 = hostCpuSeconds();
  const serverCpu = options.serverPid ? cpuSecondsOf(options.serverPid) - serverCpu0 : Number.NaN;
  const generatorCpu = (ownCpu.user + ownCpu.system) / 1e6;
  return {
    requests: result.requests.sent,
    ok: answered2xx,
    non2xx: answeredOther,
    errors: result.errors,
    timeouts: result.timeouts,
    elapsedSec,
    rps: answered2xx / activeSec,
    latencyMs: distribution(latencies, count),
    serverCpu: serverCpu / elapsedSec,
    generatorCpu: generatorCpu / elapsedSec,
    serverCpuUsPerRequest: (serverCpu * 1e6) / Math.max(1, answered2xx),
    otherCpu: Math.max(0, host1.busy - host0.busy - serverCpu - generatorCpu) / elapsedSec,
    stealCpu: (host1.steal - host0.steal) / elapsedSec,
    rssMeanMb: rssSamples.length ? rssSamples.reduce((a, b) => a + b, 0) / rssSamples.length : Number.NaN,
    rssMaxMb: rssSamples.length ? Math.max(...rssSamples) : Number.NaN,
    stoppedEarly: stoppedEarly || result.errors >= 1000,
  };
}
