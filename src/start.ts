import { isIPv6 } from 'node:net';
import { createHelpdeskApp } from './app/create-app';
import { createAdapter } from './bot/create-adapter';
import { HelpdeskBot } from './bot/helpdesk-bot';
import { BotFrameworkMessenger } from './bot/teams-messenger';
import { createTurnErrorHandler } from './bot/turn-error';
import type { Config } from './config';
import { createLogger } from './logger';
import type { Insights } from './insights/insights';
import { createInsights } from './insights/create-insights';
import { loadHelpdeskData } from './loading/load-helpdesk-data';
import { createServer } from './server';
import { createSignInLookup } from './signin/create-sign-in-lookup';
import { createStorage } from './storage/create-storage';
import { ChannelPosts } from './tickets/channel-posts';
import { migrateLegacyLedger } from './tickets/legacy-ledger';
import { OutboxWorker } from './tickets/outbox-worker';
import { ChannelMoves } from './tickets/channel-moves';
import { TicketStore } from './tickets/ticket-store';

/** How this machine reaches the address the bot listens on. */
function localAddress(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '::1') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}

export interface RunningBot {
  readonly url: string;
  /** The insights (INSIGHTS=on): tests await `idle()` and seed their event log. */
  readonly insights?: Insights;
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
    log.warn(
      { host: config.host },
      'MicrosoftAppId is not set: the bot runs ANONYMOUSLY and accepts unauthenticated requests from whoever reaches it. Use this only locally.',
    );
  }
  // Before anything opens: bad data or a bad overrides file stops the start here.
  const data = loadHelpdeskData({ dataDir: config.DATA_DIR, ...(config.CATALOG_OVERRIDES && { overridesPath: config.CATALOG_OVERRIDES }) });
  const storage = createStorage(config);
  if (await migrateLegacyLedger(storage))
    log.info('tickets migrated from the single ledger document to one document per card and index entry');
  const tickets = new TicketStore(storage);
  const channelPosts = new ChannelPosts(storage);
  let insights: Insights | undefined;
  const makeInsights = createInsights(config, {
    channels: tickets,
    posts: channelPosts,
    kickOutbox: () => outbox.kick(),
    log: log.child({ part: 'insights' }),
  });
  const adapter = createAdapter(config);
  const messenger = new BotFrameworkMessenger(adapter, config.MicrosoftAppId ?? '');
  // The outbox is built below, from the app's ticket cards; escalation only kicks it once requests arrive.
  const app = createHelpdeskApp(
    data,
    {
      store: tickets,
      onQueued: (ticket) => outbox.kick(ticket),
      authority: {
        admins: config.HELPDESK_ADMINS,
        presetChannel: Boolean(config.HELPDESK_CHANNEL_ID),
        ...(config.MicrosoftAppTenantId && { tenantId: config.MicrosoftAppTenantId }),
        moves: new ChannelMoves(storage),
        postToChannel: (channel, card) => messenger.postToChannel(channel, card, AbortSignal.timeout(config.CONNECTOR_TIMEOUT_MS)),
      },
    },
    {
      signInLookup: createSignInLookup(config, log),
      ...(makeInsights && { insights: (parts) => (insights = makeInsights(parts)) }),
    },
  );
  adapter.onTurnError = createTurnErrorHandler(app, log);
  const outbox = new OutboxWorker(
    tickets,
    messenger,
    app.deps.ticketCards,
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
    Date.now,
    channelPosts,
  );
  // A preset channel is the configuration's: it replaces whatever was set from Teams before.
  if (config.HELPDESK_CHANNEL_ID && config.HELPDESK_SERVICE_URL && (await tickets.getChannel())?.channelId !== config.HELPDESK_CHANNEL_ID) {
    await tickets.setChannel({
      channelId: config.HELPDESK_CHANNEL_ID,
      serviceUrl: config.HELPDESK_SERVICE_URL,
      ...(config.MicrosoftAppTenantId && { tenantId: config.MicrosoftAppTenantId }),
      setAt: new Date().toISOString(),
      lang: config.HELPDESK_LANG,
    });
  }
  await insights?.start(); // the salt is loaded before the first question is recorded
  const bot = new HelpdeskBot(app, log);
  const server = createServer({ adapter, bot, log });

  await new Promise<void>((resolve) => {
    server.listen(config.PORT, config.host, () => resolve());
  });
  outbox.start(); // resumes whatever a previous run left undelivered
  const { port } = server.address();
  const url = `http://${localAddress(config.host)}:${port}`;
  log.info({ host: config.host, port, storage: config.STORAGE }, `listening on ${url}/api/messages`);
  let closing: Promise<void> | undefined;
  return {
    url,
    ...(insights && { insights }),
    outbox,
    close: () =>
      (closing ??= (async () => {
        // No new connections; idle keep-alive ones close now, requests in flight get STOP_MS to finish.
        const closed = new Promise<void>((resolve) => {
          server.close(() => resolve());
        });
        server.server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_MS)));
        await Promise.all([Promise.race([closed, late]).then(() => server.server.closeAllConnections()), outbox.stop()]);
        clearTimeout(timer);
        await insights?.stop(); // writes what is still buffered
        await insights?.deps.events.close();
        await storage.close?.();
        log.info('stopped');
      })()),
  };
}
