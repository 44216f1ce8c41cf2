import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activity, BotHarness } from '../helpers/bot-harness';

/**
 * Fields of the wrong type used to throw inside a turn: the user got an apology (or nothing) and the log a stack.
 * Each must now be a clean 400 before any turn runs: nothing is sent anywhere, not even an apology.
 */
describe('activities with fields of the wrong type', () => {
  const harness = new BotHarness();
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(() => harness.connector.reset());

  const expectCleanRefusal = async (body: unknown) => {
    const res = await harness.send(body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).not.toMatch(/TypeError|at .*\.js/);
    // The turn (with its apology, if any) runs before the HTTP answer: nothing more can arrive later.
    expect(harness.connector.calls).toHaveLength(0);
  };

  it('a membersAdded that is not an array', async () => {
    await expectCleanRefusal({ ...activity('bot-installed-personal', harness.connector.url), membersAdded: '28:bot-app-id' });
  });

  it('compose-box search parameters that are not an array', async () => {
    await expectCleanRefusal({
      ...activity('personal-message', harness.connector.url),
      type: 'invoke',
      name: 'composeExtension/query',
      value: { commandId: 'lookupError', parameters: 'AADSTS50126' },
    });
  });

  it('a numeric locale', async () => {
    await expectCleanRefusal(harness.message('personal-message', 'AADSTS50126', { locale: 2052 }));
  });

  it('a card action whose value is a string', async () => {
    await expectCleanRefusal({ ...harness.cardAction('personal-message', 'escalate', {}), value: 'escalate' });
  });

  it('a mention entity without whom it mentions', async () => {
    await expectCleanRefusal(harness.message('channel-mention', 'AADSTS50126', { entities: [{ type: 'mention', text: '<at>x</at>' }] }));
  });

  it('an activity without a sender or recipient', async () => {
    const { from: _from, ...noSender } = harness.message('personal-message', 'AADSTS50126');
    await expectCleanRefusal(noSender);
    const { recipient: _recipient, ...noRecipient } = harness.message('channel-mention', 'AADSTS50126');
    await expectCleanRefusal(noRecipient);
  });

  it('channelData whose channel id is not a string', async () => {
    await expectCleanRefusal(harness.message('channel-mention', 'tickets', { channelData: { channel: { id: 42 } } }));
  });

  it('a conversation id that cannot go into an HTTP header (found by the fuzz test)', async () => {
    const message = harness.message('personal-message', 'AADSTS50126');
    await expectCleanRefusal({ ...message, conversation: { ...message.conversation, id: 'a:1\nx-injected: 1' } });
    await expectCleanRefusal({ ...message, conversation: { ...message.conversation, id: 'a:1 会话' } });
  });

  it('answers a channel message that mentions the bot but has no text (found by the fuzz test)', async () => {
    const { text: _text, ...noText } = harness.message('channel-mention', 'AADSTS50126');
    const res = await harness.send(noText);
    expect(res.status).toBe(200);
    const [reply] = harness.connector.messages();
    expect(harness.connector.messages()).toHaveLength(1);
    expect(JSON.stringify(reply!.body)).not.toMatch(/something went wrong/);
  });

  it('says which field, not what was in it', async () => {
    const res = await harness.send(harness.message('personal-message', 'hi', { locale: { evil: '<script>' } }));
    expect(res.body.error.message).toMatch(/^locale: /);
    expect(JSON.stringify(res.body)).not.toContain('<script>');
  });
});
