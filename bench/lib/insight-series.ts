import { DAY_MS, type InsightEvent, type Outcome } from '../../src/insights/events';

/** A small deterministic PRNG (mulberry32): the same series every run. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeriesOptions {
  readonly events: number;
  readonly days: number;
  readonly people: number;
  readonly codes: readonly number[];
  readonly now: number;
}

/**
 * A helpdesk's events as they come: questions (88 %) about codes with a long tail (Zipf-like: the first codes far more
 * often), a tenth of them pastes with several codes; votes (7 %), escalations (3 %) and resolutions (2 %).
 * Spread evenly over `days`, in time order, yielded in batches.
 */
export function* insightSeries(options: SeriesOptions, batch = 10_000): Generator<InsightEvent[]> {
  const next = random(16);
  const weights = options.codes.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pickCode = () => {
    let r = next() * total;
    for (let i = 0; i < weights.length; i++) if ((r -= weights[i]!) <= 0) return options.codes[i]!;
    return options.codes[0]!;
  };
  const user = () =>
    Math.floor(next() * options.people)
      .toString(16)
      .padStart(16, '0');
  const outcomes: [Outcome, number][] = [
    ['code', 0.5],
    ['symptom', 0.35],
    ['no_match', 0.1],
    ['choice', 0.05],
  ];
  const pickOutcome = () => {
    let r = next();
    for (const [outcome, share] of outcomes) if ((r -= share) <= 0) return outcome;
    return 'code';
  };
  const start = options.now - options.days * DAY_MS;
  const step = (options.days * DAY_MS) / options.events;
  let ticket = 0;
  let answers = 0;
  let events: InsightEvent[] = [];
  for (let i = 0; i < options.events; i++) {
    const at = Math.floor(start + i * step);
    const r = next();
    if (r < 0.88 || answers === 0) {
      const outcome = pickOutcome();
      const codes = outcome === 'no_match' ? [] : outcome === 'code' && next() < 0.2 ? [pickCode(), pickCode(), pickCode()] : [pickCode()];
      events.push({
        kind: 'question',
        at,
        answer: `answer-${++answers}`,
        user: user(),
        outcome,
        codes,
        lang: next() < 0.5 ? 'en' : 'zh',
        scope: 'personal',
      });
    } else if (r < 0.95) {
      events.push({
        kind: 'feedback',
        at,
        answer: `answer-${Math.max(1, answers - Math.floor(next() * 50))}`,
        user: user(),
        vote: next() < 0.7 ? 'solved' : 'not_solved',
      });
    } else if (r < 0.98) {
      events.push({ kind: 'escalation', at, ticket: ++ticket, user: user(), answer: `answer-${answers}` });
    } else if (ticket > 0) {
      events.push({
        kind: 'resolved',
        at,
        ticket: Math.max(1, ticket - Math.floor(next() * 20)),
        openedAt: at - Math.floor(next() * 3 * DAY_MS),
      });
    }
    if (events.length >= batch) {
      yield events;
      events = [];
    }
  }
  if (events.length) yield events;
}
