import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Teams channel connector. */
export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  /** The activity id in the path: replyToId for POSTs, the updated activity for PUTs. */
  readonly activityId?: string;
  readonly body: any;
}

/** A scripted answer: a failure status, or a delay before the usual success (a slow Teams). */
type Responder = (
  call: ConnectorCall,
) => { status?: number; delayMs?: number; headers?: Record<string, string>; body?: unknown } | undefined;

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * Plays the Teams channel connector over real HTTP: it records what the bot sends to
 * /v3/conversations[/{id}/activities[/{activityId}]] and answers like the service does.
 * `respondWith` scripts failures (429, 5xx) for retry tests.
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  /** Calls answered with a scripted failure: they did not deliver anything. */
  readonly refused: ConnectorCall[] = [];
  private server: Server | undefined;
  private nextId = 1;
  private responder: Responder | undefined;
  private waiters: { count: number; filter: (call: ConnectorCall) => boolean; resolve: () => void }[] = [];

  url = '';

  async start(): Promise<this> {
    // A test stand-in: a throw in here fails the test that caused it, which is what an unhandled rejection does.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    this.server = createServer(async (req, res) => {
      const body = await readBody(req).catch(() => undefined);
      const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
      const match = /^\/v3\/conversations(?:\/([^/]+)(?:\/activities(?:\/([^/]+))?)?)?/.exec(path);
      const call: ConnectorCall = { method: req.method ?? 'GET', path, conversationId: match?.[1] ?? '', activityId: match?.[2], body };
      const scripted = this.responder?.(call);
      if (scripted?.delayMs) await new Promise((resolve) => setTimeout(resolve, scripted.delayMs));
      if (scripted?.status && scripted.status >= 300) {
        this.refused.push(call);
        res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
        res.end(JSON.stringify(scripted.body ?? { error: { code: 'Throttled', message: 'scripted failure' } }));
        return;
      }
      this.calls.push(call);
      this.notify();
      const id = `activity-${this.nextId++}`;
      res.writeHead(200, { 'content-type': 'application/json' });
      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
      if (call.method === 'GET' && member) {
        // A Teams member as GetMember returns it.
        res.end(
          JSON.stringify({
            id: member[1],
            name: 'Li Wei',
            aadObjectId: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab',
            userPrincipalName: 'li.wei@contoso.com',
            email: 'li.wei@contoso.com',
          }),
        );
      } else if (call.method === 'POST' && !match?.[1] && body?.members?.length) {
        // A new (or the existing) 1:1 chat with a user.
        res.end(JSON.stringify({ id: `a:1on1-${body.members[0].id}` }));
      } else if (call.method === 'POST' && !match?.[1]) {
        // New conversation (a new thread in a channel): Teams returns the thread's conversation id.
        const channel = body?.channelData?.channel?.id ?? 'conversation';
        res.end(JSON.stringify({ id: `${channel};messageid=${id}`, activityId: id }));
      } else {
        res.end(JSON.stringify({ id: call.method === 'PUT' ? call.activityId : id }));
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  respondWith(responder: Responder | undefined): void {
    this.responder = responder;
  }

  /** Calls that carry a message (replies, new threads, updates), not typing indicators or look-ups. */
  messages(filter: (call: ConnectorCall) => boolean = () => true): ConnectorCall[] {
    return this.calls.filter((call) => call.method !== 'GET' && call.body?.type !== 'typing' && filter(call));
  }

  /** Resolves once `count` matching message calls have arrived; fails the test after `timeoutMs`. */
  waitFor(count: number, filter: (call: ConnectorCall) => boolean = () => true, timeoutMs = 5000): Promise<ConnectorCall[]> {
    return new Promise((resolve, reject) => {
      const done = () => resolve(this.messages(filter));
      if (this.messages(filter).length >= count) return done();
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `expected ${count} connector calls, got ${this.messages(filter).length}: ${JSON.stringify(this.calls.map((c) => `${c.method} ${c.path}`))}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({ count, filter, resolve: () => (clearTimeout(timer), done()) });
    });
  }

  reset(): void {
    this.calls.length = 0;
  }

  private notify(): void {
    this.waiters = this.waiters.filter((waiter) => {
      if (this.messages(waiter.filter).length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The Adaptive Card of a message call, if it carries one. */
export function cardOf(call: ConnectorCall): any {
  return call.body?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** Every text of a card, flattened, for assertions that do not depend on layout. */
export function cardText(card: unknown): string {
  const texts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if ((key === 'text' || key === 'title' || key === 'value') && typeof value === 'string') texts.push(value);
        else walk(value);
      }
    }
  };
  walk(card);
  return texts.join('\n');
}
