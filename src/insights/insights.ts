import type { AdaptiveCardJson } from '../cards/card-templates';
import type { Lang } from '../catalog/types';
import type { Scope } from '../core/commands';
import type { Understanding } from '../core/helpdesk-core';
import type { Person } from '../tickets/types';
import { latestSlot } from './digest-schedule';
import { DAY_MS, HOUR_MS, type InsightEvent, type Outcome, type Vote } from './events';
import type { InsightsDeps } from './insights-deps';
import { Pseudonyms } from './pseudonyms';
import { SpikeAlerts } from './spike-alerts';
import { statsCardModel } from './stats-card';

export { DEFAULT_INSIGHTS_SETTINGS, type InsightsDeps, type InsightsSettings } from './insights-deps';
export type { HelpdeskPoster, InsightsLog } from './insights-ports';

/** Events kept in memory when the store is unreachable, before the oldest are dropped. */
const MAX_BUFFERED = 50_000;
/** Codes one question records: a pasted log can carry dozens. */
const MAX_CODES = 50;
/** A digest is still posted this long after its time (the bot was restarting at 09:00). */
const DIGEST_GRACE_MS = 6 * HOUR_MS;
const USER_CACHE_SIZE = 10_000;

/**
 * How a question was answered, and the codes the event keeps: a question back ("which one do you see?") is a choice
 * among its candidates; "find your code" determined none.
 */
export function outcomeOf(understanding: Understanding): { outcome: Outcome; codes: number[] } {
  if (understanding.found.length) return { outcome: 'code', codes: understanding.found.slice(0, MAX_CODES) };
  const clarification = understanding.clarification;
  if (clarification?.kind === 'choose') return { outcome: 'choice', codes: [...clarification.codes] };
  if (clarification?.kind === 'find_code') return { outcome: 'no_match', codes: [] };
  const best = understanding.matches[0];
  return best ? { outcome: 'symptom', codes: [best.code] } : { outcome: 'no_match', codes: [] };
}

/**
 * Feedback and helpdesk insights: records what happened (never what was said), answers `stats`, raises spike
 * alerts and posts the weekly digest. Recording is a push onto an array; events reach the store in batches,
 * off the turn, so answering does not wait on it.
 */
export class Insights {
  private pseudonyms: Pseudonyms | undefined;
  private buffer: InsightEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private jobTimer: NodeJS.Timeout | undefined;
  private jobs: Promise<void> | undefined;
  private lastRetention = -Infinity;
  private readonly users = new Map<string, string>();
  readonly spikes: SpikeAlerts;
  readonly now: () => number;

  constructor(readonly deps: InsightsDeps) {
    this.now = deps.now ?? Date.now;
    this.spikes = new SpikeAlerts(deps, this.now);
  }

  /** Loads (or creates) the salt and starts the periodic jobs; retention runs right away. */
  async start(): Promise<void> {
    this.pseudonyms = new Pseudonyms(await this.deps.events.salt(this.deps.settings.salt));
    this.jobTimer = setInterval(() => void this.runJobs(), this.deps.settings.jobIntervalMs);
    this.jobTimer.unref?.();
    await this.runJobs();
  }

  async stop(): Promise<void> {
    clearInterval(this.jobTimer);
    await this.jobs;
    await this.flush();
    clearTimeout(this.flushTimer);
  }

  private get names(): Pseudonyms {
    if (!this.pseudonyms) throw new Error('Insights.start() was not called');
    return this.pseudonyms;
  }

  /** The salted hash of a person: the Entra object id when Teams sends it (the same in every chat), else the Teams id. */
  private userOf(person: Person | undefined): string {
    const id = person?.aadObjectId ?? person?.id ?? '';
    let hash = this.users.get(id);
    if (hash === undefined) {
      hash = this.names.user(id);
      if (this.users.size >= USER_CACHE_SIZE) this.users.delete(this.users.keys().next().value!);
      this.users.set(id, hash);
    }
    return hash;
  }

  /** Records an answered question; returns the id its card carries for votes. */
  answered(
    asker: { actor?: Person; scope: Scope },
    understanding: Understanding,
    override?: Partial<ReturnType<typeof outcomeOf>>,
  ): string {
    const answer = this.names.newAnswerId();
    const { outcome, codes } = { ...outcomeOf(understanding), ...override };
    this.record({
      kind: 'question',
      at: this.now(),
      answer,
      user: this.userOf(asker.actor),
      outcome,
      codes,
      lang: understanding.lang,
      scope: asker.scope,
    });
    return answer;
  }

  /** An id for an answer that is not a new question (the entry picked on a choice card): votes on it count. */
  followUpAnswer(): string {
    return this.names.newAnswerId();
  }

  /** The answer id of a card action, if this deployment issued it. */
  answerId(value: unknown): string | undefined {
    return this.names.answerId(value);
  }

  voted(actor: Person, answer: string, vote: Vote): void {
    this.record({ kind: 'feedback', at: this.now(), answer, user: this.userOf(actor), vote });
  }

  ticketOpened(ticket: number, requester: Person, answer?: string): void {
    this.record({ kind: 'escalation', at: this.now(), ticket, user: this.userOf(requester), ...(answer && { answer }) });
  }

  ticketResolved(ticket: number, openedAt: string): void {
    const opened = Date.parse(openedAt);
    this.record({ kind: 'resolved', at: this.now(), ticket, openedAt: Number.isFinite(opened) ? opened : this.now() });
  }

  ticketReopened(ticket: number): void {
    this.record({ kind: 'reopened', at: this.now(), ticket });
  }

  private record(event: InsightEvent): void {
    this.buffer.push(event);
    if (this.buffer.length > MAX_BUFFERED) {
      this.buffer.splice(0, this.buffer.length - MAX_BUFFERED);
      this.deps.log.error({ kept: MAX_BUFFERED }, 'insight events dropped: the event store is not keeping up');
    }
    if (!this.flushTimer) {
      this.flushTimer = setTimeout(() => void this.flush(), this.deps.settings.flushMs);
      this.flushTimer.unref?.();
    }
  }

  /** Writes what is buffered (one batch), then looks for spikes among its codes. Resolves when both are done. */
  flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.buffer;
      if (!batch.length) return;
      this.buffer = [];
      try {
        await this.deps.events.append(batch);
      } catch (error) {
        this.buffer = [...batch, ...this.buffer].slice(-MAX_BUFFERED);
        this.deps.log.warn({ err: error, events: batch.length }, 'insight events not written; will retry');
        return;
      }
      const since = this.now() - HOUR_MS;
      const codes = new Set(batch.flatMap((event) => (event.kind === 'question' && event.at >= since ? event.codes : [])));
      await this.spikes.check(codes).catch((error: unknown) => this.deps.log.error({ err: error }, 'spike check failed'));
    });
    return this.flushing;
  }

  /** The stats card for the last 7 and 30 days, including everything recorded so far. */
  async statsCard(lang: Lang, options: { digest?: boolean } = {}): Promise<AdaptiveCardJson> {
    await this.flush();
    const now = this.now();
    const figures = await Promise.all([7, 30].map((days) => this.deps.events.figures({ from: now - days * DAY_MS, to: now })));
    const model = statsCardModel(
      {
        windows: [
          { days: 7, figures: figures[0]! },
          { days: 30, figures: figures[1]! },
        ],
        now,
        timeZone: this.deps.settings.timeZone,
        lang,
        ...options,
      },
      this.deps.catalog,
      this.deps.strings,
    );
    return this.deps.cards.render('stats', model);
  }

  /** One round of the periodic jobs (never two at once): pending writes, retention (hourly), the digest, spikes left over. */
  runJobs(): Promise<void> {
    this.jobs ??= (async () => {
      try {
        await this.flush();
        const now = this.now();
        if (now - this.lastRetention >= HOUR_MS) {
          this.lastRetention = now;
          const deleted = await this.deps.events.deleteBefore(now - this.deps.settings.retentionDays * DAY_MS);
          if (deleted) this.deps.log.info({ deleted, retentionDays: this.deps.settings.retentionDays }, 'old insight events deleted');
        }
        await this.postDigestIfDue(now);
        await this.spikes.check(new Set());
      } catch (error) {
        this.deps.log.error({ err: error }, 'insights jobs failed');
      } finally {
        this.jobs = undefined;
      }
    })();
    return this.jobs;
  }

  /** Resolves once everything recorded so far is written and the checks it started have finished. */
  async idle(): Promise<void> {
    await this.jobs;
    await this.flush();
  }

  private async postDigestIfDue(now: number): Promise<void> {
    const { digest, timeZone } = this.deps.settings;
    const poster = this.deps.poster;
    if (!digest || !poster) return;
    const slot = latestSlot(digest, timeZone, now);
    if (now - slot > DIGEST_GRACE_MS) return;
    const lang = await poster.channelLang();
    if (!lang) return;
    // Claimed for a week: one digest per slot, whichever instance gets there first.
    if (!(await this.deps.events.claim(`digest|${new Date(slot).toISOString()}`, now, 7 * DAY_MS))) return;
    await poster.post(await this.statsCard(lang, { digest: true }));
    this.deps.log.info({ slot: new Date(slot).toISOString() }, 'weekly digest queued for the helpdesk channel');
  }
}
