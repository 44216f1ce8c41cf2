import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REQUESTER_LOOKUP_MS } from '../../src/app/escalation';
import { BotHarness } from '../helpers/bot-harness';
import { cardOf, type ConnectorCall } from '../helpers/connector-stand-in';
import { until } from '../helpers/until';

const PERSONAL = 'a:1personal-conversation';
const isNewThread = (call: ConnectorCall) => call.method === 'POST' && call.path === '/v3/conversations';
const postOf = (label: string) => (call: ConnectorCall) => isNewThread(call) && JSON.stringify(call.body).includes(label);
const isMemberLookup = (call: ConnectorCall) => call.method === 'GET' && /\/members\//.test(call.path);

describe('deliveries that do not wait on each other', () => {
  let harness: BotHarness;

  beforeEach(async () => {
    harness = await new BotHarness().start({
      CONNECTOR_TIMEOUT_MS: '2000',
      OUTBOX_CLAIM_MS: '6000',
      OUTBOX_POLL_MS: '200',
      OUTBOX_RETRY_BASE_MS: '50',
    });
    await harness.send(harness.message('channel-mention', 'set helpdesk channel'));
    await harness.connector.waitFor(1);
    harness.connector.reset();
  });
  afterEach(() => harness.stop());

  /** Asks in 1:1 and presses Escalate on the answer card; resolves with the invoke's answer and how long it took. */
  async function askAndEscalate(question: string) {
    await harness.send(harness.message('personal-message', question));
    const replies = await harness.connector.waitFor(1, (call) => call.method === 'POST' && call.conversationId === PERSONAL);
    const reply = replies.at(-1)!;
    const data = cardOf(reply).actions.find((a: any) => a.verb === 'escalate').data;
    const started = Date.now();
    const res = await harness.send(harness.cardAction('personal-message', 'escalate', data, { replyToId: reply.createdId }));
    harness.connector.reset();
    return { res, ms: Date.now() - started };
  }

  it("posts other tickets within seconds while one ticket's post hangs, then retries the hung one once", async () => {
    let heldOnce = false;
    harness.connector.respondWith((call) => {
      if (postOf('HD-000001')(call) && !heldOnce) return ((heldOnce = true), { hold: true });
      return undefined;
    });
    await askAndEscalate('AADSTS50053');
    await until(() => harness.connector.held.some(postOf('HD-000001')), 5000, 'the first post to hang');

    const started = Date.now();
    await askAndEscalate('AADSTS50126');
    await harness.connector.waitFor(1, postOf('HD-000002'), 5000);
    expect(Date.now() - started).toBeLessThan(1500); // not behind the hung call's 2 s deadline
    expect(harness.connector.held.some(postOf('HD-000001'))).toBe(true); // still hanging meanwhile

    // At its deadline the hung request is aborted (Teams sees the connection close) and the post is retried.
    await harness.connector.waitFor(1, postOf('HD-000001'), 8000);
    expect(harness.connector.abandoned.filter(postOf('HD-000001'))).toHaveLength(1);
    await harness.bot.outbox.whenIdle();
    expect(harness.connector.messages(postOf('HD-000001'))).toHaveLength(1);
    expect(harness.connector.messages(postOf('HD-000002'))).toHaveLength(1);
  });

  it("stores the ticket without waiting for Teams' member look-up; the post waits for it at most its deadline", async () => {
    harness.connector.respondWith((call) => (isMemberLookup(call) ? { hold: true } : undefined));
    const { res, ms } = await askAndEscalate('AADSTS50053');
    expect(JSON.stringify(res.body.value)).toContain('HD-000001');
    expect(ms).toBeLessThan(1000);
    const started = Date.now();
    const [post] = await harness.connector.waitFor(1, isNewThread, REQUESTER_LOOKUP_MS + 5000);
    expect(Date.now() - started).toBeGreaterThan(REQUESTER_LOOKUP_MS - 1500);
    expect(JSON.stringify(post!.body)).not.toContain('users='); // no chat link: Teams did not say who it is in time
    // The look-up request itself was aborted at its deadline (Teams sees the connection close).
    await until(() => harness.connector.abandoned.some(isMemberLookup), 2000, 'the look-up to be aborted');
    expect(harness.connector.held.filter(isMemberLookup)).toEqual([]);
  });
});
