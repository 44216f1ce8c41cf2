/**
 * End to end over HTTP: the real bot (node dist/src/index.js) against the echo bot on the same stack, alternately,
 * under the same autocannon load of Teams personal-chat activities, all replying to a counting connector stand-in.
 * A third process, the card echo, replies with the bot's own answer cards (captured before the load) without any
 * work to make them: it splits the gap between bot and echo into "sending cards" and "making them".
 *
 *   npx tsx bench/e2e.ts [--rounds 3] [--duration 10]     (bench/run-all.ts runs it with the other benchmarks)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityBodies, MIX, type MessageKind } from './lib/activities';
import { buildBot, compileEchoBot, startEchoBot, startHelpdeskBot, type RunningProcess } from './lib/bots';
import { captureCards } from './lib/capture-cards';
import { CountingConnector, type ConnectorCounts } from './lib/counting-connector';
import { runLoad, type LoadResult } from './lib/load';
import { memoryOf, sleep } from './lib/processes';
import { mean, median, round } from './lib/stats';

export interface E2EOptions {
  readonly rounds: number;
  readonly durationSec: number;
  /** Requests sent to each process before measuring: JIT, connection pools, caches. */
  readonly warmupRequests: number;
  readonly connections: number;
  /** Also run the card echo (diagnostic). */
  readonly cardEcho: boolean;
}

export const DEFAULT_E2E: E2EOptions = { rounds: 3, durationSec: 10, warmupRequests: 3000, connections: 10, cardEcho: true };

export type TargetName = 'bot' | 'echo' | 'card-echo';

export interface RoundResult {
  readonly target: TargetName;
  readonly round: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly requests: number;
  readonly ok: number;
  readonly failed: number;
  readonly replies: number;
  readonly cardReplies: number;
  readonly typing: number;
  /** Mean size of what the process POSTed to the connector per reply (the card or the text, as JSON). */
  readonly replyBytes: number;
  readonly elapsedSec: number;
  readonly serverCpu: number;
  readonly generatorCpu: number;
  readonly cpuUsPerRequest: number;
  readonly otherCpu: number;
  readonly stealCpu: number;
  /** RSS right after the round (MB), and its mean and maximum during the round (sampled every 200 ms). */
  readonly rssMbAfter: number;
  readonly rssMeanMb: number;
  readonly rssMaxMb: number;
}

export interface TargetSummary {
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly cpuUsPerRequest: number;
  readonly replyBytes: number;
  readonly requests: number;
  readonly replies: number;
  readonly failed: number;
  readonly idleRssMb: number;
  /**
   * RSS at the end of the load run: the median over the process's rounds of the RSS right after each (a single
   * reading lands anywhere on V8's heap sawtooth; the rounds' readings are kept in `rounds`).
   */
  readonly afterLoadRssMb: number;
  /** Mean of the RSS samples during the process's rounds. */
  readonly duringLoadRssMb: number;
  /** VmHWM: the highest RSS the process ever had. */
  readonly peakRssMb: number;
  readonly logWarnings: number;
  readonly logErrors: number;
}

export interface Ratios {
  /** Mean req/s over mean req/s (target for bot/echo: ≥ 0.9). */
  readonly throughput: number;
  /** Mean p99 over mean p99 (target for bot/echo: ≤ 2). */
  readonly p99: number;
  readonly p50: number;
  readonly cpuPerRequest: number;
  /** The least favourable pair of adjacent rounds. */
  readonly worstRoundThroughput: number;
  readonly worstRoundP99: number;
}

export interface E2EResult {
  readonly options: E2EOptions;
  readonly mix: Readonly<Record<MessageKind, number>>;
  readonly distinctBodies: number;
  readonly rounds: readonly RoundResult[];
  readonly bot: TargetSummary;
  readonly echo: TargetSummary;
  readonly cardEcho?: TargetSummary;
  /** bot / echo: the figures the targets are about. */
  readonly ratios: Ratios;
  /** card echo / echo (what sending the cards costs) and bot / card echo (what making them costs). */
  readonly cardEchoRatios?: { readonly cardEchoVsEcho: Ratios; readonly botVsCardEcho: Ratios };
  /** Every request answered 2xx and produced exactly one reply at the connector (a card, for the bot). */
  readonly everyRequestReplied: boolean;
  readonly problems: readonly string[];
}

const r2 = (value: number) => round(value, 2);

function roundOf(target: TargetName, n: number, load: LoadResult, counts: ConnectorCounts, rssMbAfter: number): RoundResult {
  return {
    target,
    round: n,
    rps: Math.round(load.rps),
    p50Ms: r2(load.latencyMs.p50),
    p90Ms: r2(load.latencyMs.p90),
    p99Ms: r2(load.latencyMs.p99),
    maxMs: r2(load.latencyMs.max),
    requests: load.requests,
    ok: load.ok,
    failed: load.non2xx + load.errors + load.timeouts,
    replies: counts.messages,
    cardReplies: counts.cards,
    typing: counts.typing,
    replyBytes: Math.round(counts.bytes / Math.max(1, counts.messages + counts.typing + counts.other)),
    elapsedSec: r2(load.elapsedSec),
    serverCpu: r2(load.serverCpu),
    generatorCpu: r2(load.generatorCpu),
    cpuUsPerRequest: Math.round(load.serverCpuUsPerRequest),
    otherCpu: r2(load.otherCpu),
    stealCpu: r2(load.stealCpu),
    rssMbAfter: round(rssMbAfter, 1),
    rssMeanMb: round(load.rssMeanMb, 1),
    rssMaxMb: round(load.rssMaxMb, 1),
  };
}

function ratios(rounds: readonly RoundResult[], a: TargetName, b: TargetName, sa: TargetSummary, sb: TargetSummary): Ratios {
  const paired = rounds.filter((r) => r.target === a).map((x) => [x, rounds.find((y) => y.target === b && y.round === x.round)!] as const);
  return {
    throughput: round(sa.rps / sb.rps, 3),
    p99: round(sa.p99Ms / sb.p99Ms, 3),
    p50: round(sa.p50Ms / sb.p50Ms, 3),
    cpuPerRequest: round(sa.cpuUsPerRequest / sb.cpuUsPerRequest, 3),
    worstRoundThroughput: round(Math.min(...paired.map(([x, y]) => x.rps / y.rps)), 3),
    worstRoundP99: round(Math.max(...paired.map(([x, y]) => x.p99Ms / y.p99Ms)), 3),
  };
}

/** Runs the comparison. Every process it starts is stopped before it returns or throws. */
export async function runE2E(options: E2EOptions = DEFAULT_E2E, log: (line: string) => void = console.log): Promise<E2EResult> {
  const connector = await new CountingConnector().start();
  const echoBuild = compileEchoBot();
  // The default store, as `npm start` runs it: tickets and insight events in SQLite files (events written by a
  // worker thread). The in-memory store of the tests would keep every event of the load in the heap.
  const dataDir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-e2e-'));
  const running: Partial<Record<TargetName, RunningProcess>> = {};
  try {
    const names: TargetName[] = options.cardEcho ? ['bot', 'echo', 'card-echo'] : ['bot', 'echo'];
    const bodies = Object.fromEntries(
      names.map((name) => [name, activityBodies(connector.serviceUrlFor(name), 200).map((b) => b.body)]),
    ) as Record<TargetName, string[]>;

    running.bot = await startHelpdeskBot([], {
      STORAGE: 'sqlite',
      SQLITE_PATH: join(dataDir, 'helpdesk.sqlite'),
      INSIGHTS_SQLITE_PATH: join(dataDir, 'insights.sqlite'),
    });
    running.echo = await startEchoBot(echoBuild);
    await sleep(500);
    const idle = Object.fromEntries(names.filter((n) => running[n]).map((n) => [n, memoryOf(running[n]!.child.pid)]));
    if (options.cardEcho) {
      running['card-echo'] = await startEchoBot(echoBuild, [], await captureCards(running.bot, connector, bodies.bot, echoBuild.dir));
      await sleep(500);
      idle['card-echo'] = memoryOf(running['card-echo'].child.pid);
    }

    const problems: string[] = [];
    const rounds: RoundResult[] = [];
    const lastRate: Partial<Record<TargetName, number>> = {};

    for (const name of names) {
      const warm = await runLoad({
        url: running[name]!.url,
        bodies: bodies[name],
        connections: options.connections,
        amount: options.warmupRequests,
      });
      if (warm.non2xx || warm.errors || warm.timeouts) {
        throw new Error(
          `${name} failed during warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors, ${warm.timeouts} timeouts\n${running[name]!.child.output()}`,
        );
      }
      lastRate[name] = warm.rps;
      log(`  warm-up ${name}: ${warm.ok} requests, ${Math.round(warm.rps)} req/s`);
    }

    // Measured rounds, alternating. Each is a fixed number of requests (≈ durationSec at the last rate seen) so that
    // replies can be counted exactly: no request is left in flight when a round ends.
    for (let n = 1; n <= options.rounds; n++) {
      for (const name of names) {
        const target = running[name]!;
        const amount = Math.max(options.connections * 10, Math.round(lastRate[name]! * options.durationSec));
        const before = connector.snapshot(name);
        const load = await runLoad({
          url: target.url,
          bodies: bodies[name],
          connections: options.connections,
          amount,
          serverPid: target.child.pid,
        });
        await sleep(100); // typing indicators, if any, come from timers
        const counts = CountingConnector.diff(connector.snapshot(name), before);
        const result = roundOf(name, n, load, counts, memoryOf(target.child.pid).rssMb);
        rounds.push(result);
        lastRate[name] = load.rps;
        if (load.stoppedEarly)
          throw new Error(`${name} round ${n} stopped early (${load.errors} errors); is the process alive?\n${target.child.output()}`);
        if (result.failed) problems.push(`${name} round ${n}: ${load.non2xx} non-2xx, ${load.errors} errors, ${load.timeouts} timeouts`);
        if (counts.messages !== load.ok)
          problems.push(`${name} round ${n}: ${load.ok} requests answered 2xx but ${counts.messages} replies reached the connector`);
        if (name !== 'echo' && counts.cards !== counts.messages)
          problems.push(`${name} round ${n}: ${counts.messages - counts.cards} replies without an Adaptive Card`);
        log(
          `  round ${n} ${name.padEnd(9)} ${String(result.rps).padStart(5)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  ` +
            `${result.ok}/${result.requests} ok, ${result.replies} replies; cpu ${result.cpuUsPerRequest} µs/req (${result.serverCpu} core), ` +
            `generator ${result.generatorCpu}, other jobs ${result.otherCpu}, steal ${result.stealCpu} core; ` +
            `rss ${result.rssMeanMb} MB mean, ${result.rssMaxMb} max, ${result.rssMbAfter} at the end`,
        );
      }
    }

    const after = Object.fromEntries(names.map((n) => [n, memoryOf(running[n]!.child.pid)]));
    for (const name of names) {
      const { logs } = running[name]!.child;
      if (logs.error) problems.push(`${name} logged ${logs.error} errors: ${running[name]!.child.output().slice(-2000)}`);
    }
    const summary = (name: TargetName): TargetSummary => {
      const own = rounds.filter((r) => r.target === name);
      return {
        rps: Math.round(mean(own.map((r) => r.rps))),
        p50Ms: r2(mean(own.map((r) => r.p50Ms))),
        p99Ms: r2(mean(own.map((r) => r.p99Ms))),
        cpuUsPerRequest: Math.round(mean(own.map((r) => r.cpuUsPerRequest))),
        replyBytes: Math.round(mean(own.map((r) => r.replyBytes))),
        requests: own.reduce((s, r) => s + r.requests, 0),
        replies: own.reduce((s, r) => s + r.replies, 0),
        failed: own.reduce((s, r) => s + r.failed, 0),
        idleRssMb: round(idle[name]!.rssMb, 1),
        afterLoadRssMb: round(median(own.map((r) => r.rssMbAfter)), 1),
        duringLoadRssMb: round(mean(own.map((r) => r.rssMeanMb)), 1),
        peakRssMb: round(after[name]!.peakRssMb, 1),
        logWarnings: running[name]!.child.logs.warn,
        logErrors: running[name]!.child.logs.error,
      };
    };
    const bot = summary('bot');
    const echo = summary('echo');
    const cardEcho = options.cardEcho ? summary('card-echo') : undefined;
    return {
      options,
      mix: MIX,
      distinctBodies: bodies.bot.length,
      rounds,
      bot,
      echo,
      cardEcho,
      ratios: ratios(rounds, 'bot', 'echo', bot, echo),
      cardEchoRatios: cardEcho
        ? {
            cardEchoVsEcho: ratios(rounds, 'card-echo', 'echo', cardEcho, echo),
            botVsCardEcho: ratios(rounds, 'bot', 'card-echo', bot, cardEcho),
          }
        : undefined,
      everyRequestReplied: problems.length === 0,
      problems,
    };
  } finally {
    await Promise.all(Object.values(running).map((p) => p.child.stop()));
    await connector.stop();
    echoBuild.dispose();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  (async () => {
    console.log(`build: ${Math.round(buildBot())} ms`);
    const result = await runE2E({
      ...DEFAULT_E2E,
      rounds: argument('rounds', DEFAULT_E2E.rounds),
      durationSec: argument('duration', DEFAULT_E2E.durationSec),
      cardEcho: !process.argv.includes('--no-card-echo'),
    });
    const { bot, echo, cardEcho, ratios: r, cardEchoRatios, everyRequestReplied, problems } = result;
    console.log(JSON.stringify({ bot, echo, cardEcho, ratios: r, cardEchoRatios, everyRequestReplied, problems }, null, 2));
    if (!everyRequestReplied) process.exitCode = 1;
  })().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
