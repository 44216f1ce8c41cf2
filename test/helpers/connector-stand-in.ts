import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the bot made to the Teams channel connector. */
export interface ConnectorCall {
  readonly method: string;
  readonly path: string;
  readonly conversationId: string;
  /** The activity id in the path: replyToId for POSTs, the updated activity for PUTs. */
  readonly activityId?: string;
  readonly body: any;
  /** The id the stand-in gave the message this call created, as Teams returns it. */
  createdId?: string;
}

/** Teams' answer to an update of a message that is not in the conversation. */
const NOT_FOUND = { error: { code: 'ActivityNotFoundInConversation', message: 'Message does not exist in the thread.' } };

/**
 * A scripted answer: a failure status, a delay before the usual success (a slow Teams), or `hold`: no answer at all
 * until `releaseHeld()` (a hung Teams); a held call the bot gives up on (aborts) delivers nothing.
 */
type Responder = (
  call: ConnectorCall,
) => { status?: number; delayMs?: number; hold?: boolean; headers?: Record<string, string>; body?: unknown } | undefined;

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * Plays the Teams channel connector over real HTTP: it records what the bot sends to
 * /v3/conversations[/{id}/activities[/{activityId}]] and answers like the service does. Like Teams, it knows which
 * messages exist in which conversation: a new thread answers `{id: "<channel>;messageid=<id>", activityId: <id>}`,
 * a sent message answers its new id, and an update of an id the conversation does not hold gets
 * 404 ActivityNotFoundInConversation. `respondWith` scripts failures (429, 5xx) for retry tests.
 */
export class ConnectorStandIn {
  readonly calls: ConnectorCall[] = [];
  /** Calls answered with a scripted failure: they did not deliver anything. */
  readonly refused: ConnectorCall[] = [];
  /** Calls being held unanswered, and held calls the bot aborted (closed the connection) before any answer. */
  readonly held: ConnectorCall[] = [];
  readonly abandoned: ConnectorCall[] = [];
  private releases: (() => void)[] = [];
  private server: Server | undefined;
  private nextId = 1;
  /** Message ids per conversation, by the conversation's top-level id (a channel thread lives in its channel). */
  private readonly messagesIn = new Map<string, Set<string>>();
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
      if (scripted?.hold && !(await this.hold(call, res))) return;
      if (scripted?.status && scripted.status >= 300) {
        this.refused.push(call);
        res.writeHead(scripted.status, { 'content-type': 'application/json', ...scripted.headers });
        res.end(JSON.stringify(scripted.body ?? { error: { code: 'Throttled', message: 'scripted failure' } }));
        return;
      }
      const member = /^\/v3\/conversations\/[^/]+\/members\/([^/]+)$/.exec(path);
      const answer = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (call.method === 'PUT' && match?.[2] && !this.holds(call.conversationId, match[2])) {
        // Teams: an update of a message that is not in this conversation.
        this.refused.push(call);
        return answer(404, NOT_FOUND);
      }
      this.calls.push(call);
      if (call.method === 'GET' && member) {
        // A Teams member as GetMember returns it.
        answer(200, {
          id: member[1],
          name: 'Li Wei',
          aadObjectId: '6b1f2c3d-1111-4a2b-9c3d-0123456789ab',
          userPrincipalName: 'li.wei@contoso.com',
          email: 'li.wei@contoso.com',
        });
      } else if (call.method === 'POST' && !match?.[1] && body?.members?.length) {
        // A new (or the existing) 1:1 chat with a user: Teams answers the conversation id only.
        answer(201, { id: `a:1on1-${body.members[0].id}` });
      } else if (call.method === 'POST' && !match?.[1]) {
        // A new thread in a channel: the thread's conversation id, and the id of the message that opened it.
        const id = this.newId();
        const channel = body?.channelData?.channel?.id ?? 'conversation';
        const thread = `${channel};messageid=${id}`;
        this.remember(thread, id);
        call.createdId = id;
        answer(201, { id: thread, activityId: id });
      } else if (call.method === 'POST' && match?.[1] && body?.type !== 'typing') {
        const id = this.newId();
        this.remember(call.conversationId, id);
        call.createdId = id;
        answer(201, { id });
      } else if (call.method === 'PUT') {
        answer(200, { id: call.activityId });
      } else {
        answer(200, {});
      }
      this.notify();
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** Records a message as existing in a conversation, e.g. the user's own message an invoke replies to. */
  remember(conversationId: string, activityId: string): void {
    const key = conversationId.split(';')[0]!;
    const ids = this.messagesIn.get(key) ?? new Set<string>();
    ids.add(activityId);
    this.messagesIn.set(key, ids);
  }

  /** A person deletes a message in Teams: from now on, updates of it get 404 ActivityNotFoundInConversation. */
  forget(conversationId: string, activityId: string): void {
    this.messagesIn.get(conversationId.split(';')[0]!)?.delete(activityId);
  }

  holds(conversationId: string, activityId: string): boolean {
    return this.messagesIn.get(conversationId.split(';')[0]!)?.has(activityId) ?? false;
  }

  private newId(): string {
    // Teams message ids are epoch milliseconds; these stay unique within a run.
    return String(1_700_000_000_000 + this.nextId++);
  }

  /** Keeps a call unanswered until released (true) or until the bot closes the connection (false). */
  private hold(call: ConnectorCall, res: ServerResponse): Promise<boolean> {
    this.held.push(call);
    this.notify();
    return new Promise((resolve) => {
      const release = () => resolve(true);
      this.releases.push(release);
      res.once('close', () => {
        if (res.writableFinished) return;
        this.releases = this.releases.filter((r) => r !== release);
        this.held.splice(this.held.indexOf(call), 1);
        this.abandoned.push(call);
        resolve(false);
      });
    });
  }

  /** Answers every held call as usual. */
  releaseHeld(): void {
    this.held.length = 0;
    this.releases.splice(0).forEach((release) => release());
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
    const closed = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections(); // held calls included
    await closed;
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
