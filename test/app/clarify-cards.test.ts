import { MemoryStorage } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app/create-app';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { TicketStore } from '../../src/tickets/ticket-store';

/** With a ticket store, as the bot runs: answers carry the escalate button. */
const app = createHelpdeskApp({ store: new TicketStore(new MemoryStorage()), onQueued: () => {} });

/** Every Action.Submit anywhere in a card, with its data. */
function submits(card: unknown): { title: string; data: Record<string, unknown> }[] {
  const found: { title: string; data: Record<string, unknown> }[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'Action.Submit') found.push({ title: String(record.title), data: record.data as Record<string, unknown> });
      Object.values(record).forEach(walk);
    }
  };
  walk(card);
  return found;
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
    const buttons = submits(card);
    expect(buttons.length).toBeGreaterThanOrEqual(2);
    const codes = buttons.map((button) => Number(button.data.code));
    expect(codes.filter((code) => [50074, 50076, 50079, 500121].includes(code)).length).toBeGreaterThanOrEqual(2);
    for (const button of buttons) expect(button.data).toMatchObject({ action: 'show', lang: 'en' });

    // Pressing one shows that entry's full answer.
    const [shown] = await app.onMessage({ text: '', value: buttons[0]!.data, locale: 'en-US', scope: 'personal' });
    expect(shown?.kind).toBe('card');
    expect(JSON.stringify(shown)).toContain(`AADSTS${codes[0]} · `);
    expect(JSON.stringify(shown)).not.toContain('Which one do you see?');
  });

  it('password-change family: asks in Chinese which one, offering the sessions ended by a password change', async () => {
    const card = await cardFor('改了密码以后所有应用都要重新登录', 'zh-CN');
    expect(JSON.stringify(card)).toContain('你看到的是哪一个？');
    const codes = submits(card).map((button) => Number(button.data.code));
    expect(codes.filter((code) => [50133, 50173, 50132].includes(code)).length).toBeGreaterThanOrEqual(2);
    expect(submits(card).every((button) => button.title === '就是这个')).toBe(true);
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
});
