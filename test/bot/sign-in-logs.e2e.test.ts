import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { activity, type ActivityFixture } from '../helpers/bot-harness';
import { BotProcess } from '../helpers/bot-process';
import { cardOf, cardText, ConnectorStandIn, type ConnectorCall } from '../helpers/connector-stand-in';
import { signIn } from '../helpers/graph-stand-in';
import { SignInStandIns } from '../helpers/sign-in-stand-ins';

const LI_WEI = '6b1f2c3d-1111-4a2b-9c3d-0123456789ab'; // from.aadObjectId of the personal-message fixture
const BOB = { id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', upn: 'bob@contoso.com' };
const HELPDESK = '19:helpdesk-general@thread.tacv2';
const PERSONAL = 'a:1personal-conversation';
const HOUR = 3_600_000;

const at = (msAgo: number) => new Date(Date.now() - msAgo).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** How the card must show a time to someone in Shanghai (the fixtures' clientInfo time zone): UTC+8, no daylight saving. */
const shanghaiTime = (iso: string) => `${new Date(Date.parse(iso) + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ')} GMT+8`;

describe('sign-in logs over real HTTP and TLS: the bot in its own process, Entra and Graph stand-ins on loopback', () => {
  let standIns: SignInStandIns;
  let connector: ConnectorStandIn;
  let bot: BotProcess;
  const salesforce = signIn({
    userId: LI_WEI,
    createdDateTime: at(2 * HOUR),
    appDisplayName: 'Salesforce',
    conditionalAccessStatus: 'failure',
    status: { errorCode: 53003, failureReason: 'Access has been blocked by Conditional Access policies.' },
  });

  beforeAll(async () => {
    standIns = await SignInStandIns.start();
    connector = await new ConnectorStandIn().start();
    bot = await BotProcess.start(
      standIns.env({ HELPDESK_CHANNEL_ID: HELPDESK, HELPDESK_SERVICE_URL: connector.url, OUTBOX_POLL_MS: '50' }),
    );
  });
  afterAll(async () => {
    await bot?.stop();
    await connector?.stop();
    await standIns?.stop();
  });
  beforeEach(() => {
    connector.reset();
    standIns.graph.rows = [
      salesforce,
      // Older failures of the same person, and somebody else's: neither may push the latest one off the card.
      signIn({ userId: LI_WEI, createdDateTime: at(5 * HOUR), appDisplayName: 'Outlook', status: { errorCode: 50126 } }),
      signIn({ userId: LI_WEI, createdDateTime: at(6 * HOUR), appDisplayName: 'Outlook', status: { errorCode: 50126 } }),
      signIn({ userId: LI_WEI, createdDateTime: at(30 * HOUR), appDisplayName: 'Workday', status: { errorCode: 50053 } }),
      signIn({ userId: LI_WEI, createdDateTime: at(1 * HOUR), appDisplayName: 'Teams', status: { errorCode: 0 } }),
      signIn({
        userId: BOB.id,
        userPrincipalName: BOB.upn,
        userDisplayName: 'Bob Kelly',
        createdDateTime: at(1 * HOUR),
        appDisplayName: 'Azure Portal',
        ipAddress: '198.51.100.7',
        status: { errorCode: 50076, failureReason: 'Strong authentication is required.' },
      }),
      signIn({
        userId: BOB.id,
        userPrincipalName: BOB.upn,
        createdDateTime: at(3 * HOUR),
        appDisplayName: 'Office 365 Exchange Online',
        ipAddress: '198.51.100.7',
        status: { errorCode: 50057, failureReason: 'The user account is disabled.' },
      }),
    ];
  });

  function message(fixture: ActivityFixture, text: string, overrides: Record<string, unknown> = {}): Record<string, any> {
    const base = activity(fixture, connector.url, overrides);
    base.text = fixture === 'channel-mention' || fixture === 'group-message' ? `<at>Sign-in Helpdesk</at> ${text}` : text;
    return base;
  }

  async function reply(conversation: (call: ConnectorCall) => boolean): Promise<any> {
    const [call] = await connector.waitFor(1, (c) => c.method === 'POST' && conversation(c));
    return cardOf(call!);
  }

  const graphCalls = () => standIns.graph.signInCalls().length;

  it("answers 'I can't sign in to Salesforce' from the person's own sign-in logs: 53003, Salesforce, its time, explained", async () => {
    const before = graphCalls();
    const res = await bot.post(message('personal-message', "I can't sign in to Salesforce since this morning"));
    expect(res.status).toBe(200);
    const card = await reply((c) => c.conversationId === PERSONAL);
    const text = cardText(card);
    expect(text).toContain('Your failed sign-ins in the last 24 hours');
    expect(text).toContain('AADSTS53003');
    expect(text).toContain('Salesforce');
    expect(text).toContain(shanghaiTime(salesforce.createdDateTime));
    expect(text).toContain('Blocked by Conditional Access'); // the catalog's explanation is there…
    expect(text).toContain('Your IT admin must act');
    expect(text).toContain('not satisfied'); // …and the Conditional Access result
    // The latest failure comes first; the two Outlook retries are one group; the 30-hour-old one is outside the window.
    expect(text.indexOf('AADSTS53003')).toBeLessThan(text.indexOf('AADSTS50126'));
    expect(text).toContain('2 times');
    expect(text).not.toContain('AADSTS50053');
    expect(text).not.toContain('Azure Portal'); // Bob's
    expect(text).not.toContain('203.0.113.45'); // the person's own card shows no IP address

    expect(graphCalls()).toBe(before + 1);
    const { query } = standIns.graph.signInCalls().at(-1)!;
    const filter = query.$filter!;
    expect(filter).toMatch(new RegExp(`^userId eq '${LI_WEI}' and createdDateTime ge (\\S+) and status/errorCode ne 0$`));
    const since = Date.parse(/createdDateTime ge (\S+)/.exec(filter)![1]!);
    expect(Math.abs(since - (Date.now() - 24 * HOUR))).toBeLessThan(60_000);
    expect(query.$top).toBe('20');
    expect(query.$orderby).toBe('createdDateTime desc');
  });

  it('carries the sign-in’s correlation and request ids into the ticket when escalated from the sign-ins card', async () => {
    await bot.post(message('personal-message', 'my sign-ins'));
    const card = await reply((c) => c.conversationId === PERSONAL);
    const button = card.actions.find((action: any) => action.verb === 'escalate' && action.title.includes('AADSTS53003'));
    expect(button.title).toContain('Salesforce');
    connector.reset();
    const invoke = activity('personal-message', connector.url, { replyToId: 'sign-ins-card-1' });
    delete invoke.text;
    const res = await bot.post({
      ...invoke,
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'escalate', data: { ...button.data, comment: 'Since 8 am' } }, trigger: 'manual' },
    });
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toContain('Escalated as HD-');

    const [post] = await connector.waitFor(1, (c) => c.method === 'POST' && c.path === '/v3/conversations');
    expect(post!.body.channelData.channel.id).toBe(HELPDESK);
    const ticketCard = post!.body.activity.attachments[0].content;
    const ticket = cardText(ticketCard);
    expect(ticket).toContain('AADSTS53003');
    expect(ticket).toContain(salesforce.correlationId);
    expect(ticket).toContain(salesforce.id); // the request id
    expect(ticket).toContain('Since 8 am');
    expect(ticket).not.toContain('203.0.113.45'); // a ticket keeps no IP address
    // The ticket card offers the helpdesk the requester's recent sign-ins.
    const recent = ticketCard.actions.find((action: any) => action.type === 'Action.Submit' && action.data?.action === 'signIns');
    expect(recent.title).toBe('Recent sign-ins');

    // An agent presses it in the ticket's thread: the requester's failures are posted there.
    connector.reset();
    const before = graphCalls();
    const thread = `${HELPDESK};messageid=ticket-thread`;
    const press = activity('channel-mention', connector.url, {
      conversation: { conversationType: 'channel', isGroup: true, tenantId: 't', id: thread },
      value: recent.data,
    });
    delete press.text;
    delete press.entities;
    await bot.post(press);
    const agentCard = await reply((c) => c.conversationId === thread);
    const agentText = cardText(agentCard);
    expect(agentText).toContain('li.wei@contoso.com');
    expect(agentText).toContain('AADSTS53003');
    expect(agentText).toContain('203.0.113.45'); // the helpdesk sees the IP address
    expect(JSON.stringify(agentCard)).not.toContain('"verb":"escalate"');
    // Answered from the cache of the same person's lookup a moment ago: no second request.
    expect(graphCalls()).toBe(before);
  });

  it('looks up anyone’s sign-ins for the helpdesk channel, by UPN or in Chinese, and refuses it anywhere else without asking Graph', async () => {
    await bot.post(message('channel-mention', `sign-ins ${BOB.upn}`));
    const card = await reply((c) => c.conversationId.startsWith(HELPDESK));
    const text = cardText(card);
    expect(text).toContain(`Failed sign-ins of ${BOB.upn}`);
    expect(text).toContain('AADSTS50057');
    expect(text).toContain('198.51.100.7');
    expect(standIns.graph.signInCalls().at(-1)!.query.$filter).toMatch(/^userPrincipalName eq 'bob@contoso\.com' and createdDateTime ge /);

    connector.reset();
    await bot.post(message('channel-mention', `登录记录 ${BOB.id}`));
    const zh = cardText(await reply((c) => c.conversationId.startsWith(HELPDESK)));
    expect(zh).toContain('最近 24 小时内失败的登录');
    expect(standIns.graph.signInCalls().at(-1)!.query.$filter).toMatch(new RegExp(`^userId eq '${BOB.id}' and `));

    const before = graphCalls();
    for (const [fixture, conversation] of [
      ['personal-message', (c: ConnectorCall) => c.conversationId === PERSONAL],
      ['group-message', (c: ConnectorCall) => !c.conversationId.startsWith(HELPDESK) && c.conversationId !== PERSONAL],
    ] as const) {
      connector.reset();
      await bot.post(message(fixture, `sign-ins ${BOB.upn}`));
      expect(cardText(await reply(conversation))).toContain('only works in the helpdesk channel');
    }
    connector.reset();
    const otherChannel = message('channel-mention', `sign-ins ${BOB.upn}`, {
      conversation: { conversationType: 'channel', isGroup: true, tenantId: 't', id: '19:random@thread.tacv2;messageid=1' },
      channelData: { channel: { id: '19:random@thread.tacv2' }, team: { id: '19:team-root@thread.tacv2' } },
    });
    await bot.post(otherChannel);
    expect(cardText(await reply((c) => c.conversationId.startsWith('19:random')))).toContain('only works in the helpdesk channel');
    // Asking about oneself outside a 1:1 chat is refused too: others would see it.
    connector.reset();
    await bot.post(message('group-message', 'my sign-ins'));
    expect(cardText(await reply(() => true))).toContain('1:1 chat');
    expect(graphCalls()).toBe(before);
  });

  it('asks for a valid UPN or object id before asking Graph anything', async () => {
    const before = graphCalls();
    await bot.post(message('channel-mention', "sign-ins bob' or userId ne '"));
    expect(cardText(await reply((c) => c.conversationId.startsWith(HELPDESK)))).toContain('sign-ins bob@contoso.com');
    expect(graphCalls()).toBe(before);
  });

  it('falls back to the text answer, saying the logs show no failures, for someone with none', async () => {
    const before = graphCalls();
    const carol = '11111111-aaaa-4bbb-8ccc-222222222222';
    await bot.post(message('personal-message', 'my account is locked', { from: { id: '29:carol', name: 'Carol', aadObjectId: carol } }));
    const text = cardText(await reply((c) => c.conversationId === PERSONAL));
    expect(text).toContain('show no failed sign-ins in the last 24 hours');
    expect(text).toContain('AADSTS50053'); // the symptom answer, as without sign-in logs
    expect(graphCalls()).toBe(before + 1);
  });

  it('answers a message carrying a code from the code, without asking Graph', async () => {
    const before = graphCalls();
    await bot.post(message('personal-message', 'AADSTS50126'));
    const text = cardText(await reply((c) => c.conversationId === PERSONAL));
    expect(text).toContain('AADSTS50126');
    expect(text).not.toContain('failed sign-ins in the last');
    expect(text).not.toContain("couldn't read");
    expect(graphCalls()).toBe(before);
  });

  it('reached only the stand-ins on loopback: no instance discovery, no other host, one token reused', () => {
    // The egress guard preloaded into the bot refuses and reports any connection or DNS look-up off loopback.
    expect(bot.egress()).toEqual([]);
    expect(standIns.entra.calls.some((call) => call.path.includes('discovery/instance'))).toBe(false);
    expect(standIns.entra.calls.some((call) => call.path.endsWith('/v2.0/.well-known/openid-configuration'))).toBe(true);
    const tokens = standIns.entra.tokenRequests();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.form).toMatchObject({ grant_type: 'client_credentials', scope: `${standIns.graph.url}/.default` });
    expect(standIns.graph.calls.every((call) => call.authorized)).toBe(true);
  });

  it('logs no IP address and no sign-in data', () => {
    const logged = JSON.stringify(bot.logs) + bot.stderr;
    expect(logged).not.toMatch(/203\.0\.113\.|198\.51\.100\./);
    expect(logged).not.toContain(salesforce.correlationId);
    expect(logged).not.toContain(standIns.entra.app.clientSecret);
  });
});
