import type { Lang } from '../catalog/types';
import type { Scope } from '../core/commands';

/** How a question was answered. `sign_in_logs` and `choice` come from the sign-in log look-up and the choice card. */
export const OUTCOMES = ['code', 'symptom', 'sign_in_logs', 'choice', 'no_match'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const VOTES = ['solved', 'not_solved'] as const;
export type Vote = (typeof VOTES)[number];

/**
 * What the insights keep: times, codes, outcomes and salted hashes, never the message text or a name.
 * `user` is the salted hash of the person's id (16 hex digits), `answer` the id bound into the answer card.
 */
export type InsightEvent =
  | {
      readonly kind: 'question';
      readonly at: number;
      readonly answer: string;
      readonly user: string;
      readonly outcome: Outcome;
      /** Codes found, or the matched code; the first is the one the answer leads with. */
      readonly codes: readonly number[];
      readonly lang: Lang;
      readonly scope: Scope;
    }
  /** A person's vote on an answer; a later vote by the same person on the same answer replaces it. */
  | { readonly kind: 'feedback'; readonly at: number; readonly answer: string; readonly user: string; readonly vote: Vote }
  /** A ticket was opened from an answer. */
  | { readonly kind: 'escalation'; readonly at: number; readonly ticket: number; readonly user: string; readonly answer?: string }
  | { readonly kind: 'resolved'; readonly at: number; readonly ticket: number; readonly openedAt: number }
  | { readonly kind: 'reopened'; readonly at: number; readonly ticket: number };

/** A time range, milliseconds since the epoch, `from` included, `to` excluded. */
export interface Range {
  readonly from: number;
  readonly to: number;
}

/** What one window's events add up to; the stats card is built from two of these. */
export interface WindowFigures {
  readonly questions: number;
  /** Distinct people (user hashes) who asked. */
  readonly people: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Questions mentioning each code, in this window and in the window of the same length before it. */
  readonly codes: readonly { readonly code: number; readonly count: number; readonly previous: number }[];
  /** Questions per leading code (the one whose "who must act" the answer shows first). */
  readonly leading: readonly { readonly code: number; readonly count: number }[];
  /** The current vote of each person on each answer, counted where it was last cast. */
  readonly votes: Readonly<Record<Vote, number>>;
  readonly ticketsOpened: number;
  /** Tickets whose latest resolution falls in the window and that were not reopened since. */
  readonly ticketsResolved: number;
  /** Median time from opening to that resolution, ms; null without resolved tickets. */
  readonly medianResolveMs: number | null;
}

/** Distinct people who hit a code since a time, and the first time they did. */
export interface CodeActivity {
  readonly code: number;
  readonly users: number;
  readonly since: number;
}

/**
 * Where insight events live, one implementation per store. The key-value storage of tickets cannot list or
 * aggregate, so each store gets what it does well: SQL on SQLite, append blobs per hour on Azure Blob.
 */
export interface EventLog {
  /** Appends events in order. */
  append(events: readonly InsightEvent[]): Promise<void>;
  figures(window: Range): Promise<WindowFigures>;
  /** For each of `codes`, distinct people who asked about it at or after `since`. */
  activity(codes: readonly number[], since: number): Promise<CodeActivity[]>;
  /** Distinct people per clock hour who asked about `code` in the range, summed over the hours. */
  hourlyPeople(code: number, range: Range): Promise<number>;
  /** Deletes events older than `before`; returns how many (or an estimate, where the store deletes whole blobs). */
  deleteBefore(before: number): Promise<number>;
  /**
   * Takes `key` for `holdMs` if no one holds it: true for exactly one caller, across instances.
   * Spike alerts and digests claim before they post, so each goes out once.
   */
  claim(key: string, now: number, holdMs: number): Promise<boolean>;
  /** The salt of the user hashes: `preferred` when given, else generated once and kept with the events. */
  salt(preferred?: string): Promise<string>;
  close(): Promise<void>;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function emptyOutcomes(): Record<Outcome, number> {
  return { code: 0, symptom: 0, sign_in_logs: 0, choice: 0, no_match: 0 };
}

export function median(sorted: readonly number[]): number | null {
  if (!sorted.length) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}
