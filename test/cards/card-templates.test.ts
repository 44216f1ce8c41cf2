import { describe, expect, it, vi } from 'vitest';
import { createHelpdeskApp } from '../../src/app/create-app';
import type { Reply } from '../../src/app/helpdesk-app';
import { MAX_CARD_VERSION } from '../../src/cards/card-templates';
import { adaptiveCardProblems } from '../helpers/adaptive-card-validator';

const app = createHelpdeskApp();
const { core } = app.deps;
const TEAMS_LIMIT_BYTES = 28 * 1024;
const allCodes = core.catalog.entries.map((entry) => `AADSTS${entry.code}`).join(' ');
const paste = `AADSTS50126: Error validating credentials.\nTrace ID: 0000aaaa-11bb-cccc-dd22-eeeeee333333\nCorrelation ID: aaaa0000-bb11-2222-33cc-444444dddddd\nTimestamp: 2016-01-09 02:02:12Z`;

function cardOf(reply: Reply) {
  if (reply.kind !== 'card') throw new Error('expected a card');
  return reply.card;
}

/** Every template, expanded with representative data in both languages. */
const samples: [string, () => Reply][] = (['en', 'zh'] as const).flatMap((lang) => [
  [`${lang} answer to a paste with IDs`, () => app.answer(core.understand(paste), lang)],
  [`${lang} answer to every code at once, plus unknown ones`, () => app.answer(core.understand(`${allCodes} AADSTS99999991 AADSTS99999992`), lang)],
  [`${lang} symptom answer with alternatives`, () => app.answer(core.understand('my password expired'), lang)],
  [`${lang} no match`, () => app.answer(core.understand('the printer is jammed'), lang)],
  [`${lang} help in a team`, () => app.help('team', lang)],
  [`${lang} welcome in a chat`, () => app.welcome('groupChat', lang === 'zh' ? 'zh-CN' : 'en-US')],
  [`${lang} notice`, () => app.notice(app.deps.strings.t(lang, 'error.turn', { ref: 'abc12345' }), { color: 'attention' })],
] as [string, () => Reply][]);

describe('card templates', () => {
  it('samples every template in cards/', () => {
    const render = vi.spyOn(app.deps.cards, 'render');
    for (const [, make] of samples) make();
    expect(new Set(render.mock.calls.map(([name]) => name))).toEqual(new Set(app.deps.cards.names));
    render.mockRestore();
  });

  it.each(samples)('%s parses in adaptivecards 3.0.6 with no warnings, is v1.5 or lower and under 28 KB', (_, make) => {
    const card = cardOf(make());
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(Number(card.version)).toBeLessThanOrEqual(MAX_CARD_VERSION);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(TEAMS_LIMIT_BYTES);
    expect(JSON.stringify(card)).not.toContain('${');
  });
});
