import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorClient, MicrosoftAppCredentials } from 'botframework-connector';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { postActivitiesDirectly } from '../../src/bot/direct-activity-posts';

/**
 * The direct posts against the generated operations they replace, over real HTTP: the same request on the wire,
 * the same answer, the same errors. A service stand-in records what arrives and answers as scripted.
 */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

type Answer = { status: number; headers?: Record<string, string>; body: string };

let server: Server;
let baseUri = '';
const received: Received[] = [];
let answer: Answer = { status: 200, body: '{"id":"posted-1"}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      res.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/amer/`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function clients(): { generated: ConnectorClient; direct: ConnectorClient } {
  const make = () => {
    const client = new ConnectorClient(new MicrosoftAppCredentials('', ''), { baseUri });
    // Failures are compared as they come back, not retried.
    (client as unknown as { client: { pipeline: { removePolicy(o: { name: string }): void } } }).client.pipeline.removePolicy({
      name: 'defaultRetryPolicy',
    });
    return client;
  };
  return { generated: make(), direct: postActivitiesDirectly(make()) };
}

/** An answer as Teams would get it, with what the models do not know about (dropped by the generated client). */
const activity = () =>
  ({
    type: 'message',
    serviceUrl: baseUri,
    channelId: 'msteams',
    from: { id: '28:bot', name: 'Sign-in Helpdesk' },
    recipient: { id: '29:user', name: '李伟', aadObjectId: '00000000-0000-4000-8000-000000000000' },
    conversation: { id: 'a:1 x/é', conversationType: 'personal', tenantId: 'tenant' },
    locale: 'zh-CN',
    timestamp: new Date('2026-12-02T05:00:00.000Z'),
    summary: '账户已锁定',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', content: { type: 'AdaptiveCard', body: [{ text: '¥ 🔒', n: null }] } },
    ],
    entities: [{ type: 'mention', text: '<at>Li</at>', mentioned: { id: '29:user' } }],
    replyToId: 'reply/1',
    rawTimestamp: 'not a model field',
  }) as never;

async function twice<T>(call: (client: ConnectorClient) => Promise<T>): Promise<{ generated: Received; direct: Received; results: T[] }> {
  const { generated, direct } = clients();
  received.length = 0;
  const results = [await call(generated), await call(direct)];
  expect(received).toHaveLength(2);
  return { generated: received[0]!, direct: received[1]!, results };
}

const failureOf = (error: unknown) => {
  const e = error as {
    statusCode?: number;
    code?: string;
    message?: string;
    response?: { headers: { get(n: string): string | undefined } };
  };
  return { statusCode: e.statusCode, code: e.code, message: e.message, retryAfter: e.response?.headers.get('retry-after') };
};

describe('postActivitiesDirectly', () => {
  it("posts through the client's pipeline, not the generated operation", async () => {
    answer = { status: 200, body: '{"id":"posted-0"}' };
    const { direct } = clients();
    const inner = (direct as unknown as { client: { sendOperationRequest(): unknown; sendRequest(): unknown } }).client;
    const operation = vi.spyOn(inner, 'sendOperationRequest');
    const send = vi.spyOn(inner, 'sendRequest');
    await direct.conversations.replyToActivity('a:1', 'r1', activity());
    await direct.conversations.sendToConversation('a:1', activity());
    expect(operation).not.toHaveBeenCalled();
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('replies with the request the generated operation sends: path, conversation header, body', async () => {
    answer = { status: 200, body: '{"id":"posted-1"}' };
    const { generated, direct, results } = await twice((client) => client.conversations.replyToActivity('a:1 x/é', 'reply/1', activity()));
    expect(direct.method).toBe('POST');
    expect(direct.url).toBe(generated.url);
    expect(direct.url).toBe('/amer/v3/conversations/a%3A1%20x%2F%C3%A9/activities/reply%2F1');
    for (const header of ['content-type', 'x-ms-conversation-id']) expect(direct.headers[header]).toBe(generated.headers[header]);
    expect(direct.body).toEqual(generated.body);
    expect(direct.body).not.toHaveProperty('rawTimestamp');
    expect(direct.body).toMatchObject({ timestamp: '2026-12-02T05:00:00.000Z', summary: '账户已锁定' });
    expect(results.map((result) => result.id)).toEqual(['posted-1', 'posted-1']);
  });

  it('sends to a conversation the same way', async () => {
    answer = { status: 201, body: '{"id":"posted-2"}' };
    const { generated, direct, results } = await twice((client) =>
      client.conversations.sendToConversation('19:thread@thread.tacv2', activity()),
    );
    expect(direct.url).toBe(generated.url);
    expect(direct.body).toEqual(generated.body);
    expect(results.map((result) => result.id)).toEqual(['posted-2', 'posted-2']);
  });

  it("fails as the generated operation does: status, the service's code and message, Retry-After", async () => {
    answer = {
      status: 429,
      headers: { 'retry-after': '7' },
      body: JSON.stringify({ error: { code: 'Throttled', message: 'Too many requests' } }),
    };
    const { generated, direct } = clients();
    const failures = await Promise.all(
      [generated, direct].map((client) => client.conversations.replyToActivity('a:1', 'r1', activity()).then(() => 'posted', failureOf)),
    );
    expect(failures[1]).toEqual({ statusCode: 429, code: 'Throttled', message: 'Too many requests', retryAfter: '7' });
    expect(failures[1]).toEqual(failures[0]);
  });

  it('reports a status outside the documented ones, and a body that is not JSON, as an error', async () => {
    answer = { status: 502, body: 'Bad Gateway' };
    const { generated, direct } = clients();
    const failures = await Promise.all(
      [generated, direct].map((client) => client.conversations.sendToConversation('a:1', activity()).then(() => 'posted', failureOf)),
    );
    expect(failures[1]).toMatchObject({ statusCode: 502, message: expect.stringContaining('Bad Gateway') });
    expect(failures[1]).toEqual(failures[0]);
    answer = { status: 204, body: '' };
    await expect(direct.conversations.sendToConversation('a:1', activity())).rejects.toMatchObject({ statusCode: 204 });
  });
});
