import type { Lang } from '../catalog/types';
import type { Understanding } from '../core/helpdesk-core';
import { parseSubject, subjectOf, type LookupOutcome, type SignInLookup, type SignInSubject } from '../signin/sign-in-lookup';
import { buildSignInsModel, hasFailuresToShow, type SignInsAudience } from '../signin/sign-ins-model';
import { parseTicketLabel, ticketLabel, type TicketStore } from '../tickets/ticket-store';
import type { Escalation } from './escalation';
import type { Replies } from './replies';
import type { IncomingMessage, Origin, Reply } from './turn-types';

/** Where a sign-in question came from: who asks, where, and the time zone their Teams client reported. */
export type SignInAsker = Omit<IncomingMessage, 'text' | 'scope'> & Partial<Pick<IncomingMessage, 'text' | 'scope'>>;

/**
 * Who may see whose sign-ins, and which card answers: people see their own (in 1:1 chat), the helpdesk channel
 * sees anyone's. Any other request is refused before a single request reaches the logs.
 */
export class SignInAnswers {
  constructor(
    private readonly replies: Replies,
    private readonly escalation: Escalation,
    private readonly store: TicketStore,
    private readonly lookup: SignInLookup,
  ) {}

  /**
   * A 1:1 message without an error code, from someone Teams identified: their failed sign-ins, explained;
   * with none (or no logs), the answer from the text with a line that says so.
   */
  async answerFromLogs(
    asker: SignInAsker,
    understanding: Understanding,
    question: string,
    /** Records the answer (insights): with the codes the logs showed, or none when the text answered; returns its id. */
    record: (fromLogs?: number[]) => string | undefined = () => undefined,
  ): Promise<Reply> {
    const lang = understanding.lang;
    const subject = subjectOf(asker.actor?.aadObjectId)!;
    const outcome = await this.lookup.recentFailures(subject);
    if (outcome.ok && hasFailuresToShow(outcome.records, this.replies.deps.core.catalog)) {
      record([...new Set(outcome.records.map((failure) => failure.errorCode))]);
      return this.card(outcome, lang, { kind: 'self', question }, asker.timeZone);
    }
    const t = (key: string, params?: Record<string, number>) => this.replies.deps.strings.t(lang, key, params);
    const banner = outcome.ok
      ? { text: t('signins.banner.none', { hours: outcome.lookbackHours }), style: 'emphasis' }
      : { text: t('signins.banner.unavailable'), style: 'warning' };
    return this.replies.answer(understanding, undefined, { question, banner, answerId: record() });
  }

  /** `my sign-ins` / `我的登录记录`: only in 1:1 chat, where no one else sees them. */
  async mine(asker: SignInAsker, question: string, lang: Lang): Promise<Reply> {
    const t = (key: string) => this.replies.deps.strings.t(lang, key);
    if (asker.scope !== 'personal') return this.replies.notice(t('signins.onlyPersonal'), { color: 'warning' });
    const subject = subjectOf(asker.actor?.aadObjectId);
    if (!subject) return this.replies.notice(t('signins.noObjectId'), { color: 'warning' });
    return this.show(subject, lang, { kind: 'self', question }, asker.timeZone);
  }

  /**
   * `sign-ins <upn|object id>` / `登录记录 <upn>`: only in the helpdesk channel. Elsewhere, words after "sign-ins" that
   * name nobody ("sign-ins keep failing", "登录记录显示失败") are a question, answered as one (undefined).
   */
  async forHelpdesk(asker: SignInAsker, argument: string, lang: Lang): Promise<Reply | undefined> {
    const t = (key: string) => this.replies.deps.strings.t(lang, key);
    const subject = parseSubject(argument);
    const helpdesk = await this.inHelpdeskChannel(asker);
    if (!helpdesk) return subject || !argument ? this.replies.notice(t('signins.notHere'), { color: 'warning' }) : undefined;
    if (!subject) return this.replies.notice(t('signins.usage'), { color: 'warning' });
    return this.show(subject, lang, { kind: 'helpdesk', user: subject.kind === 'upn' ? subject.upn : subject.id }, asker.timeZone);
  }

  /** The ticket card's "Recent sign-ins" button: the requester's failures, posted in the ticket's thread. */
  async forTicket(asker: SignInAsker, ticketField: unknown, lang: Lang): Promise<Reply> {
    const strings = this.replies.deps.strings;
    if (!(await this.inHelpdeskChannel(asker))) return this.replies.notice(strings.t(lang, 'signins.notHere'), { color: 'warning' });
    const number = parseTicketLabel(ticketField);
    const ticket = number === undefined ? undefined : await this.store.getTicket(number);
    if (!ticket) return this.replies.notice(strings.t(lang, 'refused.invalid'), { color: 'attention' });
    const subject = subjectOf(ticket.requester.aadObjectId);
    if (!subject)
      return this.replies.notice(strings.t(lang, 'signins.ticketNoRequester', { ticket: ticketLabel(ticket.number) }), {
        color: 'warning',
      });
    const user = ticket.requester.upn ?? ticket.requester.name ?? ticket.requester.aadObjectId!;
    return this.show(subject, lang, { kind: 'helpdesk', user }, asker.timeZone);
  }

  private async show(subject: SignInSubject, lang: Lang, audience: SignInsAudience, timeZone?: string): Promise<Reply> {
    const strings = this.replies.deps.strings;
    const outcome = await this.lookup.recentFailures(subject);
    if (!outcome.ok) {
      const text =
        audience.kind === 'helpdesk'
          ? strings.t(lang, 'signins.unavailable.helpdesk', { reason: strings.t(lang, `signins.failure.${outcome.failure}`) })
          : strings.t(lang, 'signins.unavailable');
      return this.replies.notice(text, { color: 'warning' });
    }
    if (!outcome.records.length) {
      const text =
        audience.kind === 'helpdesk'
          ? strings.t(lang, 'signins.none.user', { user: audience.user, hours: outcome.lookbackHours })
          : strings.t(lang, 'signins.none.self', { hours: outcome.lookbackHours });
      return this.replies.notice(text, { color: 'good' });
    }
    return this.card(outcome, lang, audience, timeZone);
  }

  private card(outcome: LookupOutcome & { ok: true }, lang: Lang, audience: SignInsAudience, timeZone?: string): Reply {
    const { core, strings } = this.replies.deps;
    const model = buildSignInsModel(outcome.records, core.catalog, strings, lang, {
      audience,
      lookbackHours: outcome.lookbackHours,
      ...(timeZone && { timeZone }),
    });
    return this.replies.card('sign-ins', model);
  }

  private async inHelpdeskChannel(asker: SignInAsker): Promise<boolean> {
    if (!asker.actor || !asker.conversation) return false;
    const channel = await this.store.getChannel();
    return Boolean(channel && this.escalation.isHelpdeskChannel(asker as Origin, channel));
  }
}
