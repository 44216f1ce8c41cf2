import type { AddressInfo } from 'node:net';
import { createHelpdeskApp } from './app/create-app';
import { createAdapter } from './bot/create-adapter';
import { HelpdeskBot } from './bot/helpdesk-bot';
import { BotFrameworkMessenger } from './bot/teams-messenger';
import { createTurnErrorHandler } from './bot/turn-error';
import type { Config } from './config';
import { createLogger } from './logger';
import { createServer } from './server';
import { createStorage } from './storage/create-storage';
import { migrateLegacyLedger } from './tickets/legacy-ledger';
import { OutboxWorker } from './tickets/outbox-worker';
import { TicketStore } from './tickets/ticket-store';

export interface RunningBot {
  readonly url: string;
  readonly outbox: OutboxWorker;
  /** Stops taking requests, aborts deliveries in flight (they stay pending) and closes the store; within STOP_MS. */
  close(): Promise<void>;
}

/** close() lets requests in flight finish for at most this long, then drops their connections. */
export const STOP_MS = 5000;

/** Wires config, storage, app, adapter, outbox and server, and listens. Exported so tests start the real thing on port 0. */
export async function startBot(config: Config): Promise<RunningBot> {
  const log = createLogger(config.LOG_LEVEL);
  if (config.anonymous) {
    log.warn('MicrosoftAppId is not set: the bot runs ANONYMOUSLY and accepts unauthenticated requests. Use this only locally.');
  }
  const storage = createStorage(config);
  if (await migrateLegacyLedger(storage))
    log.info('tickets migrated from the single ledger document to one document per card and index entry');
  const tickets = new TicketStore(storage);
  let outbox: OutboxWorker | undefined;
  const app = createHelpdeskApp({ store: tickets, onQueued: (ticket) => outbox?.kick(ticket) });
  const adapter = createAdapter(config);
  adapter.onTurnError = createTurnErrorHandler(app, log);
  outbox = new OutboxWorker(
    tickets,
    new BotFrameworkMessenger(adapter, config.MicrosoftAppId ?? ''),
    app.escalation!,
    log.child({ part: 'outbox' }),
    {
      pollMs: config.OUTBOX_POLL_MS,
      baseDelayMs: config.OUTBOX_RETRY_BASE_MS,
      maxDelayMs: 5 * 60_000,
      maxAttempts: 12,
      concurrency: config.OUTBOX_CONCURRENCY,
      callTimeoutMs: config.CONNECTOR_TIMEOUT_MS,
      claimMs: config.OUTBOX_CLAIM_MS,
    },
  );
  if (config.HELPDESK_CHANNEL_ID && config.HELPDESK_SERVICE_URL && !(await tickets.getChannel())) {
    await tickets.setChannel({
      channelId: config.HELPDESK_CHANNEL_ID,
      serviceUrl: config.HELPDESK_SERVICE_URL,
      ...(config.MicrosoftAppTenantId && { tenantId: config.MicrosoftAppTenantId }),
      setAt: new Date().toISOString(),
      lang: config.HELPDESK_LANG,
    });
  }
  const bot = new HelpdeskBot(app, log);
  const server = createServer({ adapter, bot, log });

  await new Promise<void>((resolve) => server.listen(config.PORT, '0.0.0.0', resolve));
  outbox.start(); // resumes whatever a previous run left undelivered
  const { port } = server.address() as AddressInfo;
  log.info({ port, storage: config.STORAGE }, `listening on http://localhost:${port}/api/messages`);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    outbox,
    close: () =>
      (closing ??= (async () => {
        // No new connections; idle keep-alive ones close now, requests in flight get STOP_MS to finish.
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_MS)));
        await Promise.all([Promise.race([closed, late]).then(() => server.server.closeAllConnections()), outbox!.stop()]);
        clearTimeout(timer);
        await storage.close?.();
        log.info('stopped');
      })()),
  };
}
