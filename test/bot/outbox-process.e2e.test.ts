import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { activity } from '../helpers/bot-harness';
import { ConnectorStandIn, type ConnectorCall } from '../helpers/connector-stand-in';
import { BotProcess } from '../helpers/bot-process';
import { until } from '../helpers/until';

const HELPDESK = '19:helpdesk-general@thread.tacv2';
const PERSONAL = 'a:1personal-conversation';
const isNewThread = (call: ConnectorCall) => call.method === 'POST' && call.path === '/v3/conversations';
const toRequesterCard = (call: ConnectorCall) => call.method === 'PUT' && call.conversationId === PERSONAL;

/** The escalate click on an answer card the stand-in knows (Teams would 404 an update of any other). */
function escalation(connector: ConnectorStandIn, cardId: string, question = 'AADSTS50053') {
  connector.remember(PERSONAL, cardId);
  return {
    ...activity('personal-message', connector.url),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: cardId,
    value: { action: { type: 'Action.Execute', verb: 'escalate', data: { q: question, lang: 'en' } }, trigger: 'manual' },
  };
}

describe('the bot process and its outbox', () => {
  const connector = new ConnectorStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-process-'));
  let bot: BotProcess | undefined;
  let files = 0;

  beforeAll(() => connector.start());
  afterEach(async () => {
    await bot?.kill();
    connector.respondWith(undefined);
    connector.releaseHeld();
    connector.reset();
  });
  afterAll(async () => {
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits within 10 s of SIGTERM while a connector call hangs; the message stays pending and goes out after a restart', async () => {
    const env = {
      STORAGE: 'sqlite',
      SQLITE_PATH: join(dir, `stop-${++files}.sqlite`),
      HELPDESK_CHANNEL_ID: HELPDESK,
      HELPDESK_SERVICE_URL: connector.url,
      // The default deadline: the call would hang for 15 s if stopping did not abort it.
      CONNECTOR_TIMEOUT_MS: '15000',
    };
    connector.respondWith((call) => (isNewThread(call) ? { hold: true } : undefined));
    bot = await BotProcess.start(env);
    const res = await bot.post(escalation(connector, 'answer-1'));
    expect(JSON.stringify(res.body)).toContain('HD-000001');
    await until(() => connector.held.some(isNewThread), 10_000, 'the channel post to hang');

    const stopped = await bot.signal('SIGTERM');
    expect(stopped.ms).toBeLessThan(10_000);
    expect(stopped.code).toBe(0); // a clean stop, not the forced exit
    expect(connector.abandoned.filter(isNewThread)).toHaveLength(1); // the hung request itself was aborted
    expect(connector.messages(isNewThread)).toEqual([]);

    connector.respondWith(undefined); // Teams answers again
    bot = await BotProcess.start(env);
    await until(() => connector.messages(isNewThread).length > 0, 15_000, 'the post after the restart');
    await until(() => connector.messages(toRequesterCard).length > 0, 15_000, "the requester's card update");
    expect(connector.messages(isNewThread)).toHaveLength(1);
    expect(JSON.stringify(connector.messages(isNewThread)[0]!.body.activity)).toContain('HD-000001');
  }, 60_000);

  it('uses almost no CPU while a ticket waits for a helpdesk channel', async () => {
    bot = await BotProcess.start({ STORAGE: 'sqlite', SQLITE_PATH: join(dir, `idle-${++files}.sqlite`), OUTBOX_POLL_MS: '1000' });
    const res = await bot.post(escalation(connector, 'answer-2'));
    expect(JSON.stringify(res.body)).toContain('HD-000001');
    // The member look-up answered, the outbox is told: its round parks the post (and the requester's card behind it).
    await until(() => connector.calls.some((call) => call.method === 'GET' && /\/members\//.test(call.path)), 10_000, 'the look-up');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // let that round and start-up work (JIT, GC) finish before measuring
    const before = bot.cpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const used = bot.cpuSeconds() - before;
    // The first versions spun here at ~0.15 CPU-s per second; four polls of the pending list cost a few ms.
    expect(used).toBeLessThan(0.12);
    expect(connector.messages()).toEqual([]); // nothing was sent: the post waits for a channel, the card for the post
  }, 60_000);
});
