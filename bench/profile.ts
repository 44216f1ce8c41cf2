/**
 * Load runs against the real bot and the card echo (bench/echo-bot.ts replaying the bot's own answer cards) under
 * `node --cpu-prof`, then where the CPU time of the load run went (start-up excluded): top functions by self time,
 * by package/file, and the bot's CPU per request above the card echo's, by package/file. Both send the same
 * cards through the same stack, so the difference is what making the answers costs.
 *
 *   npx tsx bench/profile.ts [--duration 10] [--echo]      (bench/run-all.ts runs it after the measured runs)
 *
 * `--echo` also profiles the text echo and prints what the card echo spends above it: the cost of sending cards.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityBodies } from './lib/activities';
import { buildBot, compileEchoBot, ROOT, startEchoBot, startHelpdeskBot, type RunningProcess } from './lib/bots';
import { captureCards } from './lib/capture-cards';
import { CountingConnector } from './lib/counting-connector';
import { runLoad } from './lib/load';
import { onExit, sleep } from './lib/processes';
import { round } from './lib/stats';
import { printProfileSummary, summariseProfile, type ProfileSummary } from './profile-summary';

export const LATEST_PROFILE = {
  bot: join(ROOT, 'bench', 'latest-bot.cpuprofile'),
  'card-echo': join(ROOT, 'bench', 'latest-card-echo.cpuprofile'),
  echo: join(ROOT, 'bench', 'latest-echo.cpuprofile'),
};

export interface ProfiledTarget {
  readonly rps: number;
  readonly requests: number;
  readonly profile: string;
  /** CPU per answered request while profiled (profiling inflates it; compare bot and echo, not absolute values). */
  readonly busyUsPerRequest: number;
  readonly summary: ProfileSummary;
  /** The same profile from the process's start to its first /healthz answer. */
  readonly startup: ProfileSummary;
  /** The load run, in µs of the monotonic clock: `profile-summary.ts <file> --from <fromUs> --to <toUs>` shows it again. */
  readonly window: { readonly fromUs: number; readonly toUs: number };
}

export interface GroupDifference {
  readonly group: string;
  readonly aUs: number;
  readonly bUs: number;
  readonly extraUs: number;
}

export interface ProfileRun {
  readonly bot: ProfiledTarget;
  readonly cardEcho: ProfiledTarget;
  /** Self time per request by package/file, bot minus card echo: what making the answers costs, largest first. */
  readonly extraPerRequest: readonly GroupDifference[];
  /** With `--echo`: the text echo too, and card echo minus echo: what sending cards instead of text costs. */
  readonly echo?: ProfiledTarget;
  readonly cardsPerRequest?: readonly GroupDifference[];
}

/** Self time per request by package/file, a minus b, largest first. */
function differencePerRequest(a: ProfiledTarget, b: ProfiledTarget): GroupDifference[] {
  const perRequest = (t: ProfiledTarget) => new Map(t.summary.groups.map((g) => [g.group, (g.selfMs * 1000) / t.requests]));
  const aGroups = perRequest(a);
  const bGroups = perRequest(b);
  return [...new Set([...aGroups.keys(), ...bGroups.keys()])]
    .map((group) => {
      const aUs = aGroups.get(group) ?? 0;
      const bUs = bGroups.get(group) ?? 0;
      return { group, aUs: round(aUs, 1), bUs: round(bUs, 1), extraUs: round(aUs - bUs, 1) };
    })
    .sort((x, y) => y.extraUs - x.extraUs);
}

export const SAMPLE_INTERVAL_US = 2500;

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function profileTarget(
  name: keyof typeof LATEST_PROFILE,
  start: (nodeArgs: string[]) => Promise<RunningProcess>,
  connector: CountingConnector,
  options: { durationSec: number; warmupSec: number; connections: number },
  beforeLoad?: (target: RunningProcess, bodies: string[]) => Promise<void>,
): Promise<ProfiledTarget> {
  const dir = mkdtempSync(join(tmpdir(), `helpdesk-bench-prof-${name}-`));
  const cancelCleanup = onExit(() => rmSync(dir, { recursive: true, force: true }));
  let target: RunningProcess | undefined;
  try {
    // The bots have no SIGTERM handler that exits normally; the preload adds one so that --cpu-prof writes its file.
    // Sampling every 2.5 ms instead of the default 1 ms: on a 2-core host the default halved the bot's throughput.
    const spawnedUs = nowUs();
    target = await start([
      '--cpu-prof',
      `--cpu-prof-dir=${dir}`,
      `--cpu-prof-interval=${SAMPLE_INTERVAL_US}`,
      '--require',
      join(__dirname, 'lib', 'exit-on-sigterm.cjs'),
    ]);
    const readyUs = nowUs();
    const bodies = activityBodies(connector.serviceUrlFor(name), 200).map((b) => b.body);
    await beforeLoad?.(target, bodies);
    await runLoad({ url: target.url, bodies, connections: options.connections, durationSec: options.warmupSec });
    await sleep(200);
    const fromUs = nowUs();
    const load = await runLoad({ url: target.url, bodies, connections: options.connections, durationSec: options.durationSec });
    const toUs = nowUs();
    await target.child.stop(15_000);
    const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error(`the profiled ${name} wrote no .cpuprofile into ${dir}:\n${target.child.output()}`);
    copyFileSync(join(dir, file), LATEST_PROFILE[name]);
    const summary = summariseProfile(LATEST_PROFILE[name], { fromUs, toUs });
    const startup = summariseProfile(LATEST_PROFILE[name], { fromUs: spawnedUs, toUs: readyUs, top: 10 });
    return {
      rps: Math.round(load.rps),
      requests: load.ok,
      profile: LATEST_PROFILE[name],
      busyUsPerRequest: round((summary.busyMs * 1000) / load.ok, 1),
      summary,
      startup,
      window: { fromUs, toUs },
    };
  } finally {
    await target?.child.stop();
    cancelCleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runProfile(
  options: { durationSec?: number; warmupSec?: number; connections?: number; echo?: boolean } = {},
): Promise<ProfileRun> {
  const settings = { durationSec: options.durationSec ?? 8, warmupSec: options.warmupSec ?? 2, connections: options.connections ?? 10 };
  const connector = await new CountingConnector().start();
  const echoBuild = compileEchoBot();
  try {
    let cardsFile = '';
    const bot = await profileTarget(
      'bot',
      (args) => startHelpdeskBot(args),
      connector,
      settings,
      async (target, bodies) => {
        cardsFile = await captureCards(target, connector, bodies, echoBuild.dir);
      },
    );
    const cardEcho = await profileTarget('card-echo', (args) => startEchoBot(echoBuild, args, cardsFile), connector, settings);
    const extraPerRequest = differencePerRequest(bot, cardEcho);
    if (!options.echo) return { bot, cardEcho, extraPerRequest };
    const echo = await profileTarget('echo', (args) => startEchoBot(echoBuild, args), connector, settings);
    return { bot, cardEcho, extraPerRequest, echo, cardsPerRequest: differencePerRequest(cardEcho, echo) };
  } finally {
    await connector.stop();
    echoBuild.dispose();
  }
}

export function printProfileRun(run: ProfileRun): void {
  console.log(`profiled load: bot ${run.bot.rps} req/s, card echo ${run.cardEcho.rps} req/s (profiling slows both down)`);
  console.log(`CPU per request while profiled: bot ${run.bot.busyUsPerRequest} µs, card echo ${run.cardEcho.busyUsPerRequest} µs\n`);
  printProfileSummary(run.bot.summary);
  console.log(`\nstart-up of the bot (spawn to /healthz, ${run.bot.startup.busyMs} ms busy), top functions by self time:`);
  console.table(run.bot.startup.topSelf.map((f) => ({ 'self ms': f.selfMs, function: f.name, where: f.where })));
  console.log('start-up, project functions by inclusive time:');
  console.table(run.bot.startup.projectInclusive.slice(0, 10).map((f) => ({ 'total ms': f.totalMs, function: f.name, where: f.where })));
  console.log(
    "\nthe bot's CPU per request above the card echo's (same cards, same stack), by package/file (self time, µs/request, profiled):",
  );
  console.table(
    run.extraPerRequest
      .slice(0, 15)
      .map((g) => ({ 'package/file': g.group, 'bot µs': g.aUs, 'card echo µs': g.bUs, 'extra µs': g.extraUs })),
  );
  if (!run.echo || !run.cardsPerRequest) return;
  console.log(`\nthe text echo: ${run.echo.rps} req/s, ${run.echo.busyUsPerRequest} µs of CPU per request while profiled`);
  console.log("the card echo's CPU per request above the text echo's (sending cards instead of text), by package/file:");
  console.table(
    run.cardsPerRequest
      .slice(0, 15)
      .map((g) => ({ 'package/file': g.group, 'card echo µs': g.aUs, 'echo µs': g.bUs, 'extra µs': g.extraUs })),
  );
  console.log('the card echo, top functions by self time:');
  console.table(run.cardEcho.summary.topSelf.slice(0, 25).map((f) => ({ 'self ms': f.selfMs, function: f.name, where: f.where })));
}

if (require.main === module) {
  (async () => {
    buildBot();
    const i = process.argv.indexOf('--duration');
    printProfileRun(await runProfile({ durationSec: i > 0 ? Number(process.argv[i + 1]) : 10, echo: process.argv.includes('--echo') }));
  })().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
