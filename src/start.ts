import type { AddressInfo } from 'node:net';
import { createHelpdeskApp } from './app/create-app';
import { createAdapter } from './bot/create-adapter';
import { HelpdeskBot } from './bot/helpdesk-bot';
import { createTurnErrorHandler } from './bot/turn-error';
import type { Config } from './config';
import { createLogger } from './logger';
import { createServer } from './server';

export interface RunningBot {
  readonly url: string;
  close(): Promise<void>;
}

/** Wires config, app, adapter and server, and listens. Exported so tests start the real thing on port 0. */
export async function startBot(config: Config): Promise<RunningBot> {
  const log = createLogger(config.LOG_LEVEL);
  if (config.anonymous) {
    log.warn('MicrosoftAppId is not set: the bot runs ANONYMOUSLY and accepts unauthenticated requests. Use this only locally.');
  }
  const app = createHelpdeskApp();
  const adapter = createAdapter(config);
  adapter.onTurnError = createTurnErrorHandler(app, log);
  const bot = new HelpdeskBot(app, log);
  const server = createServer({ adapter, bot, log });

  await new Promise<void>((resolve) => server.listen(config.PORT, '0.0.0.0', resolve));
  const { port } = server.address() as AddressInfo;
  log.info({ port }, `listening on http://localhost:${port}/api/messages`);
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
