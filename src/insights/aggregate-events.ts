import { emptyOutcomes, HOUR_MS, median, type CodeActivity, type InsightEvent, type Range, type Vote, type WindowFigures } from './events';

const inRange = (at: number, range: Range) => at >= range.from && at < range.to;

/** The window of the same length just before `window`: what a trend compares with. */
export function previousRange(window: Range): Range {
  return { from: window.from - (window.to - window.from), to: window.from };
}

/**
 * The figures of one window, computed from plain events: the memory and Blob logs use it, and the SQLite log's SQL
 * must agree with it (the event log contract tests run the same series through all three).
 * Replacements follow time: a person's latest vote wins, a ticket's latest resolve or reopen decides its state.
 */
export function aggregate(events: Iterable<InsightEvent>, window: Range): WindowFigures {
  const before = previousRange(window);
  const people = new Set<string>();
  const outcomes = emptyOutcomes();
  const codes = new Map<number, { count: number; previous: number }>();
  const leading = new Map<number, number>();
  const votes = new Map<string, { at: number; vote: Vote }>();
  const opened = new Set<number>();
  const ticketState = new Map<number, { at: number; resolved: boolean; openedAt: number }>();
  let questions = 0;

  for (const event of events) {
    switch (event.kind) {
      case 'question': {
        const current = inRange(event.at, window);
        if (!current && !inRange(event.at, before)) break;
        for (const code of new Set(event.codes)) {
          const entry = codes.get(code) ?? { count: 0, previous: 0 };
          if (current) entry.count++;
          else entry.previous++;
          codes.set(code, entry);
        }
        if (!current) break;
        questions++;
        people.add(event.user);
        outcomes[event.outcome]++;
        const lead = event.codes[0];
        if (lead !== undefined) leading.set(lead, (leading.get(lead) ?? 0) + 1);
        break;
      }
      case 'feedback': {
        const key = `${event.answer}\n${event.user}`;
        const known = votes.get(key);
        if (!known || event.at >= known.at) votes.set(key, { at: event.at, vote: event.vote });
        break;
      }
      case 'escalation':
        if (inRange(event.at, window)) opened.add(event.ticket);
        break;
      case 'resolved':
      case 'reopened': {
        const known = ticketState.get(event.ticket);
        if (known && event.at < known.at) break;
        const openedAt = event.kind === 'resolved' ? event.openedAt : (known?.openedAt ?? event.at);
        ticketState.set(event.ticket, { at: event.at, resolved: event.kind === 'resolved', openedAt });
        break;
      }
    }
  }

  const voteCounts: Record<Vote, number> = { solved: 0, not_solved: 0 };
  for (const { at, vote } of votes.values()) if (inRange(at, window)) voteCounts[vote]++;
  const durations = [...ticketState.values()]
    .filter((state) => state.resolved && inRange(state.at, window))
    .map((state) => state.at - state.openedAt)
    .sort((a, b) => a - b);
  return {
    questions,
    people: people.size,
    outcomes,
    codes: [...codes].filter(([, c]) => c.count > 0 || c.previous > 0).map(([code, c]) => ({ code, ...c })),
    leading: [...leading].map(([code, count]) => ({ code, count })),
    votes: voteCounts,
    ticketsOpened: opened.size,
    ticketsResolved: durations.length,
    medianResolveMs: median(durations),
  };
}

/** Distinct people per code at or after `since`, for the codes asked about. */
export function activityOf(events: Iterable<InsightEvent>, codes: readonly number[], since: number): CodeActivity[] {
  const wanted = new Set(codes);
  const seen = new Map<number, { users: Set<string>; since: number }>();
  for (const event of events) {
    if (event.kind !== 'question' || event.at < since) continue;
    for (const code of event.codes) {
      if (!wanted.has(code)) continue;
      const entry = seen.get(code) ?? { users: new Set<string>(), since: event.at };
      entry.users.add(event.user);
      entry.since = Math.min(entry.since, event.at);
      seen.set(code, entry);
    }
  }
  return [...seen].map(([code, entry]) => ({ code, users: entry.users.size, since: entry.since }));
}

/** Distinct (clock hour, person) pairs for one code in a range. */
export function hourlyPeopleOf(events: Iterable<InsightEvent>, code: number, range: Range): number {
  const pairs = new Set<string>();
  for (const event of events) {
    if (event.kind === 'question' && inRange(event.at, range) && event.codes.includes(code)) {
      pairs.add(`${Math.floor(event.at / HOUR_MS)}\n${event.user}`);
    }
  }
  return pairs.size;
}
