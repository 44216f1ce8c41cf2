import type { CloudAdapter, TurnContext } from 'botbuilder';
import restify from 'restify';
import { activityShapeProblem } from './bot/activity-shape';
import type { Logger } from './logger';

/** Bot Framework activities are small; a paste of a whole sign-in log is still far below this. */
export const MAX_BODY_BYTES = 512 * 1024;

export interface ServerDeps {
  readonly adapter: CloudAdapter;
  readonly bot: { run(context: TurnContext): Promise<void> };
  readonly log: Logger;
}

/** HTTP only: the Bot Framework endpoint and a health check. Handlers are async, as restify 12 requires. */
export function createServer({ adapter, bot, log }: ServerDeps): restify.Server {
  const server = restify.createServer({ name: 'sign-in-helpdesk' });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    const problem = activityShapeProblem(req.body);
    if (problem) {
      log.warn({ problem }, 'malformed activity rejected');
      res.send(400, { error: { code: 'BadRequest', message: problem } });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  server.on('restifyError', (req: restify.Request, _res: restify.Response, err: Error & { statusCode?: number }, callback: () => void) => {
    log.warn({ method: req.method, url: req.url, status: err.statusCode, error: err.message }, 'request rejected');
    callback();
  });
  return server;
}
