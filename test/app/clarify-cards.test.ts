import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app/create-app';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { TicketStore } from '../../src/tickets/ticket-store';
import { testData } from '../helpers/helpdesk-data';

/** With a ticket store, as the bot runs: answers carry the escalate button. */
const app = createHelpdeskApp(testData(), { store: new TicketStore(new SqliteStorage(':memory:')), onQueued: () => {} });

const origin = {
  actor: { id: '29:user' },
  conversation: { serviceUrl: 'https://example.test/', channelId: 'msteams', conversationId: 'a:1' },
};

/** The card's "I see AADSTSxxxxx" buttons: Universal Actions routed by the app's card verb table. */
function choices(card: AdaptiveCardJson): { title: string; data: Record<string, unknown> }[] {
  const actions = (card.actions ?? []) as { type: string; verb?: string; title: string; data: Record<string, unknown> }[];
  return actions.filter((action) => action.type === 'Action.Execute' && action.verb === 'answer.choose');
}

async function cardFor(text: string, locale = 'en-US'): Promise<AdaptiveCardJson> {
  const [reply] = await app.onMessage({ text, locale, scope: 'personal' });
  if (reply?.kind !== 'card') throw new Error('expected a card');
  return reply.card;
}

describe('cards that ask instead of guessing', () => {
  it('MFA family: asks which one, with a button per near-twin that shows that entry', async () => {
    const card = await cardFor('mfa keeps failing');
    const json = JSON.stringify(card);
    expect(json).toContain('Which one do you see?');
    const buttons = choices(card);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    expect(buttons.length).toBeLessThanOrEqual(3);
    const codes = buttons.map((button) => Number(button.data.code));
    expect(codes.filter((code) => [50074, 50076, 50079, 500121].includes(code)).length).toBeGreaterThanOrEqual(2);
    for (const [i, button] of buttons.entries()) {
      expect(button.title).toBe(`I see AADSTS${codes[i]}`);
      expect(button.data).toMatchObject({ lang: 'en', q: 'mfa keeps failing' });
    }

    // Pressing one replaces the question with that entry in full, still escalable with the question as first asked.
    const shown = await app.onCardAction({ ...origin, verb: 'answer.choose', data: buttons[1]!.data });
    expect(JSON.stringify(shown)).toContain(`AADSTS${codes[1]} · `);
    expect(JSON.stringify(shown)).not.toContain('Which one do you see?');
    const escalate = (shown.actions as { verb?: string; data?: { q?: string } }[]).find((action) => action.verb === 'escalate');
    expect(escalate?.data?.q).toBe('mfa keeps failing');
  });

  it.each([
    ['a code not in the catalog', { code: '99999999', lang: 'en' }],
    ['no code', { lang: 'en' }],
    ['a code that is not a number', { code: '50074; drop', lang: 'en' }],
    ['no data at all', null],
  ])('refuses a choice with %s', async (_, data) => {
    const card = await app.onCardAction({ ...origin, verb: 'answer.choose', data });
    expect(JSON.stringify(card)).toContain('not valid');
  });

  it('password-change family: asks in Chinese which one, offering the sessions ended by a password change', async () => {
    const card = await cardFor('改了密码以后所有应用都要重新登录', 'zh-CN');
    expect(JSON.stringify(card)).toContain('你看到的是哪一个？');
    const codes = choices(card).map((button) => Number(button.data.code));
    expect(codes.filter((code) => [50133, 50173, 50132].includes(code)).length).toBeGreaterThanOrEqual(2);
    expect(choices(card).every((button) => button.title.startsWith('我看到的是 AADSTS'))).toBe(true);
  });

  it('an error page with no code: the steps to find the code, the IDs it carried, and escalation', async () => {
    const page = [
      "Sorry, but we're having trouble signing you in.",
      'Request Id: 2f8c5a1e-9b3d-4c6e-8f7a-1b2c3d4e5f60',
      'Correlation Id: 7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d',
    ].join('\n');
    const [reply] = await app.onMessage({ text: page, locale: 'en-US', scope: 'personal' });
    const json = JSON.stringify(reply);
    expect(json).toContain("Let's find the error code");
    expect(json).toContain('**Troubleshooting details**');
    expect(json).toContain('Correlation Id');
    expect(json).toContain('7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d');
    expect(json).toContain('"verb":"escalate"');
    expect(json).not.toMatch(/"type":"Image"/);
  });

  it('a vague complaint gets the steps too; an unrelated request still gets "no match"', async () => {
    expect(JSON.stringify(await cardFor('登录不了', 'zh-CN'))).toContain('先找到错误代码');
    const unrelated = JSON.stringify(await cardFor('the printer on floor 3 is jammed'));
    expect(unrelated).toContain("I couldn't match that to a sign-in problem");
    expect(unrelated).not.toContain("Let's find the error code");
  });
  it('an app status code alone: names it as the app\u2019s and shows the way to the sign-in\u2019s own code', async () => {
    const en = JSON.stringify(await cardFor('Teams error code caa70004'));
    expect(en).toContain('0xCAA70004 is a status code of the app you were signing in to');
    expect(en).toContain('**Troubleshooting details**');
    expect(en).toContain('"verb":"escalate"');
    expect(JSON.stringify(await cardFor('Teams 登录报错 0xCAA70004', 'zh-CN'))).toContain('0xCAA70004 是你登录的应用');
  });
  it('does not reuse one "find the code" card for another reason: a vague complaint, then an error page', async () => {
    expect(JSON.stringify(await cardFor('登录不了', 'zh-CN'))).toContain('登录失败的原因有很多');
    const page = JSON.stringify(await cardFor('很抱歉，登录时遇到问题。', 'zh-CN'));
    expect(page).toContain('这是登录错误页面');
    expect(page).not.toContain('登录失败的原因有很多');
  });
  it('a screenshot alone: says it cannot read pictures, shows the way to the text, and can still be escalated', async () => {
    const [reply] = await app.onMessage({ ...origin, text: '', locale: 'en-US', scope: 'personal', withImage: true });
    if (reply?.kind !== 'card') throw new Error('expected a card');
    const json = JSON.stringify(reply.card);
    expect(json).toContain("I can't read pictures");
    expect(json).toContain('**Troubleshooting details**');
    const escalate = (reply.card.actions as { verb?: string; data: Record<string, unknown> }[]).find((a) => a.verb === 'escalate')!;
    expect(escalate.data.q).toBe('(a screenshot of the error, which the bot cannot read)');
    const escalated = JSON.stringify(await app.onCardAction({ ...origin, verb: 'escalate', data: escalate.data }));
    expect(escalated).toMatch(/HD-\d{6}/);
    const [empty] = await app.onMessage({ ...origin, text: '  ', locale: 'en-US', scope: 'personal' });
    expect(JSON.stringify(empty)).toContain('Send me an error code');
  });
});
