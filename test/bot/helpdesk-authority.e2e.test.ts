import { afterEach, describe, expect, it } from 'vitest';
import { BotHarness } from '../helpers/bot-harness';
import { cardOf, cardText, type ConnectorCall } from '../helpers/connector-stand-in';

const HELPDESK = '19:helpdesk-general@thread.tacv2';
const OTHER = '19:attacker-channel@thread.tacv2';
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
/** The agent in the channel-mention fixture. */
const AGENT_OID = '0c9a8b7d-2222-4e5f-8a9b-abcdefabcdef';

const isNewThread = (call: ConnectorCall) => call.method === 'POST' && call.path === '/v3/conversations' && !call.body?.members?.length;
const threadIn = (channel: string) => (call: ConnectorCall) => isNewThread(call) && call.body?.channelData?.channel?.id === channel;
const postedCard = (call: ConnectorCall) => call.body.activity.attachments[0].content;

describe('who may set or move the helpdesk channel', () => {
  let harness: BotHarness;
  afterEach(() => harness.stop());

  const start = (env: Record<string, string> = {}) =>
    (harness = new BotHarness()).start({ OUTBOX_POLL_MS: '50', OUTBOX_RETRY_BASE_MS: '20', ...env });

  /** `@bot <text>` in a channel thread: the helpdesk channel by default, or another team's channel. */
  function inChannel(text: string, channel = HELPDESK, extra: { tenant?: string; from?: object; serviceUrl?: string } = {}) {
    const tenant = extra.tenant ?? TENANT;
    return harness.message('channel-mention', text, {
      conversation: { isGroup: true, conversationType: 'channel', tenantId: tenant, id: `${channel};messageid=1700000000100` },
      channelData: { channel: { id: channel }, team: { id: `${channel}-team`, name: 'Some team' }, tenant: { id: tenant } },
      ...(extra.from && { from: extra.from }),
      ...(extra.serviceUrl && { serviceUrl: extra.serviceUrl }),
    });
  }

  async function say(body: Record<string, unknown>): Promise<string> {
    harness.connector.reset();
    expect((await harness.send(body)).status).toBe(200);
    const replies = harness.connector.messages((call) => call.activityId === body.id);
    expect(replies).toHaveLength(1);
    return cardText(cardOf(replies[0]!));
  }

  /** A click on a card in a thread of `channel`: Teams answers the invoke with the card that replaces it. */
  async function click(verb: string, data: Record<string, unknown>, channel: string, from?: object): Promise<string> {
    const res = await harness.send(
      harness.cardAction('channel-mention', verb, data, {
        conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${channel};messageid=1700000000900` },
        channelData: { channel: { id: channel }, tenant: { id: TENANT } },
        ...(from && { from }),
      }),
    );
    expect(res.status).toBe(200);
    return cardText(res.body.value);
  }

  /** Escalates a question from 1:1 and returns the channel its ticket was posted to. */
  async function ticketGoesTo(): Promise<string> {
    harness.connector.reset();
    await harness.send(harness.cardAction('personal-message', 'escalate', { q: `AADSTS50126 ${Math.random()}`, lang: 'en' }));
    const [post] = await harness.connector.waitFor(1, isNewThread);
    return post!.body.channelData.channel.id;
  }

  it('binds the first channel; a later channel only asks, and the helpdesk approves the move with a card', async () => {
    await start();
    expect(await say(inChannel('set helpdesk channel'))).toContain('now the helpdesk channel');

    // Someone elsewhere tries to take the helpdesk over: nothing moves, the helpdesk is asked.
    expect(await say(inChannel('set helpdesk channel', OTHER))).toContain('asked that channel to approve');
    const request = harness.connector.messages(threadIn(HELPDESK));
    expect(request).toHaveLength(1);
    const card = postedCard(request[0]!);
    expect(cardText(card)).toContain('Move the helpdesk channel?');
    expect(cardText(card)).toContain(OTHER);
    const approve = card.actions.find((action: any) => action.verb === 'helpdesk.approveMove');
    expect(approve.type).toBe('Action.Execute');
    expect(await ticketGoesTo()).toBe(HELPDESK);

    // The asking channel cannot approve itself, and a guessed request id finds nothing.
    expect(await click('helpdesk.approveMove', approve.data, OTHER)).toContain('Only the current helpdesk channel');
    expect(await click('helpdesk.approveMove', { request: '00000000-0000-4000-8000-000000000000' }, HELPDESK)).toContain('no longer open');
    expect(await ticketGoesTo()).toBe(HELPDESK);

    // The helpdesk approves: tickets go to the new channel, which is told so.
    harness.connector.reset();
    expect(await click('helpdesk.approveMove', approve.data, HELPDESK)).toContain('Zhang Min approved the move');
    const [told] = await harness.connector.waitFor(1, threadIn(OTHER));
    expect(cardText(postedCard(told!))).toContain('this channel is now the helpdesk channel');
    expect(await ticketGoesTo()).toBe(OTHER);
    // The same card clicked again changes nothing.
    expect(await click('helpdesk.approveMove', approve.data, OTHER)).toContain('no longer open');
  });

  it('keeps the helpdesk where it is when the helpdesk declines', async () => {
    await start();
    await say(inChannel('set helpdesk channel'));
    await say(inChannel('set helpdesk channel', OTHER));
    const card = postedCard(harness.connector.messages(threadIn(HELPDESK))[0]!);
    const decline = card.actions.find((action: any) => action.verb === 'helpdesk.declineMove');
    expect(await click('helpdesk.declineMove', decline.data, HELPDESK)).toContain('declined: the helpdesk channel stays here');
    expect(await ticketGoesTo()).toBe(HELPDESK);
    const approve = card.actions.find((action: any) => action.verb === 'helpdesk.approveMove');
    expect(await click('helpdesk.approveMove', approve.data, HELPDESK)).toContain('no longer open');
  });

  it('with HELPDESK_ADMINS, only an admin sets or moves it, known by object id or user principal name', async () => {
    await start({ HELPDESK_ADMINS: `${AGENT_OID}, li.wei@contoso.com` });
    const stranger = { id: '29:stranger', name: 'Mallory', aadObjectId: '99999999-9999-4999-8999-999999999999' };
    // The stand-in's GetMember gives everyone li.wei@contoso.com; the stranger's look-up fails instead, as for a user Teams cannot find.
    harness.connector.respondWith((call) =>
      call.method === 'GET' && call.path.endsWith('/members/29:stranger')
        ? { status: 404, body: { error: { code: 'MemberNotFoundInConversation', message: 'not found' } } }
        : undefined,
    );
    expect(await say(inChannel('set helpdesk channel', HELPDESK, { from: stranger }))).toContain('Only the helpdesk admins');
    expect(await say(inChannel('set helpdesk channel'))).toContain('now the helpdesk channel'); // the agent, by object id
    expect(await say(inChannel('set helpdesk channel', OTHER, { from: stranger }))).toContain('Only the helpdesk admins');
    expect(harness.connector.messages(threadIn(HELPDESK))).toHaveLength(0);
    // Teams' member look-up (the stand-in's GetMember) says this one is li.wei@contoso.com.
    const byUpn = { id: '29:lw', name: 'Li Wei', aadObjectId: '6b1f2c3d-0000-4a2b-9c3d-0123456789ab' };
    expect(await say(inChannel('set helpdesk channel', OTHER, { from: byUpn }))).toContain('now the helpdesk channel');
    expect(await ticketGoesTo()).toBe(OTHER);
  });

  it('with a preset HELPDESK_CHANNEL_ID, refuses the command everywhere', async () => {
    await start({ HELPDESK_CHANNEL_ID: HELPDESK, HELPDESK_SERVICE_URL: 'https://smba.trafficmanager.net/apac/' });
    expect(await say(inChannel('set helpdesk channel'))).toContain('fixed in the bot');
    expect(await say(inChannel('set helpdesk channel', OTHER))).toContain('fixed in the bot');
  });

  it('keeps the service URL the channel was set with', async () => {
    await start();
    await say(inChannel('set helpdesk channel'));
    // Asked again from the same channel through another service URL (anonymous mode takes any): the stored one stays.
    expect(
      (await harness.send(inChannel('set helpdesk channel', HELPDESK, { serviceUrl: `${harness.connector.url}elsewhere/` }))).status,
    ).toBe(200);
    harness.connector.reset();
    await harness.send(harness.cardAction('personal-message', 'escalate', { q: 'AADSTS50126', lang: 'en' }));
    const [post] = await harness.connector.waitFor(1, (call) => call.method === 'POST' && call.path.endsWith('/v3/conversations'));
    expect(post!.path).toBe('/v3/conversations');
  });
});
