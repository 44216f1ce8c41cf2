import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../src/paths';
import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { TicketStore } from '../../src/tickets/ticket-store';
import { activity } from '../helpers/bot-harness';
import { ConnectorStandIn, type ConnectorCall } from '../helpers/connector-stand-in';

const HELPDESK = '19:helpdesk-general@thread.tacv2';
const isNewThread = (call: ConnectorCall) => call.method === 'POST' && call.path === '/v3/conversations';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The bot as a real process, on SQLite, so it can be killed like a crashed host. */
function startProcess(port: number, sqlitePath: string, serviceUrl: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT_DIR,
    env: {
      ...process.env,
      PORT: String(port),
      STORAGE: 'sqlite',
      SQLITE_PATH: sqlitePath,
      HELPDESK_CHANNEL_ID: HELPDESK,
      HELPDESK_SERVICE_URL: serviceUrl,
      OUTBOX_POLL_MS: '100',
      OUTBOX_RETRY_BASE_MS: '100',
      // A killed process may die holding a claim on the ticket's outbox: it is taken over when the claim expires.
      CONNECTOR_TIMEOUT_MS: '1000',
      OUTBOX_CLAIM_MS: '3000',
      LOG_LEVEL: 'silent',
    },
    stdio: 'ignore',
  });
}

describe('a restart in the middle of an escalation', () => {
  const connector = new ConnectorStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'helpdesk-restart-'));
  let bot: ChildProcess | undefined;

  beforeAll(() => connector.start());
  afterAll(async () => {
    bot?.kill('SIGKILL');
    await connector.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('posts the stored ticket after the process is killed and started again, exactly once', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const sqlite = join(dir, 'helpdesk.sqlite');
    // Teams is down: the channel post cannot happen before the crash.
    connector.respondWith((call) => (isNewThread(call) ? { status: 503 } : undefined));
    bot = startProcess(port, sqlite, connector.url);
    await until(
      () =>
        fetch(`${url}/healthz`).then(
          (r) => r.ok,
          () => false,
        ),
      20_000,
      'the bot to start',
    );

    // The user asks; the bot's answer card is a message Teams knows, which the escalation updates later.
    const question = activity('personal-message', connector.url, { text: 'AADSTS50053' });
    const asked = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(question),
    });
    expect(asked.status).toBe(200);
    const answerCard = connector.messages((call) => call.method === 'POST' && call.activityId === question.id)[0]!.createdId!;

    const invoke = {
      ...activity('personal-message', connector.url),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId: answerCard,
      value: { action: { type: 'Action.Execute', verb: 'escalate', data: { q: 'AADSTS50053', lang: 'en' } }, trigger: 'manual' },
    };
    const res = await fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(invoke),
    });
    expect(res.status).toBe(200);
    expect(JSON.stringify(await res.json())).toContain('HD-000001');
    await until(() => connector.refused.some(isNewThread), 10_000, 'a first, failed post attempt');

    bot.kill('SIGKILL');
    await new Promise((resolve) => bot!.once('exit', resolve));
    expect(connector.messages(isNewThread)).toEqual([]);

    connector.respondWith(undefined); // Teams is back
    bot = startProcess(port, sqlite, connector.url);
    await until(() => connector.messages(isNewThread).length > 0, 20_000, 'the ticket to be posted after the restart');
    // The bot's own store says when its outbox is empty: from then on it has nothing it could send again.
    const storage = new SqliteStorage(sqlite);
    try {
      const tickets = new TicketStore(storage);
      await until(async () => (await tickets.pendingTickets()).length === 0, 20_000, 'the outbox to be empty');
      bot.kill('SIGTERM');
      await new Promise((resolve) => bot!.once('exit', resolve));
      expect(await tickets.pendingTickets()).toEqual([]);
      expect((await tickets.getTicket(1))?.jobs).toEqual([]);
    } finally {
      storage.close();
    }
    const posts = connector.messages(isNewThread);
    expect(posts).toHaveLength(1);
    expect(connector.messages((call) => call.method === 'PUT' && call.activityId === answerCard)).toHaveLength(1);
    expect(posts[0]!.body.channelData.channel.id).toBe(HELPDESK);
    expect(JSON.stringify(posts[0]!.body.activity)).toContain('HD-000001');
  }, 60_000);
});
