import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the connector stand-in has received so far; compare two snapshots to see what one load round produced. */
export interface ConnectorCounts {
  /** Message activities sent into a conversation (replies), typing indicators excluded. */
  readonly messages: number;
  /** Of those, messages that carry an Adaptive Card. */
  readonly cards: number;
  readonly typing: number;
  /** Anything else (new conversations, updates, unexpected paths). */
  readonly other: number;
  readonly bytes: number;
}

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const TYPING = /"type"\s*:\s*"typing"/;

const EMPTY: ConnectorCounts = { messages: 0, cards: 0, typing: 0, other: 0, bytes: 0 };

/**
 * A bench-only Teams connector stand-in: answers every call 200 {"id": ...} like the service (a new channel thread
 * with its message id too) and only counts.
 * The test stand-in (test/helpers/connector-stand-in.ts) keeps every call with its parsed body, which is what
 * tests want but would grow by gigabytes and parse JSON on the load generator's thread during a load run.
 * Each bot under test gets its own serviceUrl (`<url><name>/`, like Teams' regional `.../apac/`), so a late reply
 * from one bot is never counted for the other.
 */
export class CountingConnector {
  private server: Server | undefined;
  private readonly counts = new Map<string, { messages: number; cards: number; typing: number; other: number; bytes: number }>();
  private nextId = 1;
  /** Bodies kept for one name, up to a bound: to capture real replies before a load run, never during one. */
  private capture: { name: string; max: number; bodies: string[] } | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8');
        const match = /^\/([^/]+)(\/v3\/conversations\/[^/]+\/activities)?/.exec(req.url ?? '');
        const name = match?.[1] ?? '';
        let counts = this.counts.get(name);
        if (!counts) this.counts.set(name, (counts = { ...EMPTY }));
        counts.bytes += body.length;
        // Typing indicators (a turn slower than TYPING_DELAY_MS, as on a busy host) are not replies: they are not kept.
        const typing = TYPING.test(body.slice(0, 200));
        if (this.capture?.name === name && this.capture.bodies.length < this.capture.max && !typing) this.capture.bodies.push(body);
        if (req.method !== 'POST' || !match?.[2]) counts.other++;
        else if (typing) counts.typing++;
        else {
          counts.messages++;
          if (body.includes(ADAPTIVE_CARD)) counts.cards++;
        }
        // A new channel thread is answered as Teams does: the thread's id and the id of the message that opened it.
        const id = this.nextId++;
        const newThread = req.method === 'POST' && /^\/[^/]+\/v3\/conversations\/?$/.test(req.url ?? '') && !body.includes('"members"');
        const reply = newThread ? `{"id":"19:thread-${id};messageid=${id}","activityId":"${id}"}` : `{"id":"activity-${id}"}`;
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply) });
        res.end(reply);
      });
    });
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  /** The serviceUrl to put in activities for the bot called `name`. */
  serviceUrlFor(name: string): string {
    return `${this.url}${name}/`;
  }

  /** Keeps up to `max` bodies that the bot called `name` sends from now on; returns them, filled as they arrive. */
  startCapture(name: string, max: number): string[] {
    this.capture = { name, max, bodies: [] };
    return this.capture.bodies;
  }

  stopCapture(): void {
    this.capture = undefined;
  }

  /** What the bot called `name` has sent so far. */
  snapshot(name: string): ConnectorCounts {
    return { ...(this.counts.get(name) ?? EMPTY) };
  }

  static diff(after: ConnectorCounts, before: ConnectorCounts): ConnectorCounts {
    return {
      messages: after.messages - before.messages,
      cards: after.cards - before.cards,
      typing: after.typing - before.typing,
      other: after.other - before.other,
      bytes: after.bytes - before.bytes,
    };
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }
}
