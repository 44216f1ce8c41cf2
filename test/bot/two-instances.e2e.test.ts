import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorage } from '../../src/storage/create-storage';
import { TicketStore } from '../../src/tickets/ticket-store';
import { Azurite } from '../helpers/azurite';
import { activity } from '../helpers/bot-harness';
import { cardOf, cardText, ConnectorStandIn, type ConnectorCall } from '../helpers/connector-stand-in';
import { BotProcess } from '../helpers/bot-process';
import { until } from '../helpers/until';

const HELPDESK = '19:helpdesk-general@thread.tacv2';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CARDS = 100;
const CLICKED_ON_BOTH = 20;
const ASSIGNED = 20;
const QUESTIONS = ['AADSTS50053', 'AADSTS50126', 'my account is locked', 'AADSTS53003', 'MFA 一直失败'];

const isNewThread = (call: ConnectorCall) => call.method === 'POST' && call.path === '/v3/conversations';
const inHelpdesk = (call: ConnectorCall) => call.conversationId.startsWith(`${HELPDESK};`);
const isRequesterChat = (call: ConnectorCall) => call.conversationId.startsWith('a:requester-');
const labelIn = (value: unknown) => /HD-\d{6}/.exec(JSON.stringify(value))?.[0];

/** Ten requesters, each in their own 1:1 chat with the bot. */
function requester(card: number) {
  const user = card % 10;
  return {
    from: { id: `29:user-${user}`, name: `User ${user}` },
    conversation: { conversationType: 'personal', tenantId: TENANT, id: `a:requester-${user}` },
  };
}

function invoke(serviceUrl: string, overrides: Record<string, unknown>, verb: string, data: unknown) {
  const base = activity('personal-message', serviceUrl, overrides);
  delete base.text;
  delete base.entities;
  return {
    ...base,
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

describe('two bot processes on one fresh Azure Blob container (Azurite)', () => {
  const azurite = new Azurite();
  const connector = new ConnectorStandIn();
  let bots: BotProcess[] = [];

  beforeAll(async () => {
    await Promise.all([azurite.start({ inMemory: true }), connector.start()]);
  });
  afterAll(async () => {
    await Promise.all(bots.map((bot) => bot.kill()));
    await Promise.all([connector.stop(), azurite.stop()]);
  });

  it('escalate 100 cards (20 clicked on both at once) and assign 20 through alternating instances: one ticket per card, every message once', async () => {
    const storage = {
      STORAGE: 'blob',
      AZURE_STORAGE_CONNECTION_STRING: azurite.connectionString,
      AZURE_STORAGE_CONTAINER: `two-instances-${Date.now()}`,
    } as const;
    const env = {
      ...storage,
      HELPDESK_CHANNEL_ID: HELPDESK,
      HELPDESK_SERVICE_URL: connector.url,
      OUTBOX_POLL_MS: '2000',
      TYPING_DELAY_MS: '5000',
    };
    bots = await Promise.all([BotProcess.start(env), BotProcess.start(env)]);
    const store = new TicketStore(createStorage({ ...storage, SQLITE_PATH: '' }));
    /** Nothing pending anywhere: every job of every ticket was sent and recorded, so nothing more can be sent. */
    const settled = async (what: string, done: () => boolean) =>
      until(async () => done() && (await store.pendingTickets()).length === 0, 60_000, what, 250);

    // Each card is a real answer card: asked through either instance, its message id given by the stand-in.
    const asked = await Promise.all(
      Array.from({ length: CARDS }, async (_, card) => {
        const message = activity('personal-message', connector.url, { ...requester(card), text: QUESTIONS[card % QUESTIONS.length] });
        expect((await bots[card % 2]!.post(message)).status).toBe(200);
        const reply = connector.calls.find(
          (call) => call.method === 'POST' && call.activityId === message.id && call.body?.type === 'message',
        )!;
        return { card, id: reply.createdId!, data: cardOf(reply).actions.find((a: any) => a.verb === 'escalate').data };
      }),
    );
    connector.reset();

    // 80 cards escalated once, on alternating instances; 20 escalated on both instances at the same instant.
    const clicks = asked.flatMap(({ card, id, data }) => {
      const click = (bot: BotProcess) => bot.post(invoke(connector.url, { ...requester(card), replyToId: id }, 'escalate', data));
      const on = card < CARDS - CLICKED_ON_BOTH ? [bots[card % 2]!] : bots;
      return on.map((bot) => click(bot).then((res) => ({ card, id, status: res.status, label: labelIn(res.body?.value) })));
    });
    const answers = await Promise.all(clicks);
    expect(answers).toHaveLength(CARDS + CLICKED_ON_BOTH);
    expect(answers.every((answer) => answer.status === 200 && answer.label)).toBe(true);
    const labelOf = new Map<number, string>();
    for (const { card, label } of answers) {
      expect(labelOf.get(card) ?? label, `card ${card} got two tickets`).toBe(label);
      labelOf.set(card, label!);
    }
    const labels = Array.from({ length: CARDS }, (_, i) => `HD-${String(i + 1).padStart(6, '0')}`);
    expect([...labelOf.values()].sort()).toEqual(labels); // one ticket per card, numbers 1..100, none shared

    await settled('the posts and card updates', () => connector.messages(isNewThread).length >= CARDS);
    const posts = connector.messages(isNewThread);
    expect(posts.map((post) => labelIn(cardOf(post.body.activity) ?? post.body.activity)).sort()).toEqual(labels);
    const cardUpdates = connector.messages((call) => call.method === 'PUT' && isRequesterChat(call));
    expect(cardUpdates.map((call) => call.activityId).sort()).toEqual(asked.map((a) => a.id).sort());

    // Agents assign tickets 1..20 in the helpdesk channel, clicking through alternating instances.
    connector.reset();
    const threadOf = new Map(posts.map((post) => [labelIn(post.body.activity)!, post.createdId!]));
    const assigned = labels.slice(0, ASSIGNED);
    const clicked = await Promise.all(
      assigned.map((label, i) => {
        const thread = { conversationType: 'channel', isGroup: true, tenantId: TENANT, id: `${HELPDESK};messageid=${threadOf.get(label)}` };
        const base = activity('channel-mention', connector.url, { conversation: thread, replyToId: threadOf.get(label) });
        delete base.text;
        delete base.entities;
        const click = { ...base, type: 'invoke', name: 'adaptiveCard/action' };
        return bots[i % 2]!.post({
          ...click,
          value: { action: { type: 'Action.Execute', verb: 'ticket.assign', data: { ticket: label } } },
        });
      }),
    );
    expect(clicked.map((res) => cardText(res.body?.value))).toEqual(
      assigned.map((label) => expect.stringContaining(`${label} · Assigned`)),
    );

    const notices = (call: ConnectorCall) => call.method === 'POST' && isRequesterChat(call);
    await settled('the card updates and notices', () => connector.messages(notices).length >= ASSIGNED);
    const ticketCardUpdates = connector.messages((call) => call.method === 'PUT' && inHelpdesk(call));
    expect(ticketCardUpdates.map((call) => call.activityId).sort()).toEqual(assigned.map((label) => threadOf.get(label)).sort());
    expect(ticketCardUpdates.every((call) => cardText(cardOf(call)).includes('Assigned'))).toBe(true);
    const told = connector.messages(notices).map((call) => labelIn(cardOf(call)));
    expect(told.sort()).toEqual(assigned);
    const assignedCards = assigned.map((label) => asked.find((a) => labelOf.get(a.card) === label)!.id);
    const requesterUpdates = connector.messages((call) => call.method === 'PUT' && isRequesterChat(call));
    expect(requesterUpdates.map((call) => call.activityId).sort()).toEqual(assignedCards.sort());

    // Teams refused nothing (no update of an unknown message), and no apology went anywhere.
    expect(connector.refused).toEqual([]);
    expect(connector.calls.map((call) => cardText(cardOf(call))).join('\n')).not.toMatch(/Sorry|went wrong/);
    for (const bot of bots) expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]); // no error logged
    for (const bot of bots) expect(bot.egress()).toEqual([]); // nothing left the machine
  }, 180_000);
});
