import { ClaimsIdentity } from 'botframework-connector';
import { describe, expect, it } from 'vitest';
import { ReusingBotFrameworkAuthentication } from '../../src/bot/reused-connector-clients';

describe('connector clients reused across turns', () => {
  const auth = new ReusingBotFrameworkAuthentication({});
  const identity = () => new ClaimsIdentity([{ type: 'aud', value: '' }], true);

  it('gives every turn for one service URL the same client', async () => {
    const first = await auth.createConnectorFactory(identity()).create('https://smba.trafficmanager.net/apac/');
    const second = await auth.createConnectorFactory(identity()).create('https://smba.trafficmanager.net/apac/');
    expect(second).toBe(first);
  });

  it('hands out clients that post activities directly', async () => {
    const client = await auth.createConnectorFactory(identity()).create('https://smba.trafficmanager.net/amer/');
    // The generated operations live on the prototype; the direct posts replace them on the instance.
    expect(Object.hasOwn(client.conversations, 'replyToActivity')).toBe(true);
    expect(Object.hasOwn(client.conversations, 'sendToConversation')).toBe(true);
  });

  it('keeps clients apart by service URL', async () => {
    const apac = await auth.createConnectorFactory(identity()).create('https://smba.trafficmanager.net/apac/');
    const emea = await auth.createConnectorFactory(identity()).create('https://smba.trafficmanager.net/emea/');
    expect(emea).not.toBe(apac);
  });
});

describe('user-token clients reused across turns', () => {
  const auth = new ReusingBotFrameworkAuthentication({});
  const identity = (aud: string) => new ClaimsIdentity([{ type: 'aud', value: aud }], true);

  it('gives every turn for one bot the same client, and another bot its own', async () => {
    const first = await auth.createUserTokenClient(identity('bot-a'));
    expect(await auth.createUserTokenClient(identity('bot-a'))).toBe(first);
    expect(await auth.createUserTokenClient(identity('bot-b'))).not.toBe(first);
  });
});
