import { SqliteStorage } from '../../src/storage/sqlite-storage';
import { describe, expect, it } from 'vitest';
import { createHelpdeskApp } from '../../src/app/create-app';
import { buildAnswer } from '../../src/core/answer-model';
import { TicketStore } from '../../src/tickets/ticket-store';
import { testData } from '../helpers/helpdesk-data';

const app = createHelpdeskApp(testData(), { store: new TicketStore(new SqliteStorage(':memory:')), onQueued: () => {} });
const { core, strings, replies } = app.deps;
const notesOf = (code: number, lang: 'en' | 'zh') =>
  buildAnswer(core.understand(`AADSTS${code}`), core.catalog, strings, lang).entries[0]!.notes.map((note) => note.text);

describe('answer card notes about the code itself', () => {
  it('says when Microsoft no longer lists a code and when it is a copy of another', () => {
    expect(notesOf(70044, 'en')).toEqual([
      "Microsoft's current error reference no longer lists AADSTS70044; this explanation follows its 2019 sign-in error page.",
      'AADSTS70044 is described word for word like AADSTS70043: both codes stand for the same failure.',
    ]);
    expect(notesOf(70044, 'zh')[0]).toBe(
      'Microsoft 现行的错误代码参考中已不再列出 AADSTS70044；以下说明依据其 2019 年的登录错误代码页面。',
    );
  });

  it('says what changed since the 2019 page where the sources disagree', () => {
    expect(notesOf(16000, 'en')).toEqual([`Changed since the 2019 page: ${core.catalog.get(16000)!.changed!.en}`]);
    expect(notesOf(16000, 'zh')).toEqual([`与 2019 年页面相比的变化：${core.catalog.get(16000)!.changed!.zh}`]);
  });

  it('adds nothing to a code the current reference lists unchanged', () => {
    expect(notesOf(50126, 'en')).toEqual([]);
    expect(notesOf(7000222, 'zh')).toEqual([]);
  });

  it('shows the notes on the card, between who must act and the meaning', () => {
    const card = JSON.stringify(replies.answerCard(core.understand('AADSTS500121'), 'en'));
    const note = card.indexOf('no longer lists AADSTS500121');
    expect(note).toBeGreaterThan(card.indexOf('Who must act'));
    expect(note).toBeLessThan(card.indexOf(core.catalog.get(500121)!.meaning.en));
    expect(JSON.stringify(replies.answerCard(core.understand('AADSTS50126'), 'en'))).not.toMatch(/no longer lists|Changed since/);
  });
});
