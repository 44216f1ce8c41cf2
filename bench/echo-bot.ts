/**
 * The fastest bot on the helpdesk's stack, as a baseline: restify 12 (async handlers, bodyParser) and a CloudAdapter
 * with anonymous ConfigurationBotFrameworkAuthentication, whose ActivityHandler replies with the text it got.
 * Whatever the helpdesk bot costs above this is ours; the rest is the stack.
 *
 * With ECHO_CARDS=<file of a JSON array of Adaptive Cards> it replies with those cards in turn instead (the
 * "card echo"): the stack plus the cost of sending the helpdesk's real answer cards, with no work to make them.
 *
 *   PORT=3979 npx tsx bench/echo-bot.ts      (bench/e2e.ts runs a transpiled copy under plain node)
 */
import { readFileSync } from 'node:fs';
import { ActivityHandler, CardFactory, CloudAdapter, ConfigurationBotFrameworkAuthentication, MessageFactory } from 'botbuilder';
import restify from 'restify';

export function createEchoServer(cards?: readonly object[]): restify.Server {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  let next = 0;
  const bot = new ActivityHandler().onMessage(async (context, nextHandler) => {
    if (cards?.length) await context.sendActivity(MessageFactory.attachment(CardFactory.adaptiveCard(cards[next++ % cards.length])));
    else await context.sendActivity(context.activity.text ?? '');
    await nextHandler();
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
  const cards = process.env.ECHO_CARDS ? (JSON.parse(readFileSync(process.env.ECHO_CARDS, 'utf8')) as object[]) : undefined;
  const server = createEchoServer(cards);
  server.listen(port, '127.0.0.1', () =>
    process.stdout.write(`echo bot on http://127.0.0.1:${port}/api/messages${cards ? ` (${cards.length} cards)` : ''}\n`),
  );
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
  });
}
