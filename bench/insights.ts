/**
 * What insights cost (`npm run bench:insights`), in three parts:
 *
 * 1. stats over 1,000,000 events on SQLite: the events of a busy helpdesk over 90 days, written in batches as the
 *    recorder writes them; then the `stats` card (7 and 30 days, both windows, rendered) timed 7 times.
 * 2. recording, in process: CPU per recorded question (pseudonyms, answer id, buffer) and per event written
 *    (SQLite batches of the size a 200 ms flush sees at ~1,400 messages/s, spike checks included).
 * 3. recording, end to end: the real bot (dist/) with INSIGHTS=on and INSIGHTS=off, both on SQLite, under the same
 *    autocannon load, alternating rounds: throughput and CPU per request.
 *
 *   npx tsx bench/insights.ts [--events 1000000] [--rounds 6] [--duration 5] [--skip-e2e]
 *
 * A benchmark: it measures and prints (and writes bench/insights-results.json); only a broken run exits non-zero.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CardTemplates } from '../src/cards/card-templates';
import { HelpdeskCore } from '../src/core/helpdesk-core';
import { Strings } from '../src/core/strings';
import { DAY_MS } from '../src/insights/events';
import { insightsFor } from '../src/insights/create-insights';
import { DEFAULT_INSIGHTS_SETTINGS, type Insights } from '../src/insights/insights';
import { SqliteEventLog } from '../src/insights/sqlite-event-log';
import { loadDefaultHelpdeskData } from '../src/loading/load-helpdesk-data';
import { activityBodies } from './lib/activities';
import { buildBot, ROOT, startHelpdeskBot, type RunningProcess } from './lib/bots';
import { CountingConnector } from './lib/counting-connector';
import { insightSeries } from './lib/insight-series';
import { runLoad } from './lib/load';
import { machineInfo } from './lib/machine';
import { onExit, sleep } from './lib/processes';
import { mean, median, round } from './lib/stats';

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const NOW = Date.UTC(2026, 0, 31, 12);
const silent = { info() {}, warn() {}, error() {} };
const data = loadDefaultHelpdeskData();
const core = HelpdeskCore.fromData(data);
const parts = { data, core, strings: new Strings(data.strings), cards: CardTemplates.compile(data.cardTemplates) };

function insightsOn(events: SqliteEventLog, now: () => number): Insights {
  return insightsFor(parts, { events, settings: DEFAULT_INSIGHTS_SETTINGS, log: silent, now });
}

/** Linux clock ticks per second (USER_HZ), the unit of /proc/<pid>/task/<tid>/stat. */
const TICKS_PER_SECOND = 100;

/** CPU ticks of a process's main thread (its task id is its pid). */
function mainThreadTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const cpuUs = () => {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
};

/** Part 1: the stats card over a million events. */
async function statsOverMillion(folder: string, events: number) {
  const log = new SqliteEventLog(join(folder, 'million.sqlite'));
  const started = performance.now();
  let written = 0;
  for (const batch of insightSeries({ events, days: 90, people: 20_000, codes: core.popularCodes, now: NOW })) {
    await log.append(batch);
    written += batch.length;
  }
  const writeSec = (performance.now() - started) / 1000;
  const insights = insightsOn(log, () => NOW);
  await insights.start();
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    await insights.statsCard(i % 2 ? 'zh' : 'en');
    times.push(performance.now() - t);
  }
  const f7 = await log.figures({ from: NOW - 7 * DAY_MS, to: NOW });
  const f30 = await log.figures({ from: NOW - 30 * DAY_MS, to: NOW });
  const figures = { questions7: f7.questions, questions30: f30.questions };
  await insights.stop();
  await log.close();
  return {
    events: written,
    writeSec: round(writeSec, 1),
    writeUsPerEvent: round((writeSec * 1e6) / written, 1),
    statsMs: { first: round(times[0]!, 1), median: round(median(times), 1), max: round(Math.max(...times), 1) },
    ...figures,
  };
}

/** Part 2: CPU per recorded question and per event written, in this process. */
async function recordingInProcess(folder: string) {
  const log = new SqliteEventLog(join(folder, 'recording.sqlite'));
  let clock = NOW;
  const insights = insightsOn(log, () => clock);
  await insights.start();
  const texts = ['AADSTS50126', 'error 50053', 'my account is locked', '登录报错 AADSTS53003 怎么办', 'the printer is jammed'];
  const understood = texts.map((text) => core.understand(text));
  const people = Array.from({ length: 2000 }, (_, i) => ({
    id: `29:user-${i}`,
    aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  }));
  const total = 100_000;
  const perFlush = 280; // 200 ms of messages at ~1,400/s
  let recordUs = 0;
  let flushUs = 0;
  for (let i = 0; i < total; i += perFlush) {
    const a = cpuUs();
    for (let j = i; j < Math.min(total, i + perFlush); j++) {
      insights.answered({ actor: people[j % people.length]!, scope: 'personal' }, understood[j % understood.length]!);
    }
    const b = cpuUs();
    await insights.flush(); // writes the batch, then looks for spikes among its codes
    flushUs += cpuUs() - b;
    recordUs += b - a;
    clock += 200;
  }
  await insights.stop();
  await log.close();
  return { questions: total, recordUsPerQuestion: round(recordUs / total, 2), writeUsPerQuestion: round(flushUs / total, 2) };
}

/** Part 3: the bot with insights on and off over HTTP, alternating rounds. */
async function endToEnd(folder: string, rounds: number, durationSec: number) {
  buildBot();
  const connector = await new CountingConnector().start();
  const names = ['on', 'off'] as const;
  const bots: Partial<Record<(typeof names)[number], RunningProcess>> = {};
  try {
    for (const name of names) {
      bots[name] = await startHelpdeskBot([], {
        STORAGE: 'sqlite',
        SQLITE_PATH: join(folder, `tickets-${name}.sqlite`),
        INSIGHTS_SQLITE_PATH: join(folder, `insights-${name}.sqlite`),
        INSIGHTS: name,
      });
    }
    const bodies = Object.fromEntries(names.map((name) => [name, activityBodies(connector.serviceUrlFor(name), 200).map((b) => b.body)]));
    const lastRate: Record<string, number> = {};
    for (const name of names) {
      const warm = await runLoad({ url: bots[name]!.url, bodies: bodies[name]!, connections: 10, amount: 3000 });
      if (warm.non2xx || warm.errors || warm.timeouts) throw new Error(`${name} failed during warm-up\n${bots[name]!.child.output()}`);
      lastRate[name] = warm.rps;
    }
    const results: {
      name: string;
      round: number;
      rps: number;
      cpuUsPerRequest: number;
      mainThreadUsPerRequest: number;
      p99Ms: number;
      otherCpu: number;
    }[] = [];
    for (let n = 1; n <= rounds; n++) {
      for (const name of n % 2 ? names : [...names].reverse()) {
        const before = connector.snapshot(name);
        const threadsBefore = mainThreadTicks(bots[name]!.child.pid);
        const load = await runLoad({
          url: bots[name]!.url,
          bodies: bodies[name]!,
          connections: 10,
          amount: Math.max(100, Math.round(lastRate[name]! * durationSec)),
          serverPid: bots[name]!.child.pid,
        });
        const threadsAfter = mainThreadTicks(bots[name]!.child.pid);
        await sleep(300);
        const counts = CountingConnector.diff(connector.snapshot(name), before);
        if (load.non2xx || load.errors || load.timeouts || counts.messages !== load.ok) {
          throw new Error(
            `${name} round ${n}: ${load.ok} ok, ${counts.messages} replies, ${load.non2xx + load.errors + load.timeouts} failed`,
          );
        }
        lastRate[name] = load.rps;
        const result = {
          name,
          round: n,
          rps: Math.round(load.rps),
          cpuUsPerRequest: Math.round(load.serverCpuUsPerRequest),
          /** The event loop's thread alone: what a turn waits on (the insights thread and V8's helpers excluded). */
          mainThreadUsPerRequest: Math.round(((threadsAfter - threadsBefore) * 1e6) / TICKS_PER_SECOND / Math.max(1, load.ok)),
          p99Ms: round(load.latencyMs.p99, 2),
          otherCpu: round(load.otherCpu, 2),
        };
        results.push(result);
        console.log(
          `  round ${n} insights ${name.padEnd(3)} ${result.rps} req/s, cpu ${result.cpuUsPerRequest} µs/req (main thread ${result.mainThreadUsPerRequest}), p99 ${result.p99Ms} ms, other jobs ${result.otherCpu} core`,
        );
      }
    }
    for (const name of names) {
      const { logs } = bots[name]!.child;
      if (logs.error) throw new Error(`insights ${name} logged errors:\n${bots[name]!.child.output().slice(-2000)}`);
    }
    const summary = (name: string) => {
      const own = results.filter((r) => r.name === name);
      return {
        rps: Math.round(mean(own.map((r) => r.rps))),
        cpuUsPerRequest: Math.round(mean(own.map((r) => r.cpuUsPerRequest))),
        mainThreadUsPerRequest: Math.round(mean(own.map((r) => r.mainThreadUsPerRequest))),
      };
    };
    const on = summary('on');
    const off = summary('off');
    // Each round runs both, one right after the other: the ratio within a round is the least disturbed by other jobs.
    const pairs = Array.from({ length: rounds }, (_, i) => {
      const [a, b] = ['on', 'off'].map((name) => results.find((r) => r.name === name && r.round === i + 1)!);
      return {
        rps: a!.rps / b!.rps,
        cpu: a!.cpuUsPerRequest / b!.cpuUsPerRequest,
        main: a!.mainThreadUsPerRequest / b!.mainThreadUsPerRequest,
      };
    });
    return {
      rounds: results,
      on,
      off,
      throughputCostPct: round((1 - median(pairs.map((pair) => pair.rps))) * 100, 1),
      cpuCostPct: round((median(pairs.map((pair) => pair.cpu)) - 1) * 100, 1),
      mainThreadCostPct: round((median(pairs.map((pair) => pair.main)) - 1) * 100, 1),
      meanThroughputCostPct: round((1 - on.rps / off.rps) * 100, 1),
    };
  } finally {
    await Promise.all(Object.values(bots).map((bot) => bot?.child.stop()));
    await connector.stop();
  }
}

async function main(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'helpdesk-bench-insights-'));
  const cleanup = onExit(() => rmSync(folder, { recursive: true, force: true }));
  const machine = machineInfo();
  console.log(`insights benchmark, ${new Date().toISOString()}\n${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}`);
  try {
    const events = argument('events', 1_000_000);
    console.log(`\n== stats over ${events.toLocaleString('en')} events on SQLite`);
    const stats = await statsOverMillion(folder, events);
    console.log(
      `  written in ${stats.writeSec} s (${stats.writeUsPerEvent} µs/event); stats card ${stats.statsMs.first} ms the first time, ` +
        `median ${stats.statsMs.median} ms, max ${stats.statsMs.max} ms of 7 (questions: ${stats.questions7} in 7 days, ${stats.questions30} in 30)`,
    );

    console.log('\n== recording, in process (CPU)');
    const recording = await recordingInProcess(folder);
    console.log(
      `  ${recording.recordUsPerQuestion} µs per question recorded on the turn, ${recording.writeUsPerQuestion} µs per question written (batches of 280, spike checks included)`,
    );

    let e2e: Awaited<ReturnType<typeof endToEnd>> | undefined;
    if (!process.argv.includes('--skip-e2e')) {
      const rounds = argument('rounds', 6);
      const duration = argument('duration', 5);
      console.log(`\n== recording, end to end: the bot with INSIGHTS=on and off, SQLite, ${rounds} rounds × ${duration} s each`);
      e2e = await endToEnd(folder, rounds, duration);
      console.log(
        `  on ${e2e.on.rps} req/s, ${e2e.on.cpuUsPerRequest} µs/req; off ${e2e.off.rps} req/s, ${e2e.off.cpuUsPerRequest} µs/req → ` +
          `throughput cost ${e2e.throughputCostPct} % (median of the rounds' on/off ratios; ${e2e.meanThroughputCostPct} % of the means), CPU per request +${e2e.cpuCostPct} %, main thread +${e2e.mainThreadCostPct} %`,
      );
      const share = round(((recording.recordUsPerQuestion + recording.writeUsPerQuestion) / e2e.off.cpuUsPerRequest) * 100, 1);
      console.log(`  in-process recording cost against the bot's CPU per request without insights: ${share} %`);
    }

    console.log('\n== targets');
    console.table([
      { target: 'stats over 1,000,000 events on SQLite < 1 s', value: `${stats.statsMs.max} ms (max of 7)`, met: stats.statsMs.max < 1000 },
      ...(e2e
        ? [
            {
              target: 'recording costs < 5 % of throughput',
              value: `${e2e.throughputCostPct} % (CPU ${e2e.cpuCostPct} %)`,
              met: e2e.throughputCostPct < 5,
            },
          ]
        : []),
    ]);
    writeFileSync(
      join(ROOT, 'bench', 'insights-results.json'),
      `${JSON.stringify({ date: new Date().toISOString(), machine, stats, recording, e2e }, null, 2)}\n`,
    );
  } finally {
    cleanup();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
