import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activity, BotHarness } from '../helpers/bot-harness';
import { cardText } from '../helpers/connector-stand-in';

describe('compose-box search (message extension) over real HTTP', () => {
  const harness = new BotHarness();
  beforeAll(() => harness.start());
  afterAll(() => harness.stop());

  function invoke(name: string, value: unknown, locale = 'en-US') {
    const base = activity('personal-message', harness.connector.url, { locale });
    delete base.text;
    return harness.send({ ...base, type: 'invoke', name, value });
  }

  const query = (text: string, locale?: string) =>
    invoke(
      'composeExtension/query',
      { commandId: 'lookupError', parameters: [{ name: 'query', value: text }], queryOptions: { skip: 0, count: 25 } },
      locale,
    );

  const titles = (body: any): string[] => body.composeExtension.attachments.map((a: any) => a.preview.content.title);

  it('lists the entry for a code, with who must act', async () => {
    const res = await query('AADSTS50053');
    expect(res.status).toBe(200);
    expect(res.body.composeExtension.type).toBe('result');
    expect(titles(res.body)[0]).toBe('AADSTS50053 · Account locked');
    expect(res.body.composeExtension.attachments[0].preview.content.text).toBe('You can fix this');
  });

  it('completes a partly typed code', async () => {
    const found = titles((await query('7000')).body);
    expect(found.some((title) => title.startsWith('AADSTS70008'))).toBe(true);
    expect(found.length).toBeLessThanOrEqual(10);
  });

  it('matches a Chinese symptom in Chinese and an English one in English', async () => {
    expect(titles((await query('账号被锁了', 'en-US')).body)[0]).toBe('AADSTS50053 · 帐户已锁定');
    const english = titles((await query('my password expired')).body);
    expect(english[0]).toMatch(/^AADSTS(50055|50144) · /);
  });

  it('lists the most common codes for an empty box (initialRun)', async () => {
    const res = await invoke('composeExtension/query', { commandId: 'lookupError', parameters: [{ name: 'initialRun', value: 'true' }] });
    const listed = titles(res.body);
    expect(listed).toHaveLength(10);
    expect(listed[0]).toMatch(/^AADSTS50126 · /);
  });

  it('says so when nothing matches', async () => {
    const res = await query('the printer is jammed');
    expect(res.body.composeExtension).toEqual({ type: 'message', text: expect.stringContaining('No sign-in error matches') });
  });

  it('inserts the full answer card for the picked entry, and refuses a forged pick', async () => {
    const listed = await query('AADSTS50057');
    const tap = listed.body.composeExtension.attachments[0].preview.content.tap.value;
    const picked = await invoke('composeExtension/selectItem', tap);
    const card = picked.body.composeExtension.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(cardText(card.content)).toContain('AADSTS50057');
    expect(JSON.stringify(card.content)).not.toContain('"verb":"escalate"');
    const forged = await invoke('composeExtension/selectItem', { code: '50057; DROP TABLE' });
    expect(forged.body.composeExtension.type).toBe('message');
  });
});
