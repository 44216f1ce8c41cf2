/**
 * Escalation latency against the number of tickets already stored (issue 15), on SQLite and on Azure Blob
 * (Azurite): the real bot from dist/, one escalate click at a time over HTTP, at 0 and at 20,000 stored tickets.
 * The target: the p50 at 20,000 within 1.5× of the p50 at 0 on each store. Prints a table and writes
 * bench/results-escalation.json; a missed target is reported, not an error.
 *
 *   npm run bench:escalation [-- --tickets 20000 --clicks 200 --stores sqlite,blob]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createStorage, type StorageConfig } from '../src/storage/create-storage';
import { Azurite } from '../test/helpers/azurite';
import { buildBot, ROOT, startHelpdeskBot, type RunningProcess } from './lib/bots';
import { CountingConnector } from './lib/counting-connector';
import { CountingProxy } from './lib/counting-proxy';
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

/** An escalate click on a card no one escalated before, from one of 50 requesters. */
function click(serviceUrl: string, i: number) {
  const user = i % 50;
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: `bench-click-${i}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    from: { id: `29:bench-user-${user}`, name: `Bench User ${user}` },
    conversation: { conversationType: 'personal', tenantId: 'bench-tenant', id: `a:bench-conversation-${user}` },
    recipient: { id: '28:bot-app-id', name: 'Sign-in Helpdesk' },
    locale: 'en-US',
    replyToId: `bench-answer-${i}-${Math.random().toString(36).slice(2, 8)}`,
    value: { action: { type: 'Action.Execute', verb: 'escalate', data: { q: 'AADSTS50053', lang: 'en' } }, trigger: 'manual' },
    channelData: { tenant: { id: 'bench-tenant' } },
  };
}

interface Measured {
  readonly store: string;
  readonly stored: number;
  readonly seedSec: number;
  readonly clicks: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly meanMs: number;
  /** Blob only: store requests per click (the escalation and its deliveries), and the store's p50 answer time. */
  readonly storeRequestsPerClick?: number;
  readonly storeP50Ms?: number;
  /** Blob only: a plain read of one blob, straight to Azurite, 100 times: what the emulator costs at this size. */
  readonly plainReadP50Ms?: number;
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

/** `clicks` escalations, one after another, each timed from request to the invoke's answer. */
async function measure(bot: RunningProcess, serviceUrl: string, clicks: number, offset: number) {
  const times = new Float64Array(clicks);
  for (let i = 0; i < clicks + WARM_UP; i++) {
    const started = performance.now();
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(click(serviceUrl, offset + i)),
    });
    const body = await res.text();
    const elapsed = performance.now() - started;
    if (res.status !== 200 || !/HD-\d{6}/.test(body)) throw new Error(`escalation ${i} failed: ${res.status} ${body.slice(0, 300)}`);
    if (i >= WARM_UP) times[i - WARM_UP] = elapsed;
  }
  return distribution(times);
}

/** A storage configuration that is also the bot's environment. */
type BenchStorage = StorageConfig & Record<string, string>;

async function run(
  name: string,
  storage: BenchStorage,
  stored: number,
  clicks: number,
  connector: CountingConnector,
  proxy?: CountingProxy,
): Promise<Measured> {
  const seedStarted = performance.now();
  if (stored) {
    const store = createStorage(storage);
    let last = 0;
    await seedTickets(store, stored, 64, (done) => {
      if (done - last >= 5000) console.log(`  seeded ${(last = done)} tickets`);
    });
    await store.close?.();
  }
  const seedSec = round((performance.now() - seedStarted) / 1000, 1);
  const plainReadP50Ms = proxy ? await plainReadP50(storage) : undefined;
  const serviceUrl = connector.serviceUrlFor(`${name}-${stored}`);
  // With a proxy, the bot reaches the store through it (same account, another port).
  const botStorage = proxy
    ? { ...storage, AZURE_STORAGE_CONNECTION_STRING: storage.AZURE_STORAGE_CONNECTION_STRING!.replace(/:(\d+)\//, `:${proxy.port}/`) }
    : storage;
  const bot = await startHelpdeskBot([], { ...botStorage, HELPDESK_CHANNEL_ID: HELPDESK, HELPDESK_SERVICE_URL: serviceUrl });
  try {
    proxy?.take(); // start-up's requests are not the clicks'
    const d = await measure(bot, serviceUrl, clicks, stored);
    const storeTimes = proxy?.take();
    // The outbox posts every ticket meanwhile; wait for it, so the next run starts on a quiet machine.
    await waitUntil(
      () => connector.snapshot(`${name}-${stored}`).other >= clicks + WARM_UP,
      120_000,
      () => 'the posts',
      200,
    );
    if (bot.child.logs.error) throw new Error(`the bot logged errors:\n${bot.child.output()}`);
    return {
      store: name,
      stored,
      seedSec,
      clicks,
      p50Ms: round(d.p50, 2),
      p90Ms: round(d.p90, 2),
      p99Ms: round(d.p99, 2),
      meanMs: round(d.mean, 2),
      ...(storeTimes && {
        storeRequestsPerClick: round(storeTimes.length / (clicks + WARM_UP), 1),
        storeP50Ms: round(distribution(Float64Array.from(storeTimes)).p50, 2),
        plainReadP50Ms,
      }),
    };
  } finally {
    await bot.child.stop();
  }
}

async function main(): Promise<void> {
  const tickets = Number(argument('tickets', '20000'));
  const clicks = Number(argument('clicks', '200'));
  const stores = argument('stores', 'sqlite,blob').split(',');
  const machine = machineInfo();
  console.log(`escalation latency at 0 and ${tickets} stored tickets, ${clicks} clicks each (after ${WARM_UP} warm-up)`);
  console.log(`${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}\n== build`);
  buildBot();
  const connector = await new CountingConnector().start();
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-bench-escalation-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  const cancel = onExit(removeDir);
  const azurite = stores.includes('blob') ? await new Azurite().start() : undefined;
  const azuritePort = Number(/BlobEndpoint=http:\/\/[^:]+:(\d+)\//.exec(azurite?.connectionString ?? '')?.[1]);
  const proxy = azurite ? await new CountingProxy({ host: '127.0.0.1', port: azuritePort }).start() : undefined;
  const results: Measured[] = [];
  try {
    for (const name of stores) {
      for (const stored of [0, tickets]) {
        console.log(`== ${name}, ${stored} stored tickets`);
        const storage: BenchStorage =
          name === 'sqlite'
            ? { STORAGE: 'sqlite', SQLITE_PATH: join(dir, `bench-${stored}.sqlite`) }
            : {
                STORAGE: 'blob',
                SQLITE_PATH: '',
                AZURE_STORAGE_CONNECTION_STRING: azurite!.connectionString,
                AZURE_STORAGE_CONTAINER: `bench-${stored}-${Date.now()}`,
              };
        const result = await run(name, storage, stored, clicks, connector, name === 'blob' ? proxy : undefined);
        console.log(`  p50 ${result.p50Ms} ms, p90 ${result.p90Ms} ms, p99 ${result.p99Ms} ms (seeding ${result.seedSec} s)`);
        if (result.storeRequestsPerClick !== undefined)
          console.log(
            `  store: ${result.storeRequestsPerClick} requests per click, answered in ${result.storeP50Ms} ms (p50); a plain read: ${result.plainReadP50Ms} ms`,
          );
        results.push(result);
      }
    }
  } finally {
    await proxy?.stop();
    await azurite?.stop();
    await connector.stop();
    cancel();
    removeDir();
  }
  const verdicts = stores.map((name) => {
    const [empty, full] = [
      results.find((r) => r.store === name && r.stored === 0)!,
      results.find((r) => r.store === name && r.stored === tickets)!,
    ];
    const ratio = round(full.p50Ms / empty.p50Ms, 2);
    return {
      store: name,
      'p50 at 0 (ms)': empty.p50Ms,
      [`p50 at ${tickets} (ms)`]: full.p50Ms,
      ratio,
      met: ratio <= TARGET_RATIO ? 'yes' : 'NO',
    };
  });
  console.table(results);
  console.table(verdicts);
  writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify({ date: new Date().toISOString(), machine, tickets, clicks, results, verdicts }, null, 2)}\n`,
  );
  console.log(`wrote ${RESULTS_FILE}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
