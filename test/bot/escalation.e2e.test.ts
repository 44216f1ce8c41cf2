import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BotHarness } from '../helpers/bot-harness';
import { cardOf, cardText, type ConnectorCall } from '../helpers/connector-stand-in';

const HELPDESK = '19:helpdesk-general@thread.tacv2';
const PERSONAL = 'a:1personal-conversation';
const isNewThread = (call: ConnectorCall) => call.method === 'POST' && call.path === '/v3/conversations';
const isRequesterCardUpdate = (call: ConnectorCall) => call.method === 'PUT' && call.conversationId === PERSONAL;

/** The escalate button's data on an answer card. */
function escalateData(card: any): Record<string, unknown> {
  const action = card.actions?.find((a: any) => a.verb === 'escalate');
  if (!action) throw new Error('the card has no escalate button');
  return action.data;
}

describe('escalation to the helpdesk over real HTTP', () => {
  let harness: BotHarness;

  beforeEach(async () => {
    harness = await new BotHarness().start({ OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '20' });
  });
  afterEach(() => harness.stop());

  async function setHelpdeskChannel(): Promise<void> {
    await harness.send(harness.message('channel-mention', 'set helpdesk channel'));
    const [confirmation] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(confirmation!))).toContain('now the helpdesk channel');
    harness.connector.reset();
  }

  /** The user asks in 1:1 and gets an answer card; returns the card and the id Teams gave it. */
  async function ask(text: string): Promise<{ card: any; id: string }> {
    await harness.send(harness.message('personal-message', text));
    const [reply] = await harness.connector.waitFor(1, (call) => call.conversationId === PERSONAL && call.method === 'POST');
    harness.connector.reset();
    return { card: cardOf(reply!), id: reply!.createdId! };
  }

  async function escalate(card: any, cardId: string, comment?: string) {
    const data = { ...escalateData(card), ...(comment && { comment }) };
    return harness.send(harness.cardAction('personal-message', 'escalate', data, { replyToId: cardId }));
  }

  async function ticketAction(verb: string, ticket: string, threadId: string, extra: Record<string, unknown> = {}) {
    return harness.send(
      harness.cardAction(
        'channel-mention',
        verb,
        { ticket, ...extra },
        { conversation: { conversationType: 'channel', isGroup: true, id: threadId, tenantId: 't' } },
      ),
    );
  }

  it('posts a ticket card to the helpdesk channel and updates the requester card in place', async () => {
    await setHelpdeskChannel();
    const asked = await ask('AADSTS50053 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd');
    const res = await escalate(asked.card, asked.id, 'I waited an hour already');
    expect(res.status).toBe(200);
    expect(res.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const updated = cardText(res.body.value);
    expect(updated).toContain('Escalated as HD-000001');
    expect(JSON.stringify(res.body.value)).not.toContain('"verb":"escalate"');

    const [post] = await harness.connector.waitFor(1, isNewThread);
    expect(post!.body.channelData.channel.id).toBe(HELPDESK);
    const ticket = cardText(post!.body.activity.attachments[0].content);
    expect(ticket).toContain('HD-000001');
    expect(ticket).toContain('Li Wei');
    expect(ticket).toContain('AADSTS50053');
    expect(ticket).toContain('aaaa0000-bb11-2222-33cc-444444dddddd');
    expect(ticket).toContain('I waited an hour already');
    expect(JSON.stringify(post!.body.activity)).toContain('https://teams.microsoft.com/l/chat/0/0?users=li.wei%40contoso.com');
    const [requesterUpdate] = await harness.connector.waitFor(1, (call) => call.method === 'PUT' && call.conversationId === PERSONAL);
    expect(requesterUpdate!.activityId).toBe(asked.id);
    expect(cardText(cardOf(requesterUpdate!))).toContain('HD-000001');
  });

  it('makes one ticket from 20 concurrent clicks on the same card', async () => {
    await setHelpdeskChannel();
    const asked = await ask('my account is locked');
    const responses = await Promise.all(Array.from({ length: 20 }, () => escalate(asked.card, asked.id)));
    for (const res of responses) {
      expect(res.status).toBe(200);
      expect(cardText(res.body.value)).toContain('HD-000001');
    }
    await harness.connector.waitFor(1, isNewThread); // the outbox hears of it after the click is answered
    await harness.bot.outbox.whenIdle();
    expect(harness.connector.messages(isNewThread)).toHaveLength(1);
    expect(harness.connector.messages(isRequesterCardUpdate)).toHaveLength(1);
    expect(harness.connector.messages()).toHaveLength(2);
    const again = await ask('AADSTS50126');
    const second = await escalate(again.card, again.id);
    expect(cardText(second.body.value)).toContain('HD-000002');
  });

  /** Escalates "AADSTS50057" from 1:1 and waits for its thread; returns the thread and the id of the ticket card in it. */
  async function escalatedTicket(): Promise<{ thread: string; cardId: string }> {
    await setHelpdeskChannel();
    const asked = await ask('AADSTS50057');
    await escalate(asked.card, asked.id);
    const [post] = await harness.connector.waitFor(1, isNewThread);
    // The requester's card update comes after the post: once it is in, the escalation's outbox is empty.
    await harness.connector.waitFor(1, (call) => call.method === 'PUT' && call.conversationId === PERSONAL);
    harness.connector.reset();
    return { thread: `${HELPDESK};messageid=${post!.createdId}`, cardId: post!.createdId! };
  }

  const intoHelpdesk = (call: ConnectorCall) => call.conversationId.startsWith(HELPDESK);
  const noticeToRequester = (call: ConnectorCall) => call.method === 'POST' && call.conversationId === PERSONAL;

  it('lets agents assign, resolve and reopen in the channel, updating the posted card and telling the requester', async () => {
    const { thread, cardId } = await escalatedTicket();
    const steps: [verb: string, extra: Record<string, unknown>, shows: string, told: string][] = [
      ['ticket.assign', {}, 'HD-000001 · Assigned', 'Zhang Min picked up your ticket HD-000001'],
      ['ticket.resolve', { note: 'Re-enabled the account in Entra.' }, 'HD-000001 · Resolved', 'Re-enabled the account in Entra.'],
      ['ticket.reopen', {}, 'HD-000001 · Assigned', 'reopened'],
    ];
    for (const [verb, extra, shows, told] of steps) {
      const clicked = await ticketAction(verb, 'HD-000001', thread, extra);
      expect(clicked.status).toBe(200);
      expect(cardText(clicked.body.value)).toContain(shows);
      const [notice] = await harness.connector.waitFor(1, noticeToRequester);
      expect(cardText(cardOf(notice!))).toContain(told);
      const updates = harness.connector.messages(intoHelpdesk);
      // The card the ticket was posted as is updated in place (Teams took it: 2xx), and nothing else is said there.
      expect(updates.map((call) => `${call.method} ${call.activityId}`)).toEqual([`PUT ${cardId}`]);
      expect(cardText(cardOf(updates[0]!))).toContain(shows);
      harness.connector.reset();
    }
    expect(harness.connector.refused).toEqual([]);
  });

  it('keeps a click working when Teams fails the card update (404) and the notice (503): the outbox retries both', async () => {
    const { thread, cardId } = await escalatedTicket();
    let failedUpdate = false;
    let failedNotice = false;
    harness.connector.respondWith((call) => {
      if (call.method === 'PUT' && intoHelpdesk(call) && !failedUpdate) {
        failedUpdate = true;
        return {
          status: 404,
          body: { error: { code: 'ActivityNotFoundInConversation', message: 'Message does not exist in the thread.' } },
        };
      }
      if (noticeToRequester(call) && !failedNotice) {
        failedNotice = true;
        return { status: 503 };
      }
      return undefined;
    });
    const clicked = await ticketAction('ticket.assign', 'HD-000001', thread);
    expect(clicked.status).toBe(200);
    expect(cardText(clicked.body.value)).toContain('HD-000001 · Assigned');

    const [notice] = await harness.connector.waitFor(1, noticeToRequester);
    expect(cardText(cardOf(notice!))).toContain('Zhang Min picked up your ticket HD-000001');
    // Delivered in turn: the notice (the connector's own HTTP retry takes a 503) and the card update (the outbox's retry).
    await harness.connector.waitFor(1, intoHelpdesk);
    expect(harness.connector.refused.map((call) => `${call.method} ${call.conversationId}`)).toEqual([`PUT ${thread}`, `POST ${PERSONAL}`]);
    // Retried and taken; no apology, no error card, in the helpdesk thread or the requester's chat.
    expect(harness.connector.messages(intoHelpdesk).map((call) => `${call.method} ${call.activityId}`)).toEqual([`PUT ${cardId}`]);
    expect(harness.connector.messages(noticeToRequester)).toHaveLength(1);
    const everything = harness.connector
      .messages()
      .map((call) => cardText(cardOf(call)))
      .join('\n');
    expect(everything).not.toMatch(/Sorry|went wrong/);
  });

  it('posts the ticket again when its card was deleted from the channel, and agents work it from the new card', async () => {
    const { thread, cardId } = await escalatedTicket();
    harness.connector.forget(thread, cardId); // someone deleted the ticket's post in Teams
    // An agent whose client still shows the old card picks it up: the update can only get "not found".
    const clicked = await ticketAction('ticket.assign', 'HD-000001', thread);
    expect(clicked.status).toBe(200);
    const [repost] = await harness.connector.waitFor(1, isNewThread);
    expect(repost!.body.channelData.channel.id).toBe(HELPDESK);
    expect(cardText(repost!.body.activity.attachments[0].content)).toContain('HD-000001 · Assigned');
    await harness.bot.outbox.whenIdle();
    // Teams said "not found" a few times (a fresh post can be briefly unknown), then the bot stopped updating it.
    const refusedUpdates = harness.connector.refused.filter((call) => call.method === 'PUT' && call.activityId === cardId);
    expect(refusedUpdates).toHaveLength(4);
    expect(harness.connector.messages(isNewThread)).toHaveLength(1);

    // The new card is the ticket's card now: the next action updates it in place.
    harness.connector.reset();
    const refusedBefore = harness.connector.refused.length;
    const newThread = `${HELPDESK};messageid=${repost!.createdId}`;
    expect((await ticketAction('ticket.resolve', 'HD-000001', newThread, { note: 'Unlocked.' })).status).toBe(200);
    await harness.bot.outbox.whenIdle();
    expect(harness.connector.messages(intoHelpdesk).map((call) => `${call.method} ${call.activityId}`)).toEqual([
      `PUT ${repost!.createdId}`,
    ]);
    expect(harness.connector.refused).toHaveLength(refusedBefore);
  });

  it('tells a requester who escalated in a channel in their 1:1 chat', async () => {
    await setHelpdeskChannel();
    const thread = '19:it-questions@thread.tacv2;messageid=1700000000777';
    const inThread = {
      conversation: { conversationType: 'channel', isGroup: true, id: thread, tenantId: 't' },
      replyToId: 'answer-in-thread',
    };
    const escalated = await harness.send(harness.cardAction('channel-mention', 'escalate', { q: 'AADSTS50057', lang: 'en' }, inThread));
    expect(cardText(escalated.body.value)).toContain('HD-000001');
    await harness.connector.waitFor(1, isNewThread);
    harness.connector.reset();
    await ticketAction('ticket.assign', 'HD-000001', `${HELPDESK};messageid=1`);
    const [opened] = await harness.connector.waitFor(1, (call) => isNewThread(call) && call.body?.members?.length);
    expect(opened!.body.members[0].id).toBe('29:1agent-user');
    const [notice] = await harness.connector.waitFor(
      1,
      (call) => call.method === 'POST' && call.conversationId === 'a:1on1-29:1agent-user',
    );
    expect(cardText(cardOf(notice!))).toContain('picked up your ticket HD-000001');
  });

  it('refuses a forged ticket action from a 1:1 chat and changes nothing', async () => {
    await setHelpdeskChannel();
    const asked = await ask('AADSTS50057');
    await escalate(asked.card, asked.id);
    await harness.connector.waitFor(1, isNewThread); // the outbox hears of it after the click is answered
    await harness.bot.outbox.whenIdle();
    expect(harness.connector.messages()).toHaveLength(2); // the ticket post and the requester's card update
    harness.connector.reset();

    const forged = await harness.send(
      harness.cardAction('personal-message', 'ticket.resolve', { ticket: 'HD-000001', note: 'closing my own ticket' }),
    );
    expect(forged.status).toBe(200);
    expect(cardText(forged.body.value)).toContain('Ticket actions only work in the helpdesk channel');
    const missing = await ticketAction('ticket.assign', 'HD-000999', `${HELPDESK};messageid=1`);
    expect(cardText(missing.body.value)).toContain('There is no ticket HD-000999');
    const junk = await ticketAction('ticket.assign', '<script>', `${HELPDESK};messageid=1`);
    expect(cardText(junk.body.value)).toContain('not valid');
    await harness.bot.outbox.whenIdle();
    expect(harness.connector.messages()).toEqual([]);

    await harness.send(harness.message('channel-mention', 'tickets'));
    const [list] = await harness.connector.waitFor(1);
    const listed = cardText(cardOf(list!));
    expect(listed).toContain('Open tickets: 1');
    expect(listed).toContain('HD-000001');
    expect(listed).toContain('Open');
  });

  it('keeps tickets until a helpdesk channel is set, then posts them', async () => {
    const asked = await ask('AADSTS50126');
    const res = await escalate(asked.card, asked.id);
    expect(cardText(res.body.value)).toContain('not set up yet');
    await harness.bot.outbox.whenIdle();
    expect(harness.connector.messages()).toEqual([]); // the card keeps what the click showed until the post is out
    await harness.send(harness.message('channel-mention', '设为服务台频道'));
    await harness.connector.waitFor(1, isNewThread); // the outbox hears of it after the click is answered
    await harness.bot.outbox.whenIdle();
    const posts = harness.connector.messages(isNewThread);
    expect(posts).toHaveLength(1);
    expect(cardText(posts[0]!.body.activity.attachments[0].content)).toContain('待处理');
    // The requester's card, which said the helpdesk was not set up, now says where the ticket stands.
    const updates = harness.connector.messages(isRequesterCardUpdate);
    expect(updates).toHaveLength(1);
    const update = updates[0]!;
    expect(update.activityId).toBe(asked.id);
    expect(cardText(cardOf(update))).toContain('Escalated as HD-000001 on');
    expect(cardText(cardOf(update))).toContain('open. The helpdesk will pick it up.');
    expect(cardText(cardOf(update))).not.toContain('not set up yet');
  });

  it('shows the assignee their own view of an assigned ticket through a Universal Actions refresh, and no one outside', async () => {
    const { thread } = await escalatedTicket();
    const assigned = await ticketAction('ticket.assign', 'HD-000001', thread);
    const buttons = (card: any) => (card.actions ?? []).map((action: any) => action.title);
    // The agent who clicked sees no button to take over their own ticket.
    expect(buttons(assigned.body.value)).toEqual(['Resolve', 'Chat with requester']);
    const [shared] = await harness.connector.waitFor(1, (call) => call.method === 'PUT' && intoHelpdesk(call));
    expect(buttons(cardOf(shared!))).toEqual(['Take over', 'Resolve', 'Chat with requester']);
    expect(cardOf(shared!).refresh).toMatchObject({ action: { verb: 'ticket.view' }, userIds: ['29:1agent-user'] });

    const refreshed = await ticketAction('ticket.view', 'HD-000001', thread);
    expect(refreshed.status).toBe(200);
    expect(buttons(refreshed.body.value)).toEqual(['Resolve', 'Chat with requester']);
    const outside = await harness.send(harness.cardAction('personal-message', 'ticket.view', { ticket: 'HD-000001' }));
    expect(cardText(outside.body.value)).toContain('Ticket actions only work in the helpdesk channel');
    expect(cardText(outside.body.value)).not.toContain('AADSTS50057');
  });

  it('sends every card with a summary, and times in the helpdesk time zone', async () => {
    await setHelpdeskChannel();
    const asked = await ask('AADSTS50057');
    await escalate(asked.card, asked.id);
    const [post] = await harness.connector.waitFor(1, isNewThread);
    expect(post!.body.activity.summary).toBe('HD-000001 · Open: AADSTS50057 Account disabled');
    // The channel was set from a Teams client in Asia/Shanghai.
    expect(cardText(post!.body.activity.attachments[0].content)).toMatch(/Asked by Li Wei · \d{4}-\d\d-\d\d \d\d:\d\d GMT\+8/);
  });

  it("delivers once through a burst of 429s, taking Teams' Retry-After over the outbox's own backoff", async () => {
    // The connector client retries a 429 a few times itself; past those, the outbox retries. Its own backoff here
    // would wait a minute; Retry-After: 0 says "now", so the post arrives at once only if the outbox honours it.
    // (How long the outbox waits for a longer Retry-After is tested with a clock in test/tickets/outbox-worker.test.ts.)
    await harness.stop();
    harness = await new BotHarness().start({ OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '60000' });
    await setHelpdeskChannel();
    const refusals = 6;
    harness.connector.respondWith((call) =>
      isNewThread(call) && harness.connector.refused.length < refusals ? { status: 429, headers: { 'retry-after': '0' } } : undefined,
    );
    const asked = await ask('AADSTS53003');
    await escalate(asked.card, asked.id);
    await harness.connector.waitFor(1, isNewThread, 10_000);
    await harness.bot.outbox.whenIdle();
    expect(harness.connector.refused.filter(isNewThread)).toHaveLength(refusals);
    expect(harness.connector.messages(isNewThread)).toHaveLength(1);
  });
});
