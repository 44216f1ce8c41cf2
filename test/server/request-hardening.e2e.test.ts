import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotHarness } from '../helpers/bot-harness';
import { cardOf, cardText } from '../helpers/connector-stand-in';
import { rawPost } from '../helpers/raw-request';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('requests that must not hurt the bot', () => {
  const harness = new BotHarness();
  const endpoint = () => `${harness.bot.url}/api/messages`;
  /** The bot still answers a normal message, exactly once. */
  const stillAnswers = async () => {
    harness.connector.reset();
    const res = await harness.send(harness.message('personal-message', 'AADSTS50126'));
    expect(res.status).toBe(200);
    expect(harness.connector.messages()).toHaveLength(1);
    expect(cardText(cardOf(harness.connector.messages()[0]!))).toContain('AADSTS50126');
  };

  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(() => harness.connector.reset());

  it('refuses a gzip body that is not gzip with 415 (it used to kill the process) and keeps answering', async () => {
    const res = await rawPost(endpoint(), { ...JSON_TYPE, 'content-encoding': 'gzip' }, 'this is not gzip');
    expect(res.status).toBe(415);
    expect(harness.connector.calls).toHaveLength(0);
    await stillAnswers();
  });

  it('refuses a gzip bomb with 415 without inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(100 * 1024 * 1024, 0x20)); // 100 MB of spaces in ~100 KB
    expect(bomb.length).toBeLessThan(200 * 1024);
    const before = process.memoryUsage().rss;
    const res = await rawPost(endpoint(), { ...JSON_TYPE, 'content-encoding': 'gzip' }, bomb);
    expect(res.status).toBe(415);
    expect(process.memoryUsage().rss - before).toBeLessThan(50 * 1024 * 1024);
    await stillAnswers();
  });

  it.each(['deflate', 'br', 'gzip, identity', 'x-anything'])('refuses Content-Encoding %s with 415', async (encoding) => {
    const body = JSON.stringify(harness.message('personal-message', 'AADSTS50126'));
    const res = await rawPost(endpoint(), { ...JSON_TYPE, 'content-encoding': encoding }, body);
    expect(res.status).toBe(415);
    expect(harness.connector.calls).toHaveLength(0);
  });

  it('accepts Content-Encoding identity and a charset', async () => {
    const body = JSON.stringify(harness.message('personal-message', 'AADSTS50126'));
    const res = await rawPost(endpoint(), { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'identity' }, body);
    expect(res.status).toBe(200);
    expect(harness.connector.messages()).toHaveLength(1);
  });

  it.each(['text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', ''])(
    'refuses Content-Type "%s" with 415 before parsing anything',
    async (type) => {
      const body = JSON.stringify(harness.message('personal-message', 'AADSTS50126'));
      const res = await rawPost(endpoint(), type ? { 'content-type': type } : {}, body);
      expect(res.status).toBe(415);
      expect(harness.connector.calls).toHaveLength(0);
    },
  );

  it('refuses a body over the limit with 413, by its Content-Length or, chunked, as it arrives', async () => {
    const big = Buffer.alloc(600 * 1024, 0x20);
    const declared = await rawPost(endpoint(), JSON_TYPE, big);
    expect(declared.status).toBe(413);
    const chunked = await rawPost(
      endpoint(),
      { ...JSON_TYPE, 'transfer-encoding': 'chunked' },
      Array(12).fill(Buffer.alloc(64 * 1024, 0x20)),
    );
    expect([413, 0]).toContain(chunked.status); // 413, or the connection dropped while the client was still sending
    await stillAnswers();
  });

  it('refuses JSON nested deeper than any activity with 400', async () => {
    const res = await rawPost(endpoint(), JSON_TYPE, `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(res.status).toBe(400);
    const nested = harness.message('personal-message', 'AADSTS50126', { value: JSON.parse(`${'['.repeat(500)}${']'.repeat(500)}`) });
    expect((await harness.send(nested)).status).toBe(400);
    expect(harness.connector.calls).toHaveLength(0);
  });

  it('answers an invoke it does not implement with 501, like botbuilder', async () => {
    const res = await harness.send({ ...harness.message('personal-message', ''), type: 'invoke', name: 'fileConsent/invoke', value: 'x' });
    expect(res.status).toBe(501);
    expect(harness.connector.calls).toHaveLength(0);
  });
});
