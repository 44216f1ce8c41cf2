import type { Catalog } from '../catalog/catalog';
import { errorLookupUrl, type Lang } from '../catalog/types';
import { codeLabel, entryView, MAX_ESCALATED_QUESTION } from '../core/answer-model';
import type { Strings } from '../core/strings';
import { formatTime } from '../tickets/ticket-view';
import type { SignInRecord } from './sign-in-lookup';

/** Groups (one failure code in one app) shown in full; the card stays far below Teams' size limit. */
export const MAX_SIGN_IN_GROUPS = 4;
/** Of the question the person asked, what each escalate button carries next to the sign-in's identifiers. */
const MAX_QUESTION_IN_TICKET = 300;
/** Graph's free text (app, place, device, reason) as shown on a line of the card. */
const MAX_LINE = 120;

/** Who sees the card: the person the sign-ins belong to (who may escalate), or the helpdesk channel (who sees more). */
export type SignInsAudience =
  | { readonly kind: 'self'; /** The question asked, for the escalate buttons; none, no buttons. */ readonly question?: string }
  | { readonly kind: 'helpdesk'; readonly user: string };

export interface SignInGroupView {
  readonly codeLabel: string;
  readonly title: string;
  readonly partyLabel: string | null;
  /** Container style that marks who must act at a glance. */
  readonly partyStyle: string;
  readonly meaning: string | null;
  readonly steps: readonly { readonly text: string }[];
  readonly links: readonly { readonly label: string; readonly url: string }[];
  /** App, time, place, device…: Graph's text, shown as plain runs (no Markdown). */
  readonly lines: readonly { readonly label: string; readonly value: string }[];
  /** The escalate button for this sign-in; only the person it belongs to gets one. */
  readonly escalate: { readonly title: string; readonly q: string } | null;
}

export interface SignInsCardModel {
  readonly lang: Lang;
  readonly heading: string;
  /** What Teams shows in notifications and chat lists (the card's fallbackText). */
  readonly summary: string;
  readonly intro: string;
  readonly labels: Readonly<Record<'who' | 'steps', string>>;
  readonly groups: readonly SignInGroupView[];
  readonly interruptions: string | null;
  readonly more: string | null;
  readonly escalate: { readonly prompt: string; readonly placeholder: string } | null;
}

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function join(parts: readonly (string | undefined)[]): string | undefined {
  // "Shanghai · Shanghai · CN" says the city twice: a state named like its city is left out.
  const present = [...new Set(parts.filter((part): part is string => Boolean(part)))];
  return present.length ? present.join(' · ') : undefined;
}

interface Group {
  readonly latest: SignInRecord;
  count: number;
}

/** One group per failure code and app, newest first: ten retries of a wrong password are one problem. */
function groupRecords(records: readonly SignInRecord[]): Group[] {
  const groups = new Map<string, Group>();
  for (const record of [...records].sort((a, b) => b.createdAt.localeCompare(a.createdAt))) {
    const key = `${record.errorCode}|${record.appDisplayName ?? ''}`;
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { latest: record, count: 1 });
  }
  return [...groups.values()];
}

/**
 * The sign-ins card from the failed sign-ins the logs returned: each failure explained from the catalog
 * (who must act, next steps), with when, where and on what it happened. Pure: no Graph, no Teams.
 */
export function buildSignInsModel(
  records: readonly SignInRecord[],
  catalog: Catalog,
  strings: Strings,
  lang: Lang,
  options: { readonly audience: SignInsAudience; readonly lookbackHours: number; readonly timeZone?: string },
): SignInsCardModel {
  const t = (key: string, params?: Record<string, string | number>) => strings.t(lang, key, params);
  const { audience } = options;
  const groups = groupRecords(records);
  // Codes whose catalog entry says nobody must act (an interrupt such as "stay signed in?") are noted, not explained.
  const isInterruption = (group: Group) => catalog.get(group.latest.errorCode)?.party === 'none';
  const failures = groups.filter((group) => !isInterruption(group));
  const interruptions = [...new Set(groups.filter(isInterruption).map((group) => codeLabel(group.latest.errorCode)))];

  const views = failures.slice(0, MAX_SIGN_IN_GROUPS).map((group): SignInGroupView => {
    const record = group.latest;
    const entry = catalog.get(record.errorCode);
    const view = entry ? entryView(entry, lang, strings) : undefined;
    // In the reader's time zone, labelled with its offset; UTC when Teams did not say.
    const time = formatTime(record.createdAt, options.timeZone);
    const app = record.appDisplayName ?? t('signins.unknownApp');
    const ca = record.conditionalAccessStatus === 'success' || record.conditionalAccessStatus === 'failure';
    const lines = [
      { label: t('signins.app'), value: app },
      { label: t('signins.time'), value: group.count > 1 ? t('signins.times', { count: group.count, time }) : time },
      { label: t('signins.location'), value: join([record.location?.city, record.location?.state, record.location?.countryOrRegion]) },
      { label: t('signins.device'), value: join([record.device?.displayName, record.device?.operatingSystem, record.device?.browser]) },
      ca && { label: t('signins.ca'), value: t(`signins.ca.${record.conditionalAccessStatus}`) },
      audience.kind === 'helpdesk' && { label: t('signins.ip'), value: record.ipAddress },
      (!entry || audience.kind === 'helpdesk') && { label: t('signins.reason'), value: record.failureReason },
      audience.kind === 'helpdesk' && { label: t('signins.details'), value: record.additionalDetails },
      { label: t('signins.requestId'), value: record.requestId },
      { label: t('signins.correlationId'), value: record.correlationId },
    ]
      .filter((line): line is { label: string; value: string } => Boolean(line && line.value))
      .map((line) => ({ label: line.label, value: cut(line.value, MAX_LINE) }));
    const escalate =
      audience.kind === 'self' && audience.question !== undefined
        ? {
            title: t('signins.escalate.button', { code: codeLabel(record.errorCode), app: cut(app, 30) }),
            q: t('signins.escalate.q', {
              question: cut(audience.question, MAX_QUESTION_IN_TICKET),
              code: codeLabel(record.errorCode),
              app: cut(app, MAX_LINE),
              time: `${record.createdAt.slice(0, 16).replace('T', ' ')} UTC`,
              requestId: record.requestId,
              correlationId: record.correlationId ?? '-',
              timestamp: record.createdAt,
            }).slice(0, MAX_ESCALATED_QUESTION),
          }
        : null;
    return {
      codeLabel: codeLabel(record.errorCode),
      title: view?.title ?? t('signins.notInCatalog'),
      partyLabel: view?.partyLabel ?? null,
      partyStyle: view?.partyStyle ?? 'default',
      meaning: view?.meaning ?? null,
      steps: view?.steps ?? [],
      links: view?.links ?? [
        { label: t('answer.unknown.link', { code: codeLabel(record.errorCode) }), url: errorLookupUrl(record.errorCode) },
      ],
      lines,
      escalate,
    };
  });

  const hidden = failures.slice(MAX_SIGN_IN_GROUPS).reduce((sum, group) => sum + group.count, 0);
  return {
    lang,
    heading:
      audience.kind === 'self'
        ? t('signins.heading.self', { hours: options.lookbackHours })
        : t('signins.heading.user', { user: audience.user, hours: options.lookbackHours }),
    summary: views.length
      ? `${views[0]!.codeLabel} · ${views[0]!.title}${views.length > 1 ? t('answer.summary.more', { n: views.length - 1 }) : ''}`
      : t(audience.kind === 'self' ? 'signins.heading.self' : 'signins.heading.user', {
          hours: options.lookbackHours,
          ...(audience.kind === 'helpdesk' && { user: audience.user }),
        }),
    intro: t('signins.intro'),
    labels: { who: t('answer.who'), steps: t('answer.steps') },
    groups: views,
    interruptions: interruptions.length ? t('signins.interruptions', { codes: interruptions.join(', ') }) : null,
    more: hidden ? t('signins.more', { count: hidden }) : null,
    escalate: views.some((view) => view.escalate) ? { prompt: t('escalate.prompt'), placeholder: t('escalate.placeholder') } : null,
  };
}

/** Failures that someone must act on: what decides between the sign-ins card and the text answer. */
export function hasFailuresToShow(records: readonly SignInRecord[], catalog: Catalog): boolean {
  return records.some((record) => catalog.get(record.errorCode)?.party !== 'none');
}
