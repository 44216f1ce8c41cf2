import { writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity } from '../helpers/bot-harness';
import { BotProcess } from '../helpers/bot-process';
import { cardOf, cardText, ConnectorStandIn } from '../helpers/connector-stand-in';
import { hostileRequests, type HostileRequest } from '../helpers/hostile-requests';
import { rawPost } from '../helpers/raw-request';

/** At least this many requests; the issue asks for 5,000. */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 5_000);
const BATCH = 8;
/** Deliberate answers: turn done or invoke answered, bad shape, too large, wrong encoding or type, invoke not implemented. */
const CLEAN = new Set([200, 400, 413, 415, 501]);
const APOLOGY = /something went wrong on my side|我这边出了点问题/;

/**
 * Property: whatever arrives at /api/messages (broken activities and invokes with fields of every wrong type,
 * hostile encodings, sizes and bodies), the bot answers with a deliberate status, never crashes, never
 * apologises (an apology means a turn threw), sends nothing off the machine, and keeps its memory.
 * The bot runs as its own process, anonymous (so every shape reaches the turn logic), as `npm start` runs it.
 */
describe('fuzzing the endpoint', () => {
  const connector = new ConnectorStandIn();
  let bot: BotProcess;

  beforeAll(async () => {
    await connector.start();
    bot = await BotProcess.start({ LOG_LEVEL: 'warn', OUTBOX_POLL_MS: '200' });
  }, 60_000);
  afterAll(async () => {
    await bot?.stop();
    await connector.stop();
  });

  it(`answers ${REQUESTS} malformed and hostile requests cleanly, and still answers after`, async () => {
    const url = `${bot.url}/api/messages`;
    const figures = { requests: 0, byKind: {} as Record<string, number>, byStatus: {} as Record<string, number> };
    const unclean: string[] = [];
    const send = async (request: HostileRequest) => {
      const res = await rawPost(url, request.headers, request.body);
      figures.requests++;
      const kind = `${request.kind} → ${res.status}`;
      figures.byKind[kind] = (figures.byKind[kind] ?? 0) + 1;
      figures.byStatus[res.status] = (figures.byStatus[res.status] ?? 0) + 1;
      if (!CLEAN.has(res.status) || /\bat .*\.(?:js|ts):\d+|TypeError|ReferenceError/.test(res.body)) {
        unclean.push(`${res.status} for ${request.kind}: ${request.body.subarray(0, 300).toString('utf8')} → ${res.body.slice(0, 200)}`);
      }
      return CLEAN.has(res.status);
    };

    const started = Date.now();
    const rss: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(hostileRequests(connector.url), { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const results = await Promise.all(batch.map(send));
        if (figures.requests >= (rss.length + 1) * 1_000) rss.push(bot.rss());
        return results.every(Boolean) && bot.alive;
      }),
      // A fixed seed keeps CI reproducible; FUZZ_SEED and FUZZ_REQUESTS explore further by hand.
      { numRuns: Math.ceil(REQUESTS / BATCH), seed: Number(process.env.FUZZ_SEED ?? 20261201), endOnFailure: true },
    );
    const seconds = (Date.now() - started) / 1000;

    // Still itself: alive, answering a normal message, and no heavier than after the first thousand requests.
    expect(bot.alive).toBe(true);
    const probe = activity('personal-message', connector.url, { text: 'AADSTS50126' });
    const res = await rawPost(url, { 'content-type': 'application/json' }, JSON.stringify(probe));
    expect(res.status).toBe(200);
    expect(connector.messages((call) => call.activityId === probe.id).map((call) => cardText(cardOf(call)))).toEqual([
      expect.stringContaining('AADSTS50126'),
    ]);
    rss.push(bot.rss());
    const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

    const apologies = connector.messages((call) => APOLOGY.test(cardText(cardOf(call))));
    const failures = bot.logs.filter((line) => line.level >= 50); // pino error and fatal: failed turns, unprocessable activities
    console.info(
      `fuzz: ${figures.requests} requests in ${seconds.toFixed(1)} s; statuses ${JSON.stringify(figures.byStatus)}; kinds ${JSON.stringify(figures.byKind)}; ` +
        `RSS MB per 1000 requests ${rss.map(mb).join(' ')}; ` +
        `apologies ${apologies.length}; error log lines ${failures.length}; egress ${bot.egress().length}`,
    );
    // FUZZ_DUMP=<file> keeps what failed, with the bot's error lines, for a closer look.
    if (process.env.FUZZ_DUMP) writeFileSync(process.env.FUZZ_DUMP, JSON.stringify({ failures, unclean }, null, 1));
    expect(unclean).toEqual([]);
    expect(figures.requests).toBeGreaterThanOrEqual(REQUESTS);
    expect(apologies.map((call) => call.body)).toEqual([]);
    expect(failures).toEqual([]);
    expect(bot.egress()).toEqual([]);
    // Steady: after the first thousand (code compiled, caches filled), memory breathes with garbage collection
    // (a sawtooth of about 90 MB over 20,000 requests, ending where it started) but does not climb.
    expect(mb(Math.max(...rss) - rss[0]!)).toBeLessThan(128);
  }, 120_000);
});
