import type { Lang } from '../catalog/types';
import { codeLabel, partyLabel } from '../core/answer-model';
import type { Strings } from '../core/strings';
import { ticketLabel } from './ticket-store';
import type { Ticket, TicketAction } from './types';

/** What the helpdesk channel's card shows; the template only lays it out. */
export interface TicketCardModel {
  readonly heading: string;
  readonly statusColor: string;
  readonly askedBy: string;
  readonly labels: Readonly<Record<'question' | 'comment' | 'codes' | 'context' | 'resolveNote' | 'resolveConfirm', string>>;
  readonly question: string;
  readonly comment: string | null;
  readonly codes: readonly { title: string; party: string; partyColor: string; meaning: string }[];
  readonly noCodes: string | null;
  readonly moreCodes: string | null;
  readonly unknownCodes: string | null;
  /** Identifiers only (validated GUIDs and times): safe in a FactSet, which renders Markdown. */
  readonly facts: readonly { label: string; value: string }[];
  /** Lines that hold what people typed: shown as RichTextBlock runs. */
  readonly lines: readonly { label: string; value: string }[];
  readonly actions: Readonly<Record<'assign' | 'resolve' | 'reopen', string | null>>;
  readonly ticket: string;
  readonly chat: { readonly label: string; readonly url: string } | null;
  /** "Recent sign-ins", when the sign-in logs are on and Teams gave the requester an Entra object id. */
  readonly signIns: string | null;
}

const STATUS_COLOR: Record<Ticket['status'], string> = { open: 'attention', assigned: 'warning', resolved: 'good' };
const PARTY_COLOR: Record<string, string> = { user: 'good', none: 'accent', microsoft_support: 'attention' };
/** Cuts what a person typed to fit a card. Cards show such text in RichTextBlock runs, which render no Markdown. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

export function ageOf(iso: string, now: Date, strings: Strings, lang: Lang): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(iso)) / 60_000));
  if (minutes < 60) return strings.t(lang, 'age.minutes', { n: minutes });
  if (minutes < 48 * 60) return strings.t(lang, 'age.hours', { n: Math.round(minutes / 60) });
  return strings.t(lang, 'age.days', { n: Math.round(minutes / 1440) });
}

function personName(ticket: Ticket, strings: Strings, lang: Lang): string {
  return truncate(ticket.requester.name ?? strings.t(lang, 'ticket.unknownRequester'), 80);
}

/** A link that opens a 1:1 chat with the requester in Teams; the deep link takes only a user principal name. */
function chatLink(ticket: Ticket, strings: Strings, lang: Lang): TicketCardModel['chat'] {
  const user = ticket.requester.upn;
  if (!user || !/^[^\s@]+@[^\s@]+$/.test(user)) return null;
  return { label: strings.t(lang, 'ticket.chat'), url: `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(user)}` };
}

/** Codes shown in full on a ticket card; more are listed by number, to keep the card far below Teams' size limit. */
const MAX_TICKET_CODES = 6;

export function ticketCardModel(
  ticket: Ticket,
  strings: Strings,
  lang: Lang,
  options: { readonly signInLogs?: boolean } = {},
): TicketCardModel {
  const t = (key: string, params?: Record<string, string | number>) => strings.t(lang, key, params);
  const label = ticketLabel(ticket.number);
  const facts = [
    ticket.context.traceId && { label: t('context.trace'), value: ticket.context.traceId },
    ticket.context.correlationId && { label: t('context.correlation'), value: ticket.context.correlationId },
    ticket.context.timestamp && { label: t('context.timestamp'), value: ticket.context.timestamp },
  ].filter((fact): fact is { label: string; value: string } => Boolean(fact));
  const can = (action: TicketAction) => (action === 'reopen') === (ticket.status === 'resolved');
  return {
    ticket: label,
    heading: t('ticket.heading', { ticket: label, status: t(`ticket.status.${ticket.status}`) }),
    statusColor: STATUS_COLOR[ticket.status],
    askedBy: t('ticket.askedBy', { name: personName(ticket, strings, lang), time: formatTime(ticket.createdAt) }),
    labels: {
      question: t('ticket.question'),
      comment: t('ticket.comment'),
      codes: t('ticket.codes'),
      context: t('ticket.context'),
      resolveNote: t('ticket.resolveNote'),
      resolveConfirm: t('ticket.resolveConfirm'),
    },
    question: truncate(ticket.question, 1000),
    comment: ticket.comment ? truncate(ticket.comment, 500) : null,
    codes: ticket.codes.slice(0, MAX_TICKET_CODES).map((code) => ({
      title: `${codeLabel(code.code)} · ${code.title[lang]}`,
      party: partyLabel(strings, lang, code.party),
      partyColor: PARTY_COLOR[code.party] ?? 'warning',
      meaning: code.meaning[lang],
    })),
    noCodes: ticket.codes.length || ticket.unknownCodes.length ? null : t('ticket.noCodes'),
    moreCodes:
      ticket.codes.length > MAX_TICKET_CODES
        ? t('ticket.moreCodes', {
            codes: ticket.codes
              .slice(MAX_TICKET_CODES)
              .map((c) => codeLabel(c.code))
              .join(', '),
          })
        : null,
    unknownCodes: ticket.unknownCodes.length
      ? t('ticket.unknownCodes', { codes: ticket.unknownCodes.slice(0, 20).map(codeLabel).join(', ') })
      : null,
    facts,
    lines: [
      ticket.assignee && { label: t('ticket.assignee'), value: truncate(ticket.assignee.name ?? ticket.assignee.id, 80) },
      ticket.status === 'resolved' && ticket.resolution && { label: t('ticket.resolution'), value: truncate(ticket.resolution, 500) },
    ].filter((line): line is { label: string; value: string } => Boolean(line)),
    actions: {
      assign: can('assign') ? t('ticket.assign') : null,
      resolve: can('resolve') ? t('ticket.resolve') : null,
      reopen: can('reopen') ? t('ticket.reopen') : null,
    },
    chat: chatLink(ticket, strings, lang),
    signIns: options.signInLogs && ticket.requester.aadObjectId ? t('ticket.signIns') : null,
  };
}

/** The line on the requester's answer card that says where their ticket stands. */
export function requesterStatus(ticket: Ticket, strings: Strings, helpdeskReady: boolean): { text: string; color: string } {
  const lang = ticket.lang;
  const label = ticketLabel(ticket.number);
  const agent = truncate(ticket.assignee?.name ?? ticket.history.at(-1)?.by.name ?? '', 80);
  if (ticket.status === 'resolved') {
    return {
      text: strings.t(lang, 'status.resolved', { ticket: label, agent, note: truncate(ticket.resolution ?? '', 500) }).trim(),
      color: 'good',
    };
  }
  if (ticket.status === 'assigned') return { text: strings.t(lang, 'status.assigned', { ticket: label, agent }), color: 'accent' };
  return {
    text: strings.t(lang, helpdeskReady ? 'status.open' : 'status.waiting', { ticket: label }),
    color: helpdeskReady ? 'accent' : 'warning',
  };
}

/** What the requester is told when an agent acts on their ticket. */
export function requesterNotice(ticket: Ticket, event: TicketAction, strings: Strings): { heading: string; text: string } {
  const lang = ticket.lang;
  const label = ticketLabel(ticket.number);
  const last = [...ticket.history].reverse().find((entry) => entry.action === event);
  const agent = truncate(last?.by.name ?? '', 80);
  const note = event === 'resolve' ? truncate(last?.note ?? ticket.resolution ?? '', 500) : '';
  return {
    heading: strings.t(lang, 'notify.heading', { ticket: label }),
    text: strings.t(lang, `notify.${event}`, { ticket: label, agent, note }).trim(),
  };
}
