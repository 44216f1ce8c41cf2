/**
 * End to end over HTTP: the real bot (node dist/src/index.js) against the echo bot on the same stack, alternately,
 * under the same autocannon load of Teams personal-chat activities, both replying to a counting connector stand-in.
 *
 *   npx tsx bench/e2e.ts [--rounds 2] [--duration 10]     (bench/run-all.ts runs it with the other benchmarks)
 */
import { activityBodies, MIX, type MessageKind } from './lib/activities';
import { buildBot, compileEchoBot, startEchoBot, startHelpdeskBot, type RunningProcess } from './lib/bots';
import { CountingConnector, type ConnectorCounts } from './lib/counting-connector';
import { runLoad, type LoadResult } from './lib/load';
import { memoryOf, sleep } from './lib/processes';
import { mean, round } from './lib/stats';

export interface E2EOptions {
  readonly rounds: number;
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly connections: number;
}

export const DEFAULT_E2E: E2EOptions = { rounds: 2, durationSec: 10, warmupSec: 3, connections: 10 };

export interface RoundResult {
  readonly target: 'bot' | 'echo';
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
  /** Mean size of what the bot POSTed to the connector per reply (the card or the text, as JSON). */
  readonly replyBytes: number;
  readonly elapsedSec: number;
  readonly serverCpu: number;
  readonly generatorCpu: number;
  readonly cpuUsPerRequest: number;
  readonly otherCpu: number;
  readonly stealCpu: number;
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
  readonly afterLoadRssMb: number;
  readonly peakRssMb: number;
  readonly logWarnings: number;
  readonly logErrors: number;
}

export interface E2EResult {
  readonly options: E2EOptions;
  readonly mix: Readonly<Record<MessageKind, number>>;
  readonly distinctBodies: number;
  readonly rounds: readonly RoundResult[];
  readonly bot: TargetSummary;
  readonly echo: TargetSummary;
  /** bot / echo: throughput (higher is better, target ≥ 0.9) and p99 latency (lower is better, target ≤ 2). */
  readonly ratios: { readonly throughput: number; readonly p99: number; readonly p50: number; readonly cpuPerRequest: number; readonly worstRoundThroughput: number; readonly worstRoundP99: number };
  /** Every request answered 2xx and produced exactly one reply at the connector (cards for the bot). */
  readonly everyRequestReplied: boolean;
  readonly problems: readonly string[];
}

function roundOf(target: 'bot' | 'echo', round: number, load: LoadResult, counts: ConnectorCounts): RoundResult {
  return {
    target,
    round,
    rps: Math.round(load.rps),
    p50Ms: roundTo(load.latencyMs.p50),
    p90Ms: roundTo(load.latencyMs.p90),
    p99Ms: roundTo(load.latencyMs.p99),
    maxMs: roundTo(load.latencyMs.max),
    requests: load.requests,
    ok: load.ok,
    failed: load.non2xx + load.errors + load.timeouts,
    replies: counts.messages,
    cardReplies: counts.cards,
    typing: counts.typing,
    replyBytes: Math.round(counts.bytes / Math.max(1, counts.messages + counts.typing + counts.other)),
    elapsedSec: roundTo(load.elapsedSec),
    serverCpu: roundTo(load.serverCpu),
    generatorCpu: roundTo(load.generatorCpu),
    cpuUsPerRequest: Math.round(load.serverCpuUsPerRequest),
    otherCpu: roundTo(load.otherCpu),
    stealCpu: roundTo(load.stealCpu),
  };
}

const roundTo = (value: number) => round(value, 2);

/** Runs the comparison. Every process it starts is stopped before it returns or throws. */
export async function runE2E(options: E2EOptions = DEFAULT_E2E, log: (line: string) => void = console.log): Promise<E2EResult> {
  const connector = await new CountingConnector().start();
  const echoBuild = compileEchoBot();
  let bot: RunningProcess | undefined;
  let echo: RunningProcess | undefined;
  try {
    const bodies = {
      bot: activityBodies(connector.serviceUrlFor('bot'), 200).map((b) => b.body),
      echo: activityBodies(connector.serviceUrlFor('echo'), 200).map((b) => b.body),
    };
    bot = await startHelpdeskBot();
    echo = await startEchoBot(echoBuild);
    await sleep(500);
    const idle = { bot: memoryOf(bot.child.pid), echo: memoryOf(echo.child.pid) };

    const targets = { bot, echo } as const;
    const problems: string[] = [];
    const rounds: RoundResult[] = [];
    const lastRate = { bot: 0, echo: 0 };

    // Warm-up: JIT, connection pools, caches. Its rate sizes the first measured round.
    for (const name of ['bot', 'echo'] as const) {
      const warm = await runLoad({ url: targets[name].url, bodies: bodies[name], connections: options.connections, durationSec: options.warmupSec });
      if (warm.non2xx || warm.errors || warm.timeouts) {
        throw new Error(`${name} failed during warm-up: ${warm.non2xx} non-2xx, ${warm.errors} errors, ${warm.timeouts} timeouts\n${targets[name].child.output()}`);
      }
      lastRate[name] = warm.rps;
      await sleep(300); // requests cut off by the end of a timed run finish before the next measurement
      log(`  warm-up ${name}: ${Math.round(warm.rps)} req/s`);
    }

    // Measured rounds, alternating, each a fixed number of requests (≈ durationSec at the last rate seen) so that
    // replies can be counted exactly: no request is left in flight when a round ends.
    for (let round = 1; round <= options.rounds; round++) {
      for (const name of ['bot', 'echo'] as const) {
        const amount = Math.max(options.connections * 10, Math.round(lastRate[name] * options.durationSec));
        const before = connector.snapshot(name);
        const load = await runLoad({ url: targets[name].url, bodies: bodies[name], connections: options.connections, amount, serverPid: targets[name].child.pid });
        await sleep(100); // typing indicators, if any, come from timers
        const counts = CountingConnector.diff(connector.snapshot(name), before);
        const result = roundOf(name, round, load, counts);
        rounds.push(result);
        lastRate[name] = load.rps;
        if (result.failed) problems.push(`${name} round ${round}: ${load.non2xx} non-2xx, ${load.errors} errors, ${load.timeouts} timeouts`);
        if (counts.messages !== load.ok) problems.push(`${name} round ${round}: ${load.ok} requests answered 2xx but ${counts.messages} replies reached the connector`);
        if (name === 'bot' && counts.cards !== counts.messages) problems.push(`bot round ${round}: ${counts.messages - counts.cards} replies without an Adaptive Card`);
        log(
          `  round ${round} ${name.padEnd(4)}: ${String(result.rps).padStart(5)} req/s  p50 ${result.p50Ms} ms  p99 ${result.p99Ms} ms  ` +
            `${result.ok}/${result.requests} ok, ${result.replies} replies; cpu ${result.cpuUsPerRequest} µs/req, ` +
            `${result.serverCpu} core; generator ${result.generatorCpu}, other jobs ${result.otherCpu}, steal ${result.stealCpu} core`,
        );
      }
    }

    const after = { bot: memoryOf(bot.child.pid), echo: memoryOf(echo.child.pid) };
    for (const name of ['bot', 'echo'] as const) {
      const { logs } = targets[name].child;
      if (logs.error) problems.push(`${name} logged ${logs.error} errors: ${targets[name].child.output().slice(-2000)}`);
    }
    const summary = (name: 'bot' | 'echo'): TargetSummary => {
      const own = rounds.filter((r) => r.target === name);
      return {
        rps: Math.round(mean(own.map((r) => r.rps))),
        p50Ms: roundTo(mean(own.map((r) => r.p50Ms))),
        p99Ms: roundTo(mean(own.map((r) => r.p99Ms))),
        cpuUsPerRequest: Math.round(mean(own.map((r) => r.cpuUsPerRequest))),
        replyBytes: Math.round(mean(own.map((r) => r.replyBytes))),
        requests: own.reduce((s, r) => s + r.requests, 0),
        replies: own.reduce((s, r) => s + r.replies, 0),
        failed: own.reduce((s, r) => s + r.failed, 0),
        idleRssMb: round(idle[name].rssMb, 1),
        afterLoadRssMb: round(after[name].rssMb, 1),
        peakRssMb: round(after[name].peakRssMb, 1),
        logWarnings: targets[name].child.logs.warn,
        logErrors: targets[name].child.logs.error,
      };
    };
    const botSummary = summary('bot');
    const echoSummary = summary('echo');
    const paired = rounds.filter((r) => r.target === 'bot').map((b) => [b, rounds.find((e) => e.target === 'echo' && e.round === b.round)!] as const);
    return {
      options,
      mix: MIX,
      distinctBodies: bodies.bot.length,
      rounds,
      bot: botSummary,
      echo: echoSummary,
      ratios: {
        throughput: round(botSummary.rps / echoSummary.rps, 3),
        p99: round(botSummary.p99Ms / echoSummary.p99Ms, 3),
        p50: round(botSummary.p50Ms / echoSummary.p50Ms, 3),
        cpuPerRequest: round(botSummary.cpuUsPerRequest / echoSummary.cpuUsPerRequest, 3),
        worstRoundThroughput: round(Math.min(...paired.map(([b, e]) => b.rps / e.rps)), 3),
        worstRoundP99: round(Math.max(...paired.map(([b, e]) => b.p99Ms / e.p99Ms)), 3),
      },
      everyRequestReplied: problems.length === 0,
      problems,
    };
  } finally {
    await Promise.all([bot?.child.stop(), echo?.child.stop()]);
    await connector.stop();
    echoBuild.dispose();
  }
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

if (require.main === module) {
  (async () => {
    console.log(`build: ${Math.round(buildBot())} ms`);
    const result = await runE2E({ ...DEFAULT_E2E, rounds: argument('rounds', DEFAULT_E2E.rounds), durationSec: argument('duration', DEFAULT_E2E.durationSec) });
    console.log(JSON.stringify({ bot: result.bot, echo: result.echo, ratios: result.ratios, everyRequestReplied: result.everyRequestReplied, problems: result.problems }, null, 2));
  })().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
