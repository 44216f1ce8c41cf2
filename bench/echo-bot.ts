/**
 * The fastest bot on the helpdesk's stack, as a baseline: restify 12 (async handlers, bodyParser) and a CloudAdapter
 * with anonymous ConfigurationBotFrameworkAuthentication, whose ActivityHandler replies with the text it got.
 * Whatever the helpdesk bot costs above this is ours; the rest is the stack.
 *
 *   PORT=3979 npx tsx bench/echo-bot.ts      (bench/e2e.ts runs a transpiled copy under plain node)
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

export function createEchoServer(): restify.Server {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler().onMessage(async (context, next) => {
    await context.sendActivity(context.activity.text ?? '');
    await next();
  });
  const server = restify.createServer({ name: 'echo-bot' });
  server.use(restify.plugins.bodyParser({ mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'ok' });
  });
  return server;
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? process.argv[2] ?? 3979);
  const server = createEchoServer();
  server.listen(port, '127.0.0.1', () => process.stdout.write(`echo bot on http://127.0.0.1:${port}/api/messages\n`));
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}
