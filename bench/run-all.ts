/**
 * Every benchmark in one run (`npm run bench`), about two and a half minutes: build, core matching, start-up,
 * the bot against the echo bot under load (alternating rounds), memory, and one profiled load run. Prints one
 * table and writes bench/results.json. Benchmarks measure and print; only a broken run (a failed request, a
 * request without a reply, a crash) exits non-zero, a missed target does not.
 *
 *   npm run bench [-- --rounds 3 --duration 10]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_E2E, runE2E, type E2EResult } from './e2e';
import { buildBot, ROOT } from './lib/bots';
import { machineInfo } from './lib/machine';
import { round } from './lib/stats';
import { printMatchBench, runMatchBench, type MatchBenchResult } from './match';
import { printProfileRun, runProfile, SAMPLE_INTERVAL_US, type ProfileRun } from './profile';
import { measureStartup, type StartupResult } from './startup';

export const RESULTS_FILE = join(ROOT, 'bench', 'results.json');

/** The targets of docs/BENCHMARKS.md. */
export const TARGETS = {
  throughputRatio: 0.9,
  p99Ratio: 2,
  coreP99Us: 1000,
  startupMs: 1500,
  rssAfterLoadMb: 200,
} as const;

interface TargetCheck {
  readonly target: string;
  readonly value: string;
  readonly met: boolean;
}

function checkTargets(match: MatchBenchResult, startup: StartupResult, e2e: E2EResult): TargetCheck[] {
  const coreP99 = Math.max(match.fixtures.p99Us, match.catalog.p99Us);
  return [
    {
      target: `answer turns ≥ ${TARGETS.throughputRatio}× echo throughput`,
      value: `${e2e.ratios.throughput}×`,
      met: e2e.ratios.throughput >= TARGETS.throughputRatio,
    },
    { target: `p99 ≤ ${TARGETS.p99Ratio}× echo's`, value: `${e2e.ratios.p99}×`, met: e2e.ratios.p99 <= TARGETS.p99Ratio },
    { target: 'core p99 < 1 ms/message', value: `${coreP99} µs`, met: coreP99 < TARGETS.coreP99Us },
    {
      target: 'start-up < 1.5 s (median of 5)',
      value: `${startup.medianFirstReplyMs} ms`,
      met: startup.medianFirstReplyMs < TARGETS.startupMs,
    },
    {
      target: 'second npm start < 1.5 s (median of 5)',
      value: `${startup.npmSecondStartMedianMs} ms`,
      met: startup.npmSecondStartMedianMs < TARGETS.startupMs,
    },
    {
      target: "RSS < 200 MB after load (median of the rounds' ends)",
      value: `${e2e.bot.afterLoadRssMb} MB`,
      met: e2e.bot.afterLoadRssMb < TARGETS.rssAfterLoadMb,
    },
  ];
}

function argument(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const started = performance.now();
  const date = new Date().toISOString();
  const machine = machineInfo();
  const phase = (name: string) => console.log(`\n== ${name} (${Math.round((performance.now() - started) / 1000)} s)`);
  console.log(
    `sign-in helpdesk benchmarks, ${date}\n${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, ${machine.os}`,
  );

  phase('build: npm run build');
  const buildMs = round(buildBot(), 0);
  console.log(`  ${buildMs} ms`);

  phase('core: extraction + matching per message');
  const match = runMatchBench();
  printMatchBench(match);

  phase('start-up: spawn to first answered message, 5 times');
  const startup = await measureStartup(5);
  console.log(
    `  bot: ${startup.runs.map((r) => r.firstReplyMs).join(', ')} ms → median ${startup.medianFirstReplyMs} ms ` +
      `(listening at ${startup.medianListeningMs} ms); echo bot median ${startup.echoMedianFirstReplyMs} ms`,
  );
  console.log(
    `  npm start: after a change ${startup.npmStartAfterChangeMs} ms; ` +
      `second start ${startup.npmSecondStartRuns.join(', ')} ms → median ${startup.npmSecondStartMedianMs} ms`,
  );
  const cpu = startup.medianCpuMs;
  console.log(`  CPU to first reply (medians): bot ${cpu.bot} ms, echo ${cpu.echo} ms, npm start again ${cpu.npmSecondStart} ms`);

  const e2eOptions = {
    ...DEFAULT_E2E,
    rounds: argument('rounds', DEFAULT_E2E.rounds),
    durationSec: argument('duration', DEFAULT_E2E.durationSec),
  };
  phase(
    `end to end: bot, echo${e2eOptions.cardEcho ? ' and card echo' : ''} alternately, ` +
      `${e2eOptions.rounds} rounds × ${e2eOptions.durationSec} s each, ${e2eOptions.connections} connections`,
  );
  const e2e = await runE2E(e2eOptions, (line) => console.log(line));

  phase(`profile: one load run each of the bot and the card echo under node --cpu-prof (${SAMPLE_INTERVAL_US} µs sampling)`);
  const profile: ProfileRun = await runProfile({ durationSec: 8 });
  printProfileRun(profile);

  const targets = checkTargets(match, startup, e2e);
  const elapsedSec = round((performance.now() - started) / 1000, 1);

  console.log(`\n== summary (${elapsedSec} s)\n${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}`);
  const b = e2e.bot;
  const e = e2e.echo;
  const c = e2e.cardEcho;
  const ce = (value: number | string | undefined) => (c ? value : '');
  console.table([
    { figure: 'throughput (req/s, mean of rounds)', bot: b.rps, echo: e.rps, 'bot/echo': e2e.ratios.throughput, 'card echo': ce(c?.rps) },
    { figure: 'latency p50 (ms)', bot: b.p50Ms, echo: e.p50Ms, 'bot/echo': e2e.ratios.p50, 'card echo': ce(c?.p50Ms) },
    { figure: 'latency p99 (ms)', bot: b.p99Ms, echo: e.p99Ms, 'bot/echo': e2e.ratios.p99, 'card echo': ce(c?.p99Ms) },
    {
      figure: 'server CPU per request (µs)',
      bot: b.cpuUsPerRequest,
      echo: e.cpuUsPerRequest,
      'bot/echo': e2e.ratios.cpuPerRequest,
      'card echo': ce(c?.cpuUsPerRequest),
    },
    {
      figure: 'reply size (bytes)',
      bot: b.replyBytes,
      echo: e.replyBytes,
      'bot/echo': round(b.replyBytes / e.replyBytes, 1),
      'card echo': ce(c?.replyBytes),
    },
    {
      figure: 'requests / replies at the connector',
      bot: `${b.requests} / ${b.replies}`,
      echo: `${e.requests} / ${e.replies}`,
      'bot/echo': '',
      'card echo': ce(c && `${c.requests} / ${c.replies}`),
    },
    {
      figure: 'RSS idle after start-up (MB)',
      bot: b.idleRssMb,
      echo: e.idleRssMb,
      'bot/echo': round(b.idleRssMb / e.idleRssMb, 2),
      'card echo': ce(c?.idleRssMb),
    },
    {
      figure: 'RSS at the end of the load run (MB, median of rounds)',
      bot: b.afterLoadRssMb,
      echo: e.afterLoadRssMb,
      'bot/echo': round(b.afterLoadRssMb / e.afterLoadRssMb, 2),
      'card echo': ce(c?.afterLoadRssMb),
    },
    {
      figure: 'RSS during load, mean (MB)',
      bot: b.duringLoadRssMb,
      echo: e.duringLoadRssMb,
      'bot/echo': round(b.duringLoadRssMb / e.duringLoadRssMb, 2),
      'card echo': ce(c?.duringLoadRssMb),
    },
    {
      figure: 'RSS peak (MB)',
      bot: b.peakRssMb,
      echo: e.peakRssMb,
      'bot/echo': round(b.peakRssMb / e.peakRssMb, 2),
      'card echo': ce(c?.peakRssMb),
    },
    {
      figure: 'start-up to first reply (ms, median of 5)',
      bot: startup.medianFirstReplyMs,
      echo: startup.echoMedianFirstReplyMs,
      'bot/echo': round(startup.medianFirstReplyMs / startup.echoMedianFirstReplyMs, 2),
      'card echo': '',
    },
    {
      figure: 'core p50 / p99 per message (µs), fixtures',
      bot: `${match.fixtures.p50Us} / ${match.fixtures.p99Us}`,
      echo: '',
      'bot/echo': '',
      'card echo': '',
    },
    {
      figure: 'core p50 / p99 per message (µs), whole catalog',
      bot: `${match.catalog.p50Us} / ${match.catalog.p99Us}`,
      echo: '',
      'bot/echo': '',
      'card echo': '',
    },
    { figure: 'core messages/s (fixtures)', bot: match.fixtures.messagesPerSec, echo: '', 'bot/echo': '', 'card echo': '' },
  ]);
  if (e2e.cardEchoRatios) {
    const { cardEchoVsEcho: s, botVsCardEcho: m } = e2e.cardEchoRatios;
    console.log(
      `sending the cards (card echo / echo): throughput ${s.throughput}×, CPU/request ${s.cpuPerRequest}×; ` +
        `making them (bot / card echo): throughput ${m.throughput}×, CPU/request ${m.cpuPerRequest}×`,
    );
  }
  console.table(targets.map((t) => ({ target: t.target, measured: t.value, met: t.met ? 'yes' : 'NO' })));
  const busy = e2e.rounds.filter((r) => r.otherCpu > 0.25 || r.stealCpu > 0.1);
  if (busy.length)
    console.log(
      `note: other jobs or the hypervisor took CPU during ${busy.length} of ${e2e.rounds.length} rounds ` +
        '(see "other jobs"/"steal" above); compare ratios, not absolute req/s',
    );
  if (!e2e.everyRequestReplied) console.log(`PROBLEMS:\n  ${e2e.problems.join('\n  ')}`);

  const trimProfile = (t: ProfileRun['bot']) => ({
    rps: t.rps,
    requests: t.requests,
    busyUsPerRequest: t.busyUsPerRequest,
    file: t.profile,
    window: t.window,
    topSelf: t.summary.topSelf,
    groups: t.summary.groups.slice(0, 25),
    groupsInclusive: t.summary.groupsInclusive.slice(0, 25),
    projectInclusive: t.summary.projectInclusive,
    startup: { busyMs: t.startup.busyMs, topSelf: t.startup.topSelf, projectInclusive: t.startup.projectInclusive },
  });
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        date,
        elapsedSec,
        machine,
        buildMs,
        targets,
        match,
        startup,
        e2e,
        profile: {
          sampleIntervalUs: SAMPLE_INTERVAL_US,
          bot: trimProfile(profile.bot),
          cardEcho: trimProfile(profile.cardEcho),
          extraPerRequest: profile.extraPerRequest.slice(0, 25),
        },
      },
      null,
      2,
    )}\n`,
  );
  console.log(
    `\nwrote ${RESULTS_FILE}; profiles in bench/latest-bot.cpuprofile and bench/latest-card-echo.cpuprofile (open in Chrome DevTools)`,
  );
  if (!e2e.everyRequestReplied) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
