import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BotHarness, activity } from '../helpers/bot-harness';
import { cardOf, cardText } from '../helpers/connector-stand-in';

describe('Teams conversation over real HTTP', () => {
  const harness = new BotHarness();
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());
  beforeEach(() => harness.connector.reset());

  it('answers a code in 1:1 chat with the entry, who must act and the steps', async () => {
    const sent = harness.message('personal-message', 'AADSTS50126');
    const res = await harness.send(sent);
    expect(res.status).toBe(200);
    const [reply] = await harness.connector.waitFor(1);
    expect(reply!.method).toBe('POST');
    expect(reply!.path).toBe(`/v3/conversations/a:1personal-conversation/activities/${sent.id}`);
    const text = cardText(cardOf(reply!));
    expect(text).toContain('AADSTS50126');
    expect(text).toContain('You can fix this');
    expect(text).toContain('https://login.microsoftonline.com/error?code=50126');
    // What Teams shows in the notification and the chat list, instead of "Card".
    expect(reply!.body.summary).toBe('AADSTS50126 · Wrong username or password');
  });

  it('answers a Chinese symptom in Chinese', async () => {
    await harness.send(harness.message('personal-message', '我的账号被锁了怎么办', { locale: 'en-US' }));
    const [reply] = await harness.connector.waitFor(1);
    const text = cardText(cardOf(reply!));
    expect(text).toContain('AADSTS50053');
    expect(text).toContain('你可以自己解决');
    expect(text).toContain('处理步骤');
  });

  it('answers an English symptom in English and offers at most two alternatives as buttons', async () => {
    await harness.send(harness.message('personal-message', 'my account got locked after too many wrong passwords'));
    const [reply] = await harness.connector.waitFor(1);
    const card = cardOf(reply!);
    const text = cardText(card);
    expect(text).toContain('AADSTS50053');
    expect(text).toContain('What to do');
    const buttons = JSON.stringify(card).match(/"action":"show"/g) ?? [];
    expect(buttons.length).toBeLessThanOrEqual(2);
  });

  it('asks which one for near-twins, and the pressed choice replaces the question with that entry', async () => {
    await harness.send(harness.message('personal-message', 'mfa keeps failing'));
    const [reply] = await harness.connector.waitFor(1);
    const question = cardOf(reply!);
    expect(cardText(question)).toContain('Which one do you see?');
    const choices = (question.actions as { verb?: string; data: Record<string, unknown> }[]).filter((a) => a.verb === 'answer.choose');
    expect(choices.length).toBeGreaterThanOrEqual(2);
    const pressed = await harness.send(harness.cardAction('personal-message', 'answer.choose', choices[1]!.data));
    expect(pressed.status).toBe(200);
    expect(cardText(pressed.body.value)).toContain(`AADSTS${String(choices[1]!.data.code)}`);
    expect(cardText(pressed.body.value)).toContain('What to do');
  });

  it('answers a pasted screenshot (an image attachment, no text) and an attached image file with the way to the text', async () => {
    const pasted = {
      attachments: [
        { contentType: 'image/png', contentUrl: 'https://smba.trafficmanager.net/amer/v3/attachments/0-eus-d1-1/views/original' },
        { contentType: 'text/html', content: '<p><img src="https://us-api.asm.skype.com/v1/objects/0-eus-d1-1/views/imgo"></p>' },
      ],
    };
    await harness.send(harness.message('personal-message', '', pasted));
    const [reply] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(reply!))).toContain("I can't read pictures");
    harness.connector.reset();
    const file = {
      locale: 'zh-CN',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name: '报错.png',
          content: { downloadUrl: 'https://contoso.sharepoint.com/x', uniqueId: '1', fileType: 'png' },
        },
      ],
    };
    await harness.send(harness.message('personal-message', '看下这个', file));
    const [zh] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(zh!))).toContain('我读不了图片');
  });

  it('shows an entry when an alternative button is pressed, and refuses forged button data', async () => {
    await harness.send(harness.message('personal-message', '', { value: { action: 'show', code: '50057', lang: 'zh' } }));
    const [shown] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(shown!))).toContain('AADSTS50057');
    expect(cardText(cardOf(shown!))).toContain('处理步骤');
    harness.connector.reset();
    await harness.send(harness.message('personal-message', '', { value: { action: 'show', code: '<script>', lang: 'xx' } }));
    const [refused] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(refused!))).not.toContain('AADSTS');
  });

  it('answers an @mention in a channel in the same thread, with the mention stripped', async () => {
    const sent = harness.message('channel-mention', '用户报 AADSTS50053');
    await harness.send(sent);
    const [reply] = await harness.connector.waitFor(1);
    expect(reply!.conversationId).toBe('19:helpdesk-general@thread.tacv2;messageid=1700000000100');
    expect(reply!.activityId).toBe(sent.id);
    const text = cardText(cardOf(reply!));
    expect(text).toContain('AADSTS50053');
    expect(text).toContain('帐户已锁定');
    expect(text).not.toContain('Sign-in Helpdesk</at>');
  });

  it('treats a group chat like a channel', async () => {
    await harness.send(harness.message('group-message', 'my account is locked'));
    const [reply] = await harness.connector.waitFor(1);
    expect(reply!.conversationId).toBe('19:group-chat-id@thread.v2');
    expect(cardText(cardOf(reply!))).toContain('AADSTS50053');
  });

  it('keeps several codes in one reply, in order', async () => {
    // The connector has every reply of a turn by the time the turn's HTTP request is answered.
    await harness.send(harness.message('personal-message', 'first AADSTS50053 then AADSTS50126 and error 53003'));
    const replies = harness.connector.messages();
    expect(replies).toHaveLength(1);
    const text = cardText(cardOf(replies[0]!));
    expect(text.indexOf('AADSTS50053')).toBeLessThan(text.indexOf('AADSTS50126'));
    expect(text.indexOf('AADSTS50126')).toBeLessThan(text.indexOf('AADSTS53003'));
  });

  it('says an unknown code is not in the catalog and links to the lookup page', async () => {
    await harness.send(harness.message('personal-message', 'AADSTS99999999'));
    const [reply] = await harness.connector.waitFor(1);
    const text = cardText(cardOf(reply!));
    expect(text).toContain('Not in our catalog yet');
    expect(text).toContain('https://login.microsoftonline.com/error?code=99999999');
  });

  it('says so plainly when nothing matches, and tells where to find the code', async () => {
    await harness.send(harness.message('personal-message', 'the printer on floor 3 is jammed'));
    const [reply] = await harness.connector.waitFor(1);
    const text = cardText(cardOf(reply!));
    expect(text).toContain("I couldn't match that");
    expect(text).toContain('Troubleshooting details');
  });

  it('shows the help card for help and 帮助, listing the commands of the scope', async () => {
    await harness.send(harness.message('personal-message', 'help'));
    const [personal] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(personal!))).toContain('What I can do');
    expect(cardText(cardOf(personal!))).not.toContain('set helpdesk channel');
    harness.connector.reset();
    await harness.send(harness.message('channel-mention', '帮助'));
    const [channel] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(channel!))).toContain('设为服务台频道');
  });

  it('welcomes on install in personal scope and in a team', async () => {
    await harness.send(activity('bot-installed-personal', harness.connector.url));
    const [personal] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(personal!))).toContain("Hi, I'm Sign-in Helpdesk");
    harness.connector.reset();
    await harness.send(activity('bot-installed-team', harness.connector.url));
    const [team] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(team!))).toContain('@我');
  });

  it('rejects a malformed activity with a 4xx and keeps serving', async () => {
    const broken = await harness.send('{"type": "message", "text": ');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    const noConversation = await harness.send({ type: 'message', text: 'hi' });
    expect(noConversation.status).toBeGreaterThanOrEqual(400);
    expect(noConversation.status).toBeLessThan(500);
    const health = await fetch(`${harness.bot.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it('shows typing while a turn is slow, before the answer arrives', async () => {
    const slow = await new BotHarness().start({ TYPING_DELAY_MS: '50' });
    try {
      const isReply = (call: { body?: { type?: string } }) => call.body?.type === 'message';
      slow.connector.respondWith((call) => (isReply(call) ? { delayMs: 400 } : undefined));
      await slow.send(slow.message('personal-message', 'AADSTS50126'));
      await slow.connector.waitFor(1);
      const types = slow.connector.calls.map((call) => call.body?.type);
      expect(types[0]).toBe('typing');
      expect(types).toContain('message');
    } finally {
      await slow.stop();
    }
  });

  it('answers a huge paste, finding the code in it', async () => {
    const huge = `AADSTS50057 ${'lorem ipsum '.repeat(20_000)} AADSTS50126`;
    const res = await harness.send(harness.message('personal-message', huge));
    expect(res.status).toBe(200);
    const [reply] = await harness.connector.waitFor(1);
    expect(cardText(cardOf(reply!))).toContain('AADSTS50057');
  });
});
