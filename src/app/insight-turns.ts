import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import { MAX_ESCALATED_QUESTION } from '../core/answer-model';
import type { Understanding } from '../core/helpdesk-core';
import { VOTES, type Outcome, type Vote } from '../insights/events';
import type { Insights } from '../insights/insights';
import type { Escalation } from './escalation';
import type { Replies } from './replies';
import { isOrigin, localeLang, type CardAction, type IncomingMessage, type Reply } from './turn-types';

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[name] : undefined;
}

/**
 * Where the conversation meets the insights: recording answered questions, the feedback buttons' clicks and the
 * `stats` command. With insights off (INSIGHTS=off) questions are not recorded and both refuse politely.
 */
export class InsightTurns {
  constructor(
    private readonly replies: Replies,
    private readonly escalation: Escalation,
    private readonly insights?: Insights,
  ) {}

  /** Records a question the bot answered; returns the answer id its card carries, with insights on. */
  answered(message: IncomingMessage, understanding: Understanding, outcome?: { outcome: Outcome; codes: number[] }): string | undefined {
    return this.insights?.answered(message, understanding, outcome);
  }

  /** An answer id for a follow-up answer (an entry picked from a choice), not recorded as a question. */
  followUpAnswer(): string | undefined {
    return this.insights?.followUpAnswer();
  }

  /**
   * "This solved it" / "Not solved": records the person's vote (a second vote replaces the first) and returns the
   * answer again, saying thanks, or, when not solved, pointing at the escalation comment right below.
   */
  async vote(action: CardAction): Promise<AdaptiveCardJson> {
    const { data } = action;
    const requested = field(data, 'lang');
    const lang: Lang = requested === 'zh' || requested === 'en' ? requested : localeLang(action.locale);
    const vote: Vote | undefined = VOTES.find((known) => known === field(data, 'vote'));
    const answer = this.insights?.answerId(field(data, 'answer'));
    if (!this.insights || !vote || !answer) return this.replies.refusalCard(lang, 'refused.invalid');
    this.insights.voted(action.actor, answer, vote);
    const { strings, core } = this.replies.deps;
    const note =
      vote === 'solved'
        ? { text: strings.t(lang, 'feedback.thanks'), style: 'good' as const }
        : { text: strings.t(lang, 'feedback.sorry'), style: 'warning' as const };
    const question = field(data, 'q');
    if (typeof question !== 'string' || !question.trim()) return this.replies.noticeCard(note.text, { color: 'default' });
    const q = question.trim().slice(0, MAX_ESCALATED_QUESTION);
    return this.replies.answerCard(core.understand(q), lang, { question: q, answerId: answer, feedback: { note } });
  }

  /** `stats` / `统计`: the insights card, in the helpdesk channel only. */
  async stats(message: IncomingMessage, lang: Lang): Promise<Reply> {
    const { strings } = this.replies.deps;
    if (!this.insights) return this.replies.notice(strings.t(lang, 'stats.off'), { color: 'warning' });
    if (!isOrigin(message) || !(await this.escalation.fromHelpdeskChannel(message)))
      return this.replies.notice(strings.t(lang, 'stats.notHere'), { color: 'warning' });
    return { kind: 'card', card: await this.insights.statsCard(lang) };
  }
}
