/**
 * Escalation latency against the number of tickets already stored (issue 15), on SQLite and on Azure Blob
 * (Azurite): the real bot from dist/, escalate clicks one at a time over HTTP, on a store with no tickets and on one
 * with 20,000. The bots run side by side and take their clicks in alternating rounds, so both see the same machine;
 * after its burst of clicks, each bot's outbox delivers everything before the next bot clicks.
 * The target: the p50 with 20,000 within 1.5× of the p50 with none, on each store. Prints tables and writes
 * bench/results-escalation.json; a missed target is reported, not an error.
 *
 * On Blob there is a third bot: no tickets in its container, but in the same Azurite as the 20,000. Azurite keeps
 * its blob index in LokiJS and scans it on every request, so it slows down with the number of blobs it holds,
 * whatever the container; that bot tells the emulator's slowdown from the bot's. Each Blob bot talks to Azurite
 * through a counting proxy: store requests per click and Azurite's own answer time are printed too, and a table per
 * Blob bot of its requests by kind (method, operation, blob name with numbers folded, conditions, status), costliest
 * first: which request grows with the data.
 *
 * `--indexed-azurite` preloads bench/lib/azurite-indexed-lookups.cjs into both Azurites: the same emulator, with its
 * blob look-ups using its index, and a blob delete updating its indexes instead of re-sorting them all. It shows what
 * the bot does on a store whose cost per request does not grow with the data, and is reported as such; it is not the
 * stock emulator.
 *
 *   npm run bench:escalation [-- --tickets 20000 --rounds 10 --per-round 20 --stores sqlite,blob --indexed-azurite]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStorage, type StorageConfig } from '../src/storage/create-storage';
import { Azurite } from '../test/helpers/azurite';
import { buildBot, ROOT, startHelpdeskBot, type RunningProcess } from './lib/bots';
import { CountingConnector } from './lib/counting-connector';
import { byKind, CountingProxy } from './lib/counting-proxy';
import { machineInfo } from './lib/machine';
import { onExit, waitUntil } from './lib/processes';
import { seedTickets } from './lib/seed-tickets';
import { distribution, round } from './lib/stats';

const RESULTS_FILE = join(ROOT, 'bench', 'results-escalation.json');
const HELPDESK = '19:helpdesk-bench@thread.tacv2';
const TARGET_RATIO = 1.5;
const WARM_UP = 30;

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1]! : fallback;
}

/** A storage configuration that is also the bot's environment. */
type BenchStorage = StorageConfig & Record<string, string>;

/** One bot under measurement: its store, how many tickets that store held, and what was measured. */
interface Target {
  readonly store: 'sqlite' | 'blob';
  readonly label: string;
  readonly stored: number;
  readonly storage: BenchStorage;
  readonly proxy?: CountingProxy;
  bot?: RunningProcess;
  serviceUrl?: string;
  clicks: number;
  readonly times: number[];
  plainReadP50Ms?: number;
}

/** An escalate click on a card no one escalated before, from one of 50 requesters. */
function click(serviceUrl: string, id: string, i: number) {
  const user = i % 50;
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `bench-click-${id}-${i}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:bench-user-${user}`, name: `Bench User ${user}` },
    conversation: { conversationType: 'personal', tenantId: 'bench-tenant', id: `a:bench-conversation-${user}` },
    recipient: { id: '28:bot-app-id', name: 'Sign-in Helpdesk' },
    locale: 'en-US',
    replyToId: `bench-answer-${id}-${i}`,
    value: { action: { type: 'Action.Execute', verb: 'escalate', data: { q: 'AADSTS50053', lang: 'en' } }, trigger: 'manual' },
    channelData: { tenant: { id: 'bench-tenant' } },
  };
}

/** One escalate click, timed from request to the invoke's answer. */
async function clickOnce(target: Target): Promise<number> {
  const i = target.clicks++;
  const started = performance.now();
  const res = await fetch(`${target.bot!.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(click(target.serviceUrl!, target.label, i)),
  });
  const body = await res.text();
  const elapsed = performance.now() - started;
  if (res.status !== 200 || !/HD-\d{6}/.test(body))
    throw new Error(`${target.label}: click ${i} failed: ${res.status} ${body.slice(0, 300)}`);
  return elapsed;
}

/** p50 of 100 reads of one small blob: the store's own latency, without the bot. */
async function plainReadP50(storage: BenchStorage): Promise<number> {
  const store = createStorage(storage);
  await store.write({ 'bench/probe': { probe: true } });
  const times = new Float64Array(100);
  for (let i = 0; i < times.length; i++) {
    const started = performance.now();
    await store.read(['bench/probe']);
    times[i] = performance.now() - started;
  }
  await store.delete(['bench/probe']);
  return round(distribution(times).p50, 2);
}

async function seed(storage: BenchStorage, count: number): Promise<number> {
  const started = performance.now();
  const store = createStorage(storage);
  let last = 0;
  await seedTickets(store, count, 64, (done) => {
    if (done - last >= 5000) console.log(`  seeded ${(last = done)} tickets (${round((performance.now() - started) / 1000, 0)} s)`);
  });
  await store.close?.();
  return round((performance.now() - started) / 1000, 1);
}

function blobStorage(azurite: Azurite, container: string, port?: number): BenchStorage {
  const connection = port ? azurite.connectionString.replace(/:(\d+)\//, `:${port}/`) : azurite.connectionString;
  return { STORAGE: 'blob', SQLITE_PATH: '', AZURE_STORAGE_CONNECTION_STRING: connection, AZURE_STORAGE_CONTAINER: container };
}

/** Starts every target's bot, warms each, then runs the rounds: every round, each bot in turn (the order rotates). */
async function measure(targets: Target[], connector: CountingConnector, rounds: number, perRound: number): Promise<void> {
  for (const target of targets) {
    target.serviceUrl = connector.serviceUrlFor(target.label);
    const storage = target.proxy ? { ...target.storage, ...proxied(target) } : target.storage;
    target.bot = await startHelpdeskBot([], { ...storage, HELPDESK_CHANNEL_ID: HELPDESK, HELPDESK_SERVICE_URL: target.serviceUrl });
    for (let i = 0; i < WARM_UP; i++) await clickOnce(target);
    await drained(target, connector);
  }
  for (const target of targets) target.proxy?.take(); // start-up and warm-up requests are not the rounds'
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < targets.length; k++) {
      const target = targets[(r + k) % targets.length]!;
      for (let i = 0; i < perRound; i++) target.times.push(await clickOnce(target));
      // Its outbox finishes before the next bot clicks: bots on one Azurite must not time each other's deliveries.
      await drained(target, connector);
    }
  }
}

/** Resolves once every click of the target's bot has been delivered: its post, card update and member look-up. */
function drained(target: Target, connector: CountingConnector): Promise<void> {
  return waitUntil(
    () => connector.snapshot(target.label).other >= 3 * target.clicks,
    120_000,
    () => `${target.label}: ${connector.snapshot(target.label).other} connector calls for ${target.clicks} clicks`,
    20,
  );
}

/** The bot reaches Azurite through the target's counting proxy (same account, the proxy's port). */
function proxied(target: Target): Partial<BenchStorage> {
  return {
    AZURE_STORAGE_CONNECTION_STRING: target.storage.AZURE_STORAGE_CONNECTION_STRING!.replace(/:(\d+)\//, `:${target.proxy!.port}/`),
  };
}

async function main(): Promise<void> {
  const tickets = Number(argument('tickets', '20000'));
  const rounds = Number(argument('rounds', '10'));
  const perRound = Number(argument('per-round', '20'));
  const stores = argument('stores', 'sqlite,blob').split(',');
  const indexed = process.argv.includes('--indexed-azurite');
  // Stock: Azurite as `npm test` runs it (blob contents on disk). Indexed: in memory as well, to take the disk out too.
  const azuriteOptions = indexed ? { inMemory: true, preload: join(__dirname, 'lib', 'azurite-indexed-lookups.cjs') } : {};
  const machine = machineInfo();
  const date = new Date().toISOString();
  // Other work on the host shows in every figure: the load average before and after goes with them.
  const load = { before: loadavg().map((l) => round(l, 2)) };
  console.log(`escalation latency with 0 and ${tickets} stored tickets: ${rounds} rounds × ${perRound} clicks per bot, after ${WARM_UP}`);
  if (indexed) console.log('Azurite with its blob look-ups indexed (bench/lib/azurite-indexed-lookups.cjs): not the stock emulator');
  console.log(`${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}\n== build`);
  buildBot();
  const connector = await new CountingConnector().start();
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-escalation-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const cancel = onExit(removeDir);
  const started: { stop(): Promise<void> }[] = [];
  const targets: Target[] = [];
  const seeding: Record<string, number> = {};
  const target = (t: Omit<Target, 'clicks' | 'times'>): Target => ({ ...t, clicks: 0, times: [] });
  try {
    if (stores.includes('sqlite')) {
      console.log(`== sqlite: seeding ${tickets} tickets`);
      const full: BenchStorage = { STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'tickets.sqlite') };
      seeding.sqlite = await seed(full, tickets);
      targets.push(
        target({ store: 'sqlite', label: 'sqlite-0', stored: 0, storage: { STORAGE: 'sqlite', SQLITE_PATH: join(dir, 'empty.sqlite') } }),
      );
      targets.push(target({ store: 'sqlite', label: `sqlite-${tickets}`, stored: tickets, storage: full }));
    }
    if (stores.includes('blob')) {
      const fresh = await new Azurite().start(azuriteOptions);
      const loaded = await new Azurite().start(azuriteOptions);
      started.push(fresh, loaded);
      console.log(`== blob: seeding ${tickets} tickets into Azurite`);
      seeding.blob = await seed(blobStorage(loaded, 'tickets'), tickets);
      const proxy = async (azurite: Azurite) => {
        const port = Number(/BlobEndpoint=http:\/\/[^:]+:(\d+)\//.exec(azurite.connectionString)![1]);
        const counting = await new CountingProxy({ host: '127.0.0.1', port }).start();
        started.push(counting);
        return counting;
      };
      const blob = (label: string, azurite: Azurite, container: string, stored: number) =>
        proxy(azurite).then((p) => target({ store: 'blob', label, stored, storage: blobStorage(azurite, container), proxy: p }));
      targets.push(await blob('blob-0', fresh, 'empty', 0));
      // With indexed look-ups the emulator's own growth is gone, and a third bot on the loaded Azurite only adds load.
      if (!indexed) targets.push(await blob('blob-0-beside', loaded, 'empty', 0));
      targets.push(await blob(`blob-${tickets}`, loaded, 'tickets', tickets));
      for (const t of targets.filter((x) => x.store === 'blob')) t.plainReadP50Ms = await plainReadP50(t.storage);
    }
    console.log(`== ${targets.map((t) => t.label).join(', ')}: warm-up, then ${rounds} alternating rounds`);
    await measure(targets, connector, rounds, perRound);
    for (const t of targets) if (t.bot!.child.logs.error) throw new Error(`${t.label} logged errors:\n${t.bot!.child.output()}`);
  } finally {
    await Promise.all(targets.map((t) => t.bot?.child.stop() ?? Promise.resolve()));
    for (const s of started.reverse()) await s.stop();
    await connector.stop();
    cancel();
    removeDir();
  }

  const loadAverage = { ...load, after: loadavg().map((l) => round(l, 2)) };
  console.log(`load average (1, 5, 15 min) before ${loadAverage.before.join(', ')}, after ${loadAverage.after.join(', ')}`);
  const kinds: Record<string, ReturnType<typeof byKind>> = {};
  const rows = targets.map((t) => {
    const d = distribution(Float64Array.from(t.times));
    const requests = t.proxy?.takeRequests();
    const store = requests?.map((r) => r.ms);
    if (requests) kinds[t.label] = byKind(requests, t.times.length);
    return {
      bot: t.label,
      stored: t.stored,
      clicks: t.times.length,
      'p50 ms': round(d.p50, 2),
      'p90 ms': round(d.p90, 2),
      'p99 ms': round(d.p99, 2),
      'mean ms': round(d.mean, 2),
      ...(store && {
        'store requests/click': round(store.length / t.times.length, 1),
        'store answer p50 ms': round(distribution(Float64Array.from(store)).p50, 2),
        'store answer p90 ms': round(distribution(Float64Array.from(store)).p90, 2),
        'plain read p50 ms': t.plainReadP50Ms,
      }),
    };
  });
  const p50 = (label: string) => rows.find((r) => r.bot === label)?.['p50 ms'];
  const verdicts = [
    ['sqlite', 'sqlite-0', `sqlite-${tickets}`],
    ['blob (each Azurite as it is)', 'blob-0', `blob-${tickets}`],
    ['blob (one Azurite: the bot alone)', 'blob-0-beside', `blob-${tickets}`],
  ]
    .filter(([, empty, full]) => p50(empty!) !== undefined && p50(full!) !== undefined)
    .map(([what, empty, full]) => {
      const ratio = round(p50(full!)! / p50(empty!)!, 2);
      return { what, 'p50 with 0': p50(empty!), [`p50 with ${tickets}`]: p50(full!), ratio, met: ratio <= TARGET_RATIO ? 'yes' : 'NO' };
    });
  for (const [label, table] of Object.entries(kinds)) {
    console.log(`== ${label}: store requests by kind, costliest first`);
    console.table(table);
  }
  console.table(rows);
  console.table(verdicts);
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ date, machine, loadAverage, indexedAzurite: indexed, tickets, rounds, perRound, seedingSec: seeding, rows, verdicts, requestsByKind: kinds }, null, 2)}\n`,
  );
  console.log(`wrote ${RESULTS_FILE}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
