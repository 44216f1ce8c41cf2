import type { TurnContext } from 'botbuilder';
import restify from 'restify';
import type { HelpdeskAdapter } from './bot/helpdesk-adapter';
import { messagesEndpoint } from './bot/messages-endpoint';
import { applyServerLimits, SERVER_LIMITS, type ServerLimits } from './http/server-limits';
import type { Logger } from './logger';

export interface ServerDeps {
  readonly adapter: HelpdeskAdapter;
  readonly bot: { run(context: TurnContext): Promise<void> };
  readonly log: Logger;
  /** Timeouts, connection and body limits; tests shorten them. */
  readonly limits?: ServerLimits;
}

/**
 * HTTP only: the Bot Framework endpoint and a health check. Handlers are async, as restify 12 requires.
 * No body parser: the endpoint reads bodies itself, bounded and never decompressed (see src/http/request-body.ts).
 */
export function createServer({ adapter, bot, log, limits = SERVER_LIMITS }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'sign-in-helpdesk' });
  applyServerLimits(server.server, limits);

  server.post('/api/messages', messagesEndpoint({ adapter, bot, log, limits }));
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    log.warn({ method: req.method, url: req.url, status: err.statusCode, error: err.message }, 'request rejected');
    callback();
  });
  return server;
}
