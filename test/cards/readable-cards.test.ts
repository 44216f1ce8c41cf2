import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describe, expect, it } from 'vitest';
import { testApp } from '../helpers/helpdesk-data';
import type { AdaptiveCardJson } from '../../src/cards/card-templates';
import { TicketStore } from '../../src/tickets/ticket-store';
import { cardText } from '../helpers/connector-stand-in';
import { ticketDraft } from '../helpers/ticket-draft';

const app = testApp();
const { core, replies, ticketCards } = app.deps;
const answer = (text: string, lang: 'en' | 'zh' = 'en') => replies.answerCard(core.understand(text), lang, { question: text });

/** Every element of a card body, depth first, in reading order. */
function elements(node: unknown, out: Record<string, any>[] = []): Record<string, any>[] {
  if (Array.isArray(node)) node.forEach((child) => elements(child, out));
  else if (node && typeof node === 'object') {
    const element = node as Record<string, any>;
    if (typeof element.type === 'string') out.push(element);
    for (const key of ['body', 'items', 'columns', 'inlines', 'actions', 'card']) if (key in element) elements(element[key], out);
  }
  return out;
}

describe('cards people can read at a glance', () => {
  it('says "pick another below" only when there are alternatives below', () => {
    const withAlternatives = answer('reply url mismatch'); // near-twins this close get "Which one do you see?" instead
    const alone = answer('my account is locked');
    expect(cardText(withAlternatives)).toContain('pick another below');
    expect(cardText(withAlternatives)).toContain('Or is it one of these?');
    expect(cardText(alone)).not.toContain('below');
    expect(cardText(alone)).toContain('paste the error code from the sign-in page');
    expect(cardText(answer('我的账号被锁了', 'zh'))).not.toContain('下面');
  });

  it('marks who must act with container styles and default text, never coloured text', () => {
    const cards: AdaptiveCardJson[] = [
      answer('AADSTS50053 AADSTS50076 AADSTS65001 AADSTS90072 AADSTS50058'),
      replies.noticeCard('Done', { color: 'good' }),
      ticketCards.ticketCard({ ...ticketDraft(), number: 1, status: 'open', history: [], jobs: [], updatedAt: '' }, 'en'),
    ];
    for (const card of cards) {
      expect(elements(card).filter((element) => 'color' in element)).toEqual([]);
    }
    const styles = elements(cards[0]).filter((element) => element.type === 'Container' && element.style);
    expect(styles.map((container) => container.style)).toEqual(expect.arrayContaining(['good', 'warning']));
  });

  it('keeps the status box out of a heading and its note, in both languages', async () => {
    const store = new TicketStore(new SqliteStorage(':memory:'));
    const { ticket } = await store.escalate('c|1', ticketDraft({ question: '我的账号被锁了', lang: 'zh' }));
    for (const lang of ['zh', 'en'] as const) {
      const card = ticketCards.requesterCard({ ...ticket, lang }, true);
      const body = card.body as Record<string, any>[];
      const headingAt = body.findIndex((element) => element.type === 'TextBlock' && element.weight === 'Bolder');
      const statusAt = body.findIndex((element) => element.type === 'Container' && element.style === 'accent');
      expect(statusAt).toBe(0);
      // The heading is followed by its note, nothing in between.
      expect(body[headingAt + 1]).toMatchObject({ type: 'TextBlock', isSubtle: true });
    }
  });

  it('shows the first codes of a long paste in full and collapses the rest behind a button', () => {
    const codes = core.catalog.entries.slice(0, 12).map((entry) => `AADSTS${entry.code}`);
    const card = answer(codes.join(' '));
    const all = elements(card);
    const toggle = all.find((element) => element.type === 'Action.ToggleVisibility');
    expect(toggle).toMatchObject({ title: 'Show 8 more codes', targetElements: ['moreCodes'] });
    const collapsed = all.find((element) => element.id === 'moreCodes');
    expect(collapsed).toMatchObject({ isVisible: false });
    expect(cardText(collapsed)).toContain(codes[11]);
    expect(all.filter((element) => element.type === 'TextBlock' && element.size === 'Large')).toHaveLength(4);
    expect(elements(answer('AADSTS50053')).some((element) => element.type === 'Action.ToggleVisibility')).toBe(false);
  });

  it('tells an off-topic asker what the sign-in helpdesk takes before inviting them to escalate', () => {
    const printer = cardText(answer('the printer is jammed'));
    expect(printer).toContain("Is it a sign-in problem I didn't recognise? Send it to the sign-in helpdesk.");
    expect(printer).toContain('contact your usual IT support');
    expect(cardText(answer('Excel 打不开文件', 'zh'))).toContain('请联系你平时的 IT 支持');
    expect(cardText(answer('AADSTS50053'))).toContain("Didn't solve it? Send it to the helpdesk.");
  });

  it('gives every card a summary for notifications and chat lists', () => {
    expect(answer('AADSTS50053').fallbackText).toBe('AADSTS50053 · Account locked');
    expect(answer('AADSTS50053 AADSTS50126').fallbackText).toBe('AADSTS50053 · Account locked and 1 more');
    expect(answer('我的账号被锁了', 'zh').fallbackText).toBe('看起来是：AADSTS50053 · 帐户已锁定');
    expect(answer('the printer is jammed').fallbackText).toBe("I couldn't match that to a sign-in problem");
    expect(replies.noticeCard('Saved.', { heading: 'Helpdesk' }).fallbackText).toBe('Helpdesk: Saved.');
    const help = replies.help('personal', 'en');
    expect(help.kind === 'card' && help.card.fallbackText).toBe('Sign-in Helpdesk');
  });
});
