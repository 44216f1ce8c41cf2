import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotFrameworkCloud, type TokenOptions } from '../helpers/bot-framework-cloud';
import { BotProcess } from '../helpers/bot-process';
import { FIXTURES } from '../helpers/fixtures';

const APP_ID = '5e3b1c2a-7d4f-4e8a-9b6c-0a1b2c3d4e5f';
const now = () => Math.floor(Date.now() / 1000);

const dir = mkdtempSync(join(tmpdir(), 'helpdesk-auth-'));
const cloud = new BotFrameworkCloud(APP_ID);
/** The bot pointed at the cloud, and a second one whose key document is on a port nothing listens on. */
let bot: BotProcess;
let botWithoutKeys: BotProcess;

beforeAll(async () => {
  await cloud.start(dir);
  const closed = await closedPort();
  [bot, botWithoutKeys] = await Promise.all([
    BotProcess.start({ ...cloud.botEnv(), LOG_LEVEL: 'debug' }),
    BotProcess.start({
      ...cloud.botEnv(),
      ToBotFromChannelOpenIdMetadataUrl: `https://127.0.0.1:${closed}/v1/.well-known/openidconfiguration`,
    }),
  ]);
}, 60_000);
afterAll(async () => {
  await Promise.all([bot?.stop(), botWithoutKeys?.stop()]);
  await cloud.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A loopback port with nothing listening: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Real channel authentication, offline: botbuilder checks tokens against an OpenID configuration and JWKS
 * served over HTTPS on loopback (a self-signed certificate the bot trusts through NODE_EXTRA_CA_CERTS), and
 * gets its own token for answering from a login endpoint there too. Nothing may leave the machine.
 */
describe('channel authentication (Bot Framework tokens)', () => {
  const message = (text: string, overrides: Record<string, unknown> = {}) => ({
    ...JSON.parse(readFileSync(join(FIXTURES, 'activities', 'personal-message.json'), 'utf8')),
    id: `m-${Math.random().toString(36).slice(2)}`,
    serviceUrl: cloud.serviceUrl,
    text,
    ...overrides,
  });
  const bearer = (options?: TokenOptions) => ({ authorization: `Bearer ${cloud.token(options)}` });

  it('answers a message with a valid channel token, answering through the connector with its own token', async () => {
    const sent = message('AADSTS50126');
    const res = await bot.post(sent, bearer());
    expect(res.status).toBe(200);
    const replies = cloud.connectorCalls().filter((call) => call.method === 'POST' && call.path.endsWith(`/activities/${sent.id}`));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.authorization).toBe(`Bearer ${cloud.outgoingToken}`);
    expect(replies[0]!.body).toContain('AADSTS50126');
    // The keys were fetched from the configured document, and the bot's token from the configured login.
    expect(cloud.requests.some((r) => r.path === '/v1/.well-known/keys')).toBe(true);
    expect(cloud.requests.some((r) => r.path === '/botframework.com/oauth2/v2.0/token')).toBe(true);
  });

  const forged: [string, () => Record<string, string>][] = [
    ['no token', () => ({})],
    ['garbage', () => ({ authorization: 'Bearer not.a.token' })],
    ['another scheme', () => ({ authorization: `Basic ${Buffer.from('bot:secret').toString('base64')}` })],
    ['alg none', () => bearer({ header: { alg: 'none' }, forge: 'none' })],
    ['HS256 keyed with the public key', () => bearer({ header: { alg: 'HS256' }, forge: 'HS256-public-key' })],
    ['expired', () => bearer({ claims: { exp: now() - 3600, nbf: now() - 7200 } })],
    ['not valid yet', () => bearer({ claims: { nbf: now() + 3600, exp: now() + 7200 } })],
    ['a bad signature', () => bearer({ signWith: cloud.strangerKey.privateKey })],
    ['the wrong audience', () => bearer({ claims: { aud: '00000000-0000-4000-8000-000000000000' } })],
    ['the wrong issuer', () => bearer({ claims: { iss: 'https://login.evil.test' } })],
    ['an unknown key id', () => bearer({ header: { kid: 'rotated-away' } })],
    ['a key endorsed only for another channel', () => bearer({ header: { kid: 'webchat-key' } })],
    ['a serviceurl claim for another service URL', () => bearer({ claims: { serviceurl: 'https://smba.evil.test/' } })],
  ];

  it.each(forged)('refuses %s with 401, processing nothing', async (_, headers) => {
    const before = cloud.connectorCalls().length;
    const res = await bot.post(message('AADSTS50126'), headers());
    expect(res.status).toBe(401);
    expect(JSON.stringify(res.body)).not.toMatch(/BEGIN|jwt|Error:|botframework/i); // nothing internal echoed
    expect(cloud.connectorCalls().length).toBe(before);
  });

  it('refuses unauthenticated junk with 401 before looking at its shape', async () => {
    for (const junk of ['{"type": "message", "text": ', '[]', JSON.stringify({ type: 'message' }), JSON.stringify({ hello: 1 })]) {
      const res = await bot.post(junk);
      expect(res.status).toBe(401);
    }
    // With a valid token, an activity missing its conversation gets the shape check's 400. (Without a channelId
    // botbuilder cannot check the key's endorsement: that stays a 401.)
    const shapeless = await bot.post(JSON.stringify({ type: 'message', channelId: 'msteams', serviceUrl: cloud.serviceUrl }), bearer());
    expect(shapeless.status).toBe(400);
    // Only the authenticated one is logged (pino writes after the answer: wait for its line).
    await bot.waitForLog(/malformed activity rejected/);
    expect(bot.logged(/malformed activity rejected/)).toHaveLength(1);
  });

  it('survived all of that: alive, nothing sent anywhere but loopback, no turn failed', async () => {
    expect(bot.alive).toBe(true);
    expect(bot.egress()).toEqual([]);
    expect(bot.logged(/turn failed|could not be processed/)).toEqual([]);
    expect((await bot.post(message('AADSTS50053'), bearer())).status).toBe(200);
  });
});

describe('channel authentication when the token keys cannot be fetched', () => {
  it('answers 503 (Teams retries), never 500, and logs it once', async () => {
    const activity = {
      ...JSON.parse(readFileSync(join(FIXTURES, 'activities', 'personal-message.json'), 'utf8')),
      serviceUrl: cloud.serviceUrl,
    };
    for (let i = 0; i < 3; i++) {
      const res = await botWithoutKeys.post(activity, { authorization: `Bearer ${cloud.token()}` });
      expect(res.status).toBe(503);
    }
    await botWithoutKeys.waitForLog(/cannot fetch the channel token keys/);
    expect(botWithoutKeys.logged(/cannot fetch the channel token keys/)).toHaveLength(1);
    expect(botWithoutKeys.egress()).toEqual([]);
    expect(botWithoutKeys.alive).toBe(true);
  });
});
