import type { Lang } from '../catalog/types';
import { codeLabel, PARTY_STYLE } from '../core/answer-model';
import type { Strings } from '../core/strings';
import { ticketLabel } from './ticket-store';
import type { Ticket, TicketAction } from './types';

/** What the helpdesk channel's card shows; the template only lays it out. */
export interface TicketCardModel {
  /** What Teams shows for the message in notifications and chat lists. */
  readonly summary: string;
  readonly heading: string;
  /** A container style (good, warning, attention): it keeps contrast in Teams' light, dark and high-contrast themes. */
  readonly statusStyle: string;
  readonly askedBy: string;
  readonly labels: Readonly<Record<'question' | 'comment' | 'codes' | 'context' | 'resolveNote' | 'resolveConfirm' | 'who', string>>;
  readonly question: string;
  readonly comment: string | null;
  readonly codes: readonly { title: string; party: string; partyStyle: string; meaning: string }[];
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
  /** Universal Actions refresh: the assignee's Teams asks for their own view (no "Take over" button for them). */
  readonly refresh: { readonly userIds: readonly string[] } | null;
  /** "Recent sign-ins", when the sign-in logs are on and Teams gave the requester an Entra object id. */
  readonly signIns: string | null;
}

/** Who looks at a ticket card, when it is drawn for one person (an invoke response or a refresh). */
export interface TicketViewer {
  readonly id?: string;
  /** IANA time zone, from the viewer's Teams client; absent: UTC, labelled as such. */
  readonly timeZone?: string;
}

export const STATUS_STYLE: Record<Ticket['status'], string> = { open: 'attention', assigned: 'warning', resolved: 'good' };
/** Cuts what a person typed to fit a card. Cards show such text in RichTextBlock runs, which render no Markdown. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A time zone name Teams sent, if this runtime knows it (hostile or unknown names fall back to UTC). */
export function knownTimeZone(name: unknown): string | undefined {
  if (typeof name !== 'string' || !name || name.length > 64) return undefined;
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** "2026-12-01 10:03 GMT+8" in the given zone; "2026-12-01 02:03 UTC" when the zone is unknown. */
export function formatTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = knownTimeZone(timeZone) ?? 'UTC';
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const label = /^GMT(?:[+-]0)?$/.test(parts.timeZoneName ?? 'GMT') ? 'UTC' : parts.timeZoneName;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} ${label}`;
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

/**
 * The ticket card, for everyone in the channel or for one viewer. Buttons follow the state: Take over only for
 * someone other than the assignee, Resolve while not resolved, Reopen only when resolved.
 */
export function ticketCardModel(
  ticket: Ticket,
  strings: Strings,
  lang: Lang,
  viewer: TicketViewer = {},
  /** With sign-in logs on, the card offers the requester's recent sign-ins. */
  options: { readonly signInLogs?: boolean } = {},
): TicketCardModel {
  const t = (key: string, params?: Record<string, string | number>) => strings.t(lang, key, params);
  const label = ticketLabel(ticket.number);
  const facts = [
    ticket.context.traceId && { label: t('context.trace'), value: ticket.context.traceId },
    ticket.context.correlationId && { label: t('context.correlation'), value: ticket.context.correlationId },
    ticket.context.timestamp && { label: t('context.timestamp'), value: ticket.context.timestamp },
  ].filter((fact): fact is { label: string; value: string } => Boolean(fact));
  const mine = ticket.status === 'assigned' && viewer.id !== undefined && viewer.id === ticket.assignee?.id;
  const heading = t('ticket.heading', { ticket: label, status: t(`ticket.status.${ticket.status}`) });
  const firstCode = ticket.codes[0];
  return {
    ticket: label,
    summary: truncate(`${heading}: ${firstCode ? `${codeLabel(firstCode.code)} ${firstCode.title[lang]}` : ticket.question}`, 120),
    heading,
    statusStyle: STATUS_STYLE[ticket.status],
    askedBy: t('ticket.askedBy', { name: personName(ticket, strings, lang), time: formatTime(ticket.createdAt, viewer.timeZone) }),
    labels: {
      who: t('answer.who'),
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
      party: strings.t(lang, `ticket.party.${code.party}`),
      partyStyle: PARTY_STYLE[code.party] ?? 'warning', // tickets stored before a party was renamed
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
      assign: ticket.status === 'open' ? t('ticket.assign') : ticket.status === 'assigned' && !mine ? t('ticket.takeOver') : null,
      resolve: ticket.status !== 'resolved' ? t('ticket.resolve') : null,
      reopen: ticket.status === 'resolved' ? t('ticket.reopen') : null,
    },
    chat: chatLink(ticket, strings, lang),
    refresh: ticket.status === 'assigned' && ticket.assignee ? { userIds: [ticket.assignee.id] } : null,
    signIns: options.signInLogs && ticket.requester.aadObjectId ? t('ticket.signIns') : null,
  };
}

/** The box on the requester's answer card that says where their ticket stands, with times in their own time zone. */
export function requesterStatus(ticket: Ticket, strings: Strings, helpdeskReady: boolean): { text: string; style: string } {
  const lang = ticket.lang;
  const label = ticketLabel(ticket.number);
  const agent = truncate(ticket.assignee?.name ?? ticket.history.at(-1)?.by.name ?? '', 80);
  const time = formatTime(ticket.createdAt, ticket.requesterTimeZone);
  if (ticket.status === 'resolved') {
    return {
      text: strings.t(lang, 'status.resolved', { ticket: label, agent, note: truncate(ticket.resolution ?? '', 500) }).trim(),
      style: 'good',
    };
  }
  if (ticket.status === 'assigned') return { text: strings.t(lang, 'status.assigned', { ticket: label, agent }), style: 'accent' };
  return {
    text: strings.t(lang, helpdeskReady ? 'status.open' : 'status.waiting', { ticket: label, time }),
    style: helpdeskReady ? 'accent' : 'warning',
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
