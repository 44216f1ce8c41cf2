import type { Catalog } from '../catalog/catalog';
import { errorLookupUrl, type CatalogEntry, type Lang, type Party } from '../catalog/types';
import type { Understanding } from './helpdesk-core';
import type { Strings } from './strings';
import { SymptomMatcher } from './symptom-matcher';

/**
 * Container styles that mark who must act at a glance. Styles, not text colours: Teams draws them with contrast in its
 * light, dark and high-contrast themes, where pale green or amber text on grey is hard to read.
 */
export const PARTY_STYLE: Record<Party, 'good' | 'warning' | 'attention' | 'accent'> = {
  user: 'good',
  tenant_admin: 'warning',
  app_owner: 'warning',
  identity_provider: 'warning',
  microsoft_support: 'attention',
  none: 'accent',
};
/** Entries shown in full in one answer; the rest are listed in one line each, to stay far below Teams' card size limit. */
export const MAX_FULL_ENTRIES = 4;
export const MAX_SUMMARY_ENTRIES = 20;
export const MAX_UNKNOWN_CODES = 10;

export interface EntryView {
  readonly code: number;
  readonly codeLabel: string;
  readonly title: string;
  readonly meaning: string;
  readonly party: Party;
  readonly partyLabel: string;
  readonly partyStyle: string;
  /** What the reader should know about the code itself: retired, a copy of another code, changed since 2019. */
  readonly notes: readonly { readonly text: string }[];
  readonly steps: readonly { readonly n: number; readonly text: string }[];
  readonly links: readonly { readonly label: string; readonly url: string }[];
}

/** One of the near-twin entries a "which one do you see?" card offers. */
export interface ChoiceView {
  readonly code: number;
  readonly label: string;
  /** The button that answers with this entry ("I see AADSTS50074"). */
  readonly button: string;
  readonly meaning: string;
  readonly partyLabel: string;
  readonly partyStyle: string;
}

export interface AnswerModel {
  readonly kind: 'codes' | 'symptom' | 'no_match' | 'choose' | 'find_code';
  readonly lang: Lang;
  /** What Teams shows for the message in notifications and chat lists. */
  readonly summary: string;
  readonly heading: string;
  readonly note?: string;
  readonly entries: readonly EntryView[];
  /** Further known codes of a long paste, one line each, collapsed behind a button. */
  readonly more: readonly Pick<EntryView, 'codeLabel' | 'title' | 'partyLabel'>[];
  readonly unknown: readonly { readonly code: number; readonly text: string; readonly linkLabel: string; readonly url: string }[];
  readonly alternatives: readonly { readonly code: number; readonly title: string }[];
  readonly context: readonly { readonly label: string; readonly value: string }[];
  readonly labels: Readonly<
    Record<'meaning' | 'who' | 'steps' | 'links' | 'alternatives' | 'context' | 'show' | 'unknownHeading' | 'showMore', string>
  >;
  readonly noMatch?: { readonly heading: string; readonly body: string; readonly howto: string };
  /** Entries offered as a choice (kind choose), or as possibilities beside the steps to find the code (kind find_code). */
  readonly choices: readonly ChoiceView[];
  readonly choicesHeading: string | null;
  /** How to find the code on the sign-in page (kind find_code): a picture-free step list. */
  readonly findCode: { readonly intro: string; readonly steps: readonly { readonly text: string }[] } | null;
  /** The escalation controls, when the answer may still be escalated; null once it has been. */
  readonly escalate: { readonly prompt: string; readonly placeholder: string; readonly button: string; readonly q: string } | null;
  /** Where the escalated ticket stands, once the answer has been escalated; `style` is a container style. */
  readonly status: AnswerStatus | null;
  /** The "did this solve it?" buttons, on answers that can still be escalated. */
  readonly feedback: { readonly solved: string; readonly notSolved: string; readonly q: string } | null;
  /** What the card says after a vote. */
  readonly feedbackNote: FeedbackNote | null;
  /** A line under the heading about where the answer comes from (e.g. the sign-in logs could not be read). */
  readonly banner: AnswerStatus | null;
}

export interface AnswerStatus {
  readonly text: string;
  readonly style: string;
}

export interface FeedbackNote {
  readonly text: string;
  readonly style: 'good' | 'warning';
}

export interface AnswerOptions {
  /** The question as asked: carried by the escalate button, so the ticket holds it. */
  readonly question?: string;
  readonly status?: AnswerStatus;
  /** Show the feedback buttons (with the escalation), and after a vote what the card says about it. */
  readonly feedback?: boolean | { readonly note: FeedbackNote };
  readonly banner?: AnswerStatus;
}

/** The steps of the "find your code" card, in order (keys of data/strings.json). */
const FIND_CODE_STEPS = [
  'answer.findcode.step.details',
  'answer.findcode.step.copy',
  'answer.findcode.step.paste',
  'answer.findcode.step.none',
];

/** The question a card carries for escalation: enough for an agent, well within Teams' card limit. */
export const MAX_ESCALATED_QUESTION = 1500;

export function codeLabel(code: number): string {
  return `AADSTS${code}`;
}

export function partyLabel(strings: Strings, lang: Lang, party: Party): string {
  return strings.t(lang, `party.${party}`);
}

/** The card's notes about a code, in reading order: why its text may differ from Microsoft's current page. */
function entryNotes(entry: CatalogEntry, lang: Lang, strings: Strings): EntryView['notes'] {
  const code = codeLabel(entry.code);
  return [
    entry.retired && strings.t(lang, 'answer.note.retired', { code }),
    entry.aliasOf !== undefined && strings.t(lang, 'answer.note.alias', { code, target: codeLabel(entry.aliasOf) }),
    entry.changed && strings.t(lang, 'answer.note.changed', { text: entry.changed[lang] }),
  ]
    .filter((text): text is string => Boolean(text))
    .map((text) => ({ text }));
}

export function entryView(entry: CatalogEntry, lang: Lang, strings: Strings): EntryView {
  return {
    code: entry.code,
    codeLabel: codeLabel(entry.code),
    title: entry.title[lang],
    meaning: entry.meaning[lang],
    party: entry.party,
    partyLabel: partyLabel(strings, lang, entry.party),
    partyStyle: PARTY_STYLE[entry.party],
    notes: entryNotes(entry, lang, strings),
    steps: entry.steps[lang].map((text, i) => ({ n: i + 1, text: `${i + 1}. ${text}` })),
    links: entry.links.map((link) => ({ label: link.label[lang], url: link.url })),
  };
}

/** The card's notification text: the ticket's status once escalated, else what the card answers. */
function summaryOf(status: AnswerStatus | undefined, what: string, more = ''): string {
  const text = status ? status.text : `${what}${more}`;
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** Builds what an answer card shows from what the core understood; the card template only lays it out. */
export function buildAnswer(
  understanding: Understanding,
  catalog: Catalog,
  strings: Strings,
  lang = understanding.lang,
  options: AnswerOptions = {},
): AnswerModel {
  const t = (key: string, params?: Record<string, string | number>) => strings.t(lang, key, params);
  const labels = {
    meaning: t('answer.meaning'),
    who: t('answer.who'),
    steps: t('answer.steps'),
    links: t('answer.links'),
    alternatives: t('answer.alternatives'),
    context: t('answer.context'),
    show: t('answer.show'),
    unknownHeading: t('answer.unknown.heading'),
    showMore: '',
  };
  const context = [
    understanding.context.traceId && { label: t('context.trace'), value: understanding.context.traceId },
    understanding.context.correlationId && { label: t('context.correlation'), value: understanding.context.correlationId },
    understanding.context.timestamp && { label: t('context.timestamp'), value: understanding.context.timestamp },
  ].filter((item): item is { label: string; value: string } => Boolean(item));
  const unknown = understanding.unknown.slice(0, MAX_UNKNOWN_CODES).map((code) => ({
    code,
    text: t('answer.unknown.body', { code: codeLabel(code) }),
    linkLabel: t('answer.unknown.link', { code: codeLabel(code) }),
    url: errorLookupUrl(code),
  }));
  const offTopic = !understanding.found.length && !understanding.matches.length;
  const escalate =
    options.question !== undefined && !options.status
      ? {
          // Off-topic questions (printers, Excel) are told where this helpdesk's reach ends before being invited in.
          prompt: t(offTopic ? 'escalate.promptNoMatch' : 'escalate.prompt'),
          placeholder: t('escalate.placeholder'),
          button: t('escalate.button'),
          q: options.question.slice(0, MAX_ESCALATED_QUESTION),
        }
      : null;
  const choicesOf = (codes: readonly number[]): ChoiceView[] =>
    codes.map((code) => {
      const entry = catalog.get(code)!;
      return {
        code,
        label: `${codeLabel(code)} · ${entry.title[lang]}`,
        button: t('answer.choose.button', { code: codeLabel(code) }),
        meaning: entry.meaning[lang],
        partyLabel: partyLabel(strings, lang, entry.party),
        partyStyle: PARTY_STYLE[entry.party],
      };
    });
  const feedback =
    escalate && options.feedback ? { solved: t('feedback.solved'), notSolved: t('feedback.notSolved'), q: escalate.q } : null;
  const feedbackNote = feedback && typeof options.feedback === 'object' ? options.feedback.note : null;
  const base = {
    lang,
    labels,
    context,
    unknown,
    more: [],
    alternatives: [],
    escalate,
    status: options.status ?? null,
    choices: [],
    choicesHeading: null,
    findCode: null,
    feedback,
    feedbackNote,
    banner: options.banner ?? null,
  };

  if (understanding.found.length) {
    const views = understanding.known.slice(0, MAX_FULL_ENTRIES + MAX_SUMMARY_ENTRIES).map((entry) => entryView(entry, lang, strings));
    const more = views.slice(MAX_FULL_ENTRIES).map(({ codeLabel, title, partyLabel }) => ({ codeLabel, title, partyLabel }));
    const first = views[0];
    const others = understanding.found.length - 1;
    return {
      ...base,
      kind: 'codes',
      summary: summaryOf(
        options.status,
        first ? `${first.codeLabel} · ${first.title}` : t('answer.codes.heading'),
        others > 0 ? t('answer.summary.more', { n: others }) : '',
      ),
      heading: t('answer.codes.heading'),
      labels: { ...labels, showMore: t('answer.showMore', { n: more.length }) },
      entries: views.slice(0, MAX_FULL_ENTRIES),
      more,
    };
  }

  const clarification = understanding.clarification;
  if (clarification?.kind === 'choose') {
    return {
      ...base,
      kind: 'choose',
      summary: summaryOf(options.status, t('answer.choose.heading')),
      heading: t('answer.choose.heading'),
      note: t('answer.choose.note'),
      entries: [],
      choices: choicesOf(clarification.codes),
      // A question back is not an answer yet: the entry picked is the one to vote on (and Teams shows 5 buttons at most).
      feedback: null,
      feedbackNote: null,
    };
  }
  if (clarification?.kind === 'find_code') {
    return {
      ...base,
      kind: 'find_code',
      summary: summaryOf(options.status, t('answer.findcode.heading')),
      heading: t('answer.findcode.heading'),
      entries: [],
      findCode: {
        intro: t(`answer.findcode.intro.${clarification.reason}`, 'appCode' in clarification ? { code: clarification.appCode } : {}),
        steps: FIND_CODE_STEPS.map((key, i) => ({ text: `${i + 1}. ${t(key)}` })),
      },
      choices: choicesOf(clarification.codes),
      choicesHeading: clarification.codes.length ? t('answer.findcode.possible') : null,
      // A question back too (and the choices already fill the card's row of buttons).
      feedback: null,
      feedbackNote: null,
    };
  }

  const [best] = understanding.matches;
  const bestEntry = best && catalog.get(best.code);
  if (bestEntry) {
    const alternatives = SymptomMatcher.alternativesOf(understanding.matches).map((match) => ({
      code: match.code,
      title: `${codeLabel(match.code)} · ${catalog.get(match.code)!.title[lang]}`,
    }));
    return {
      ...base,
      kind: 'symptom',
      summary: summaryOf(
        options.status,
        // Chinese headings end in a full-width colon, which carries its own space.
        `${t('answer.symptom.heading')}${lang === 'zh' ? '' : ' '}${codeLabel(bestEntry.code)} · ${bestEntry.title[lang]}`,
      ),
      heading: t('answer.symptom.heading'),
      // "Pick another below" only when there is something below to pick.
      note: t(alternatives.length ? 'answer.symptom.note' : 'answer.symptom.noteAlone'),
      entries: [entryView(bestEntry, lang, strings)],
      alternatives,
    };
  }

  return {
    ...base,
    kind: 'no_match',
    summary: summaryOf(options.status, t('answer.nomatch.heading')),
    heading: t('answer.nomatch.heading'),
    entries: [],
    noMatch: { heading: t('answer.nomatch.heading'), body: t('answer.nomatch.body'), howto: t('answer.nomatch.howto') },
  };
}
