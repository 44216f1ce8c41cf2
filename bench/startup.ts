/**
 * Start-up: from spawning `node dist/src/index.js` to the first answered message, i.e. until the connector stand-in
 * has received the reply to a POST /api/messages sent again and again from the moment of the spawn. Median of 5.
 * The same for `npm start` as a contributor types it, once after touching a source file (it compiles) and then
 * again and again with nothing changed (the second start, which must not compile).
 * Uses the test suite's connector stand-in (test/helpers/connector-stand-in.ts): a handful of calls, no load.
 *
 *   npx tsx bench/startup.ts [--runs 5]
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, utimesSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { cardOf, ConnectorStandIn } from '../test/helpers/connector-stand-in';
import { activityBodies } from './lib/activities';
import { BOT_ENTRY, buildBot, compileEchoBot, ROOT, type CompiledEcho } from './lib/bots';
import { cpuSecondsOf, freePort, sleep, spawnNode } from './lib/processes';
import { median, round } from './lib/stats';

export interface StartupRun {
  /** Spawn to the first accepted connection (the server is listening); the rest is the first turn. */
  readonly listeningMs: number;
  /** Spawn to the reply's arrival at the connector. */
  readonly firstReplyMs: number;
  /**
   * CPU time (user + system) the started process and its children had used when the reply arrived. On a host shared
   * with other jobs the wall time stretches with their load; this stays close to what a quiet machine would take.
   */
  readonly cpuMs: number;
}

/** The process and every process under it, from /proc (npm start runs the bot two levels down). */
function processTree(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* gone meanwhile */
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, parent] of parents) if (parent === tree[i]) tree.push(pid);
  return tree;
}

function treeCpuMs(root: number): number {
  return processTree(root).reduce((sum, pid) => {
    try {
      return sum + cpuSecondsOf(pid) * 1000;
    } catch {
      return sum;
    }
  }, 0);
}

export interface StartupResult {
  readonly runs: readonly StartupRun[];
  readonly medianFirstReplyMs: number;
  readonly medianListeningMs: number;
  /** The same for the echo bot: what node + botbuilder + restify cost before any code of ours. */
  readonly echoMedianFirstReplyMs: number;
  readonly firstReplyWasCard: boolean;
  /** `npm start` with a source file just touched: it compiles (incrementally) first. */
  readonly npmStartAfterChangeMs: number;
  /** `npm start` again with nothing changed, median of the runs: what a contributor waits for most. */
  readonly npmSecondStartMedianMs: number;
  readonly npmSecondStartRuns: readonly number[];
  /** CPU time to the first reply (see StartupRun.cpuMs), medians: the bot from dist/, the echo bot, npm start again. */
  readonly medianCpuMs: { readonly bot: number; readonly echo: number; readonly npmSecondStart: number };
}

/** npm's own CLI script, run by this node: `npm start` exactly as typed, without a shell in between. */
function npmCli(): string {
  // Under `npm run`, npm says where it is; under `npx`, that is npx's own script instead.
  if (process.env.npm_execpath?.endsWith('npm-cli.js')) return process.env.npm_execpath;
  const npm = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  return npm.endsWith('.js') ? npm : join(dirname(npm), 'npm-cli.js');
}

/** One POST; resolves with the status and when the connection was accepted, or undefined when nothing listens yet. */
function post(port: number, body: string): Promise<{ status: number; connectedAt: number } | undefined> {
  return new Promise((resolve) => {
    let connectedAt = Number.NaN;
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/api/messages',
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, connectedAt }));
      },
    );
    req.on('socket', (socket) => socket.once('connect', () => (connectedAt = performance.now())));
    req.on('error', () => resolve(undefined));
    req.end(body);
  });
}

async function timeOneStart(
  connector: ConnectorStandIn,
  args: string[],
  env: Record<string, string>,
  label: string,
): Promise<StartupRun & { card: boolean }> {
  connector.reset();
  const port = await freePort();
  const body = activityBodies(connector.url, 1)[0]!.body.replace(/"text":"[^"]*"/, '"text":"AADSTS50126"');
  const replied = connector.waitFor(1, () => true, 30_000);
  const started = performance.now();
  const child = spawnNode(label, args, { PORT: String(port), ...env }, ROOT);
  try {
    let listeningMs = Number.NaN;
    let done = false;
    let firstReplyMs = Number.NaN;
    const arrival = replied.then((calls) => {
      firstReplyMs = performance.now() - started;
      done = true;
      return calls;
    });
    arrival.catch(() => undefined);
    while (!done) {
      if (child.process.exitCode !== null) throw new Error(`${label} exited during start-up:\n${child.output()}`);
      if (performance.now() - started > 30_000) throw new Error(`${label} gave no answer within 30 s:\n${child.output()}`);
      const answer = await post(port, body);
      if (answer && Number.isNaN(listeningMs)) listeningMs = answer.connectedAt - started;
      if (answer && answer.status >= 300) throw new Error(`${label} answered ${answer.status} during start-up:\n${child.output()}`);
      if (!answer) await sleep(5);
      else await Promise.race([arrival, sleep(50)]);
    }
    const calls = await arrival;
    const cpuMs = round(treeCpuMs(child.pid), 0);
    return {
      listeningMs: round(listeningMs, 1),
      firstReplyMs: round(firstReplyMs, 1),
      cpuMs,
      card: Boolean(calls[0] && cardOf(calls[0])),
    };
  } finally {
    await child.stop();
  }
}

export async function measureStartup(runs = 5, echo?: CompiledEcho): Promise<StartupResult> {
  const connector = await new ConnectorStandIn().start();
  const ownEcho = echo ?? compileEchoBot();
  try {
    const npmStart = [npmCli(), 'start'];
    const npmEnv = { STORAGE: 'memory', LOG_LEVEL: 'warn' };
    const touched = join(ROOT, 'src', 'index.ts');
    const now = new Date();
    utimesSync(touched, now, now); // as if just edited: the next npm start compiles
    const afterChange = await timeOneStart(connector, npmStart, npmEnv, 'npm start after a change');
    // The three kinds of start take turns, so a busy moment on a shared host weighs on each alike.
    const bot: (StartupRun & { card: boolean })[] = [];
    const echoRuns: StartupRun[] = [];
    const second: StartupRun[] = [];
    for (let i = 0; i < runs; i++) {
      bot.push(await timeOneStart(connector, [BOT_ENTRY], npmEnv, 'helpdesk bot'));
      echoRuns.push(await timeOneStart(connector, [ownEcho.entry], ownEcho.env, 'echo bot'));
      second.push(await timeOneStart(connector, npmStart, npmEnv, 'npm start'));
    }
    return {
      runs: bot.map(({ listeningMs, firstReplyMs, cpuMs }) => ({ listeningMs, firstReplyMs, cpuMs })),
      medianFirstReplyMs: round(median(bot.map((r) => r.firstReplyMs)), 1),
      medianListeningMs: round(median(bot.map((r) => r.listeningMs)), 1),
      echoMedianFirstReplyMs: round(median(echoRuns.map((r) => r.firstReplyMs)), 1),
      firstReplyWasCard: bot.every((r) => r.card),
      npmStartAfterChangeMs: afterChange.firstReplyMs,
      npmSecondStartMedianMs: round(median(second.map((r) => r.firstReplyMs)), 1),
      npmSecondStartRuns: second.map((r) => r.firstReplyMs),
      medianCpuMs: {
        bot: median(bot.map((r) => r.cpuMs)),
        echo: median(echoRuns.map((r) => r.cpuMs)),
        npmSecondStart: median(second.map((r) => r.cpuMs)),
      },
    };
  } finally {
    await connector.stop();
    if (!echo) ownEcho.dispose();
  }
}

if (require.main === module) {
  (async () => {
    buildBot();
    const i = process.argv.indexOf('--runs');
    const result = await measureStartup(i > 0 ? Number(process.argv[i + 1]) : 5);
    console.log(result);
  })().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
