import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdapter } from '../../src/bot/create-adapter';
import { BotFrameworkMessenger, postedMessageId } from '../../src/bot/teams-messenger';
import { loadConfig } from '../../src/config';
import { DeliveryError } from '../../src/tickets/outbox-worker';
import { ConnectorStandIn, cardOf } from '../helpers/connector-stand-in';

const CHANNEL = '19:helpdesk-general@thread.tacv2';
/** Each call's deadline, as the outbox gives it. */
const deadline = () => AbortSignal.timeout(5000);
const card = (text: string) => ({ type: 'AdaptiveCard' as const, version: '1.5', fallbackText: text, body: [{ type: 'TextBlock', text }] });

describe('the proactive messenger against a connector that answers like Teams', () => {
  const connector = new ConnectorStandIn();
  const adapter = createAdapter(loadConfig({ LOG_LEVEL: 'silent' }));
  const turnErrors: unknown[] = [];
  adapter.onTurnError = async (_context, error) => void turnErrors.push(error);
  const messenger = new BotFrameworkMessenger(adapter, '');

  beforeAll(() => connector.start());
  afterAll(() => connector.stop());

  it("keeps the posted message's id, not the thread's, so the card can be updated", async () => {
    const posted = await messenger.postToChannel(
      { channelId: CHANNEL, serviceUrl: connector.url, setAt: '' },
      card('HD-000001 · Open'),
      deadline(),
    );
    const [post] = connector.messages((call) => call.path === '/v3/conversations');
    expect(posted).toEqual({ conversationId: `${CHANNEL};messageid=${post!.createdId}`, activityId: post!.createdId });
    expect(post!.body.activity.summary).toBe('HD-000001 · Open');

    const thread = { serviceUrl: connector.url, channelId: 'msteams', conversationId: posted.conversationId, conversationType: 'channel' };
    await messenger.updateMessage(thread, posted.activityId, card('HD-000001 · Assigned'), deadline());
    // Tickets posted before this fix stored the thread id as the message id: its ;messageid= suffix is used.
    await messenger.updateMessage(thread, posted.conversationId, card('HD-000001 · Resolved'), deadline());
    const updates = connector.messages((call) => call.method === 'PUT');
    expect(updates.map((call) => [call.activityId, cardOf(call).body[0].text])).toEqual([
      [posted.activityId, 'HD-000001 · Assigned'],
      [posted.activityId, 'HD-000001 · Resolved'],
    ]);
  });

  it('hands a failed proactive send back as a DeliveryError, never to the turn-error handler (no apology in the thread)', async () => {
    connector.reset();
    const thread = {
      serviceUrl: connector.url,
      channelId: 'msteams',
      conversationId: `${CHANNEL};messageid=1`,
      conversationType: 'channel',
    };
    const failure = await messenger.updateMessage(thread, 'no-such-message', card('x'), deadline()).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject({ status: 404, code: 'ActivityNotFoundInConversation', retryable: true });
    connector.respondWith(() => ({ status: 403, body: { error: { code: 'BotNotInConversationRoster', message: 'not a member' } } }));
    const refused = await messenger.sendToConversation(thread, card('x'), deadline()).catch((error: unknown) => error);
    connector.respondWith(undefined);
    expect(refused).toMatchObject({ status: 403, retryable: false });
    expect(turnErrors).toEqual([]);
    expect(connector.messages()).toEqual([]);
  });

  it('reads the message id from the thread id when a service leaves activityId out', () => {
    expect(postedMessageId({ id: `${CHANNEL};messageid=1700000000123`, activityId: '1700000000123' })).toBe('1700000000123');
    expect(postedMessageId({ id: `${CHANNEL};messageid=1700000000123` })).toBe('1700000000123');
    expect(postedMessageId({ id: CHANNEL })).toBeUndefined();
  });
});
