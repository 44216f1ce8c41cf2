import { describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES } from '../../src/cards/card-templates';
import { testApp } from '../helpers/helpdesk-data';
import { insightsInMemory } from '../helpers/insights-kit';

const app = testApp();
/** The app with insights in memory: answers carry the feedback buttons. */
const feedbackOn = () => testApp(undefined, { insights: insightsInMemory });
const escalateData = (card: any) => card.actions.find((action: any) => action.verb === 'escalate').data;

describe('answer cards reused across messages', () => {
  it('binds each message its own question, without changing cards already sent', () => {
    const first = app.replies.answerCard(app.deps.core.understand('error 50053'), 'en', { question: 'error 50053' });
    const second = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'en', { question: 'AADSTS50053 again' });
    expect(escalateData(first)).toEqual({ q: 'error 50053', lang: 'en' });
    expect(escalateData(second)).toEqual({ q: 'AADSTS50053 again', lang: 'en' });
    expect(second.body).toBe(first.body);
  });

  it('keeps answers apart by language, IDs and status', () => {
    const en = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'en', { question: 'q' });
    const zh = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'zh', { question: 'q' });
    const withIds = app.replies.answerCard(
      app.deps.core.understand('AADSTS50053 Correlation ID: aaaa0000-bb11-2222-33cc-444444dddddd'),
      'en',
      {
        question: 'q',
      },
    );
    const escalated = app.replies.answerCard(app.deps.core.understand('AADSTS50053'), 'en', {
      question: 'q',
      status: { text: 'Escalated as HD-000001', style: 'accent' },
    });
    expect(JSON.stringify(zh)).toContain('帐户已锁定');
    expect(JSON.stringify(en)).not.toContain('帐户已锁定');
    expect(JSON.stringify(withIds)).toContain('aaaa0000-bb11-2222-33cc-444444dddddd');
    expect(JSON.stringify(en)).not.toContain('aaaa0000-bb11-2222-33cc-444444dddddd');
    expect(JSON.stringify(escalated)).toContain('Escalated as HD-000001');
    expect(escalated.actions).toEqual([]);
  });

  it('binds each answer its own id into the feedback and escalate buttons, the cached card left as it was', async () => {
    const withFeedback = feedbackOn();
    const understanding = withFeedback.deps.core.understand('AADSTS50053');
    const first = withFeedback.replies.answerCard(understanding, 'en', { question: 'AADSTS50053', answerId: 'aaaaaaaaaaaa.11111111' });
    const second = withFeedback.replies.answerCard(understanding, 'en', { question: '50053?', answerId: 'bbbbbbbbbbbb.22222222' });
    const votes = (card: any) => card.actions.filter((action: any) => action.verb === 'feedback').map((action: any) => action.data);
    expect(votes(first)).toEqual([
      { vote: 'solved', q: 'AADSTS50053', lang: 'en', answer: 'aaaaaaaaaaaa.11111111' },
      { vote: 'not_solved', q: 'AADSTS50053', lang: 'en', answer: 'aaaaaaaaaaaa.11111111' },
    ]);
    expect(votes(second).map((data: any) => [data.q, data.answer])).toEqual([
      ['50053?', 'bbbbbbbbbbbb.22222222'],
      ['50053?', 'bbbbbbbbbbbb.22222222'],
    ]);
    expect(escalateData(first)).toEqual({ q: 'AADSTS50053', lang: 'en', answer: 'aaaaaaaaaaaa.11111111' });
    expect(second.body).toBe(first.body); // one rendered card, shared
    const third = withFeedback.replies.answerCard(understanding, 'en', { question: 'again' });
    expect(votes(third).map((data: any) => data.answer)).toEqual([undefined, undefined]);
    expect(JSON.stringify(third)).not.toContain('aaaaaaaaaaaa');
  });

  it("cuts the question the vote buttons carry when three copies would pass Teams' size limit", async () => {
    const everything = app.deps.core.catalog.entries.map((entry) => `AADSTS${entry.code}`).join(' ');
    const long = '很长的问题 '.repeat(400).slice(0, 1500);
    const withFeedback = feedbackOn();
    const card: any = withFeedback.replies.answerCard(withFeedback.deps.core.understand(everything), 'zh', { question: long });
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(escalateData(card).q).toBe(long);
    const voteQuestion = card.actions.find((action: any) => action.verb === 'feedback').data.q as string;
    expect(voteQuestion.length).toBeLessThan(long.length);
    expect(long.startsWith(voteQuestion)).toBe(true);
    const short: any = withFeedback.replies.answerCard(withFeedback.deps.core.understand('AADSTS50053'), 'zh', { question: long });
    expect(short.actions.find((action: any) => action.verb === 'feedback').data.q).toBe(long);
  });

  it('asks "did this solve it?" on answers, not on questions back (which one do you see, find your code)', () => {
    const app = feedbackOn();
    const verbs = (text: string) =>
      (app.replies.answerCard(app.deps.core.understand(text), 'en', { question: text }).actions as { verb: string }[]).map((a) => a.verb);
    expect(verbs('AADSTS50053')).toEqual(['feedback', 'feedback', 'escalate']);
    expect(verbs('my account is locked')).toEqual(['feedback', 'feedback', 'escalate']);
    expect(verbs('MFA keeps failing')).not.toContain('feedback');
    expect(verbs('Sorry, but we are having trouble signing you in')).not.toContain('feedback');
  });
});
