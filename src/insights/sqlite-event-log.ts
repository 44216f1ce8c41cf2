import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { preparePrivateFile } from '../storage/private-file';
import { previousRange } from './aggregate-events';
import {
  emptyOutcomes,
  HOUR_MS,
  median,
  OUTCOMES,
  type CodeActivity,
  type EventLog,
  type InsightEvent,
  type Range,
  type Vote,
  type WindowFigures,
} from './events';

/** Rows deleted per statement by the retention job, so that a large purge never holds the write lock for long. */
const DELETE_BATCH = 5000;

/** The 16 hex digits of a user hash as a signed 64-bit integer: half the size of the text, and faster to count. */
function userKey(hash: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${hash}`));
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS questions (
    at INTEGER NOT NULL, user INTEGER NOT NULL, outcome INTEGER NOT NULL, code INTEGER,
    lang TEXT NOT NULL, scope TEXT NOT NULL, answer TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS questions_by_time ON questions (at);
  CREATE TABLE IF NOT EXISTS question_codes (at INTEGER NOT NULL, code INTEGER NOT NULL, user INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS question_codes_by_time ON question_codes (at, code);
  CREATE INDEX IF NOT EXISTS question_codes_by_code ON question_codes (code, at);
  CREATE TABLE IF NOT EXISTS votes (
    answer TEXT NOT NULL, user INTEGER NOT NULL, vote TEXT NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (answer, user)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS votes_by_time ON votes (at, vote);
  CREATE TABLE IF NOT EXISTS escalations (ticket INTEGER PRIMARY KEY, at INTEGER NOT NULL, user INTEGER NOT NULL, answer TEXT);
  CREATE INDEX IF NOT EXISTS escalations_by_time ON escalations (at);
  CREATE TABLE IF NOT EXISTS resolutions (
    ticket INTEGER PRIMARY KEY, at INTEGER NOT NULL, opened_at INTEGER NOT NULL, resolved INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS resolutions_by_time ON resolutions (resolved, at);
  CREATE TABLE IF NOT EXISTS question_hours (
    hour INTEGER NOT NULL, outcome INTEGER NOT NULL, code INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (hour, outcome, code)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS code_hours (hour INTEGER NOT NULL, code INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (hour, code)) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS people (user INTEGER PRIMARY KEY, last_at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS code_people (
    code INTEGER NOT NULL, user INTEGER NOT NULL, last_at INTEGER NOT NULL, PRIMARY KEY (code, user)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS code_people_by_time ON code_people (code, last_at);
  CREATE TABLE IF NOT EXISTS code_hour_people (
    code INTEGER NOT NULL, hour INTEGER NOT NULL, user INTEGER NOT NULL, PRIMARY KEY (code, hour, user)) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS people_by_time ON people (last_at);
  CREATE TABLE IF NOT EXISTS claims (key TEXT PRIMARY KEY, until INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Leading code of a question without one, in the hourly counts (whose key cannot hold NULL usefully). */
const NO_CODE = -1;

/**
 * Insight events in their own SQLite file (the default store), one table per kind of event, indexed for the
 * questions the stats card and the spike check ask. Votes and ticket states are kept as their latest value
 * (a later vote replaces an earlier one), which is what the stats count.
 *
 * Counting a month of questions row by row takes seconds at a million events, so questions are also counted per
 * clock hour as they are written (question_hours, code_hours): a window sums its whole hours from there and counts
 * only its first and last partial hour from the events themselves, exactly. Distinct people come from each person's
 * latest question (people), which answers "since when" windows (the stats card's) without looking at the events.
 * The spike check, which runs after every batch, reads per-code tables of the same kind (code_people: each person's
 * latest question about a code; code_hour_people: who asked about a code in which hour), so its cost follows the
 * number of people, not of questions.
 */
export class SqliteEventLog implements EventLog {
  private readonly db: Database.Database;
  private readonly appendAll: (events: readonly InsightEvent[]) => void;
  private readonly statements: Record<string, Database.Statement>;

  /** @param file the database file (its folder is created), or `:memory:`. */
  constructor(file: string) {
    // The salt of the user hashes lives here: only the bot's user may read the file.
    preparePrivateFile(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // Losing the last events to a power cut is acceptable for statistics; an fsync per batch is not needed.
    this.db.pragma('synchronous = NORMAL');
    this.db.defaultSafeIntegers(false);
    this.db.exec(SCHEMA);
    const prepare = (sql: string) => this.db.prepare(sql);
    this.statements = {
      question: prepare('INSERT INTO questions (at, user, outcome, code, lang, scope, answer) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      questionCode: prepare('INSERT INTO question_codes (at, code, user) VALUES (?, ?, ?)'),
      questionHour: prepare(
        'INSERT INTO question_hours (hour, outcome, code, n) VALUES (?, ?, ?, ?) ON CONFLICT (hour, outcome, code) DO UPDATE SET n = n + excluded.n',
      ),
      codeHour: prepare(
        'INSERT INTO code_hours (hour, code, n) VALUES (?, ?, ?) ON CONFLICT (hour, code) DO UPDATE SET n = n + excluded.n',
      ),
      person: prepare(
        'INSERT INTO people (user, last_at) VALUES (?, ?) ON CONFLICT (user) DO UPDATE SET last_at = max(last_at, excluded.last_at)',
      ),
      vote: prepare(
        `INSERT INTO votes (answer, user, vote, at) VALUES (?, ?, ?, ?)
         ON CONFLICT (answer, user) DO UPDATE SET vote = excluded.vote, at = excluded.at WHERE excluded.at >= votes.at`,
      ),
      escalation: prepare('INSERT OR IGNORE INTO escalations (ticket, at, user, answer) VALUES (?, ?, ?, ?)'),
      resolution: prepare(
        `INSERT INTO resolutions (ticket, at, opened_at, resolved) VALUES (?, ?, ?, ?)
         ON CONFLICT (ticket) DO UPDATE SET at = excluded.at, resolved = excluded.resolved,
           opened_at = CASE WHEN excluded.resolved = 1 THEN excluded.opened_at ELSE resolutions.opened_at END
         WHERE excluded.at >= resolutions.at`,
      ),
      outcomesRaw: prepare(
        `SELECT outcome, coalesce(code, ${NO_CODE}) AS code, COUNT(*) AS n FROM questions WHERE at >= ? AND at < ? GROUP BY outcome, code`,
      ),
      outcomesByHour: prepare('SELECT outcome, code, SUM(n) AS n FROM question_hours WHERE hour >= ? AND hour < ? GROUP BY outcome, code'),
      codesRaw: prepare('SELECT code, COUNT(*) AS n FROM question_codes WHERE at >= ? AND at < ? GROUP BY code'),
      codesByHour: prepare('SELECT code, SUM(n) AS n FROM code_hours WHERE hour >= ? AND hour < ? GROUP BY code'),
      peopleSince: prepare('SELECT COUNT(*) AS n FROM people WHERE last_at >= ?'),
      latestQuestion: prepare('SELECT max(last_at) AS at FROM people'),
      peopleRaw: prepare('SELECT COUNT(DISTINCT user) AS n FROM questions WHERE at >= ? AND at < ?'),
      votes: prepare('SELECT vote, COUNT(*) AS n FROM votes WHERE at >= ? AND at < ? GROUP BY vote'),
      opened: prepare('SELECT COUNT(*) AS n FROM escalations WHERE at >= ? AND at < ?'),
      durations: prepare('SELECT at - opened_at AS d FROM resolutions WHERE resolved = 1 AND at >= ? AND at < ? ORDER BY d'),
      codePerson: prepare(
        `INSERT INTO code_people (code, user, last_at) VALUES (?, ?, ?)
         ON CONFLICT (code, user) DO UPDATE SET last_at = max(last_at, excluded.last_at)`,
      ),
      codeHourPerson: prepare('INSERT OR IGNORE INTO code_hour_people (code, hour, user) VALUES (?, ?, ?)'),
      codeUsersSince: prepare('SELECT COUNT(*) AS n FROM code_people WHERE code = ? AND last_at >= ?'),
      codeFirstSince: prepare('SELECT at FROM question_codes WHERE code = ? AND at >= ? ORDER BY at LIMIT 1'),
      hourlyRaw: prepare(
        `SELECT COUNT(*) AS n FROM (SELECT DISTINCT at / ${HOUR_MS}, user FROM question_codes WHERE code = ? AND at >= ? AND at < ?)`,
      ),
      hourlyByHour: prepare('SELECT COUNT(*) AS n FROM code_hour_people WHERE code = ? AND hour >= ? AND hour < ?'),
      claim: prepare(
        `INSERT INTO claims (key, until) VALUES (@key, @until)
         ON CONFLICT (key) DO UPDATE SET until = excluded.until WHERE claims.until <= @now`,
      ),
      saltInsert: prepare("INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)"),
      saltSelect: prepare("SELECT value FROM meta WHERE key = 'salt'"),
    };
    const s = this.statements;
    // One transaction per batch: the recorder hands over everything that arrived since its last flush.
    this.appendAll = this.db.transaction((events: readonly InsightEvent[]) => {
      // The hourly counts and the people's latest question, summed over the batch first: one write per key.
      const hours = new Map<string, number>();
      const codeHours = new Map<string, number>();
      const people = new Map<bigint, number>();
      const codePeople = new Map<string, { code: number; user: bigint; at: number }>();
      const codeHourPeople = new Map<string, [number, number, bigint]>();
      for (const event of events) {
        switch (event.kind) {
          case 'question': {
            const user = userKey(event.user);
            const outcome = OUTCOMES.indexOf(event.outcome);
            const hour = Math.floor(event.at / HOUR_MS);
            s.question!.run(event.at, user, outcome, event.codes[0] ?? null, event.lang, event.scope, event.answer);
            const key = `${hour} ${outcome} ${event.codes[0] ?? NO_CODE}`;
            hours.set(key, (hours.get(key) ?? 0) + 1);
            people.set(user, Math.max(people.get(user) ?? 0, event.at));
            for (const code of new Set(event.codes)) {
              s.questionCode!.run(event.at, code, user);
              codeHours.set(`${hour} ${code}`, (codeHours.get(`${hour} ${code}`) ?? 0) + 1);
              const known = codePeople.get(`${code} ${user}`);
              if (!known || known.at < event.at) codePeople.set(`${code} ${user}`, { code, user, at: event.at });
              codeHourPeople.set(`${code} ${hour} ${user}`, [code, hour, user]);
            }
            break;
          }
          case 'feedback':
            s.vote!.run(event.answer, userKey(event.user), event.vote, event.at);
            break;
          case 'escalation':
            s.escalation!.run(event.ticket, event.at, userKey(event.user), event.answer ?? null);
            break;
          case 'resolved':
            s.resolution!.run(event.ticket, event.at, event.openedAt, 1);
            break;
          case 'reopened':
            s.resolution!.run(event.ticket, event.at, event.at, 0);
            break;
        }
      }
      for (const [key, n] of hours) s.questionHour!.run(...key.split(' ').map(Number), n);
      for (const [key, n] of codeHours) s.codeHour!.run(...key.split(' ').map(Number), n);
      for (const [user, at] of people) s.person!.run(user, at);
      for (const { code, user, at } of codePeople.values()) s.codePerson!.run(code, user, at);
      for (const row of codeHourPeople.values()) s.codeHourPerson!.run(...row);
    });
  }

  async append(events: readonly InsightEvent[]): Promise<void> {
    if (events.length) this.appendAll(events);
  }

  /**
   * Sums `byHour` over the whole hours of the range and `raw` over its partial first and last hour, into `add`.
   * Both statements return rows whose last column is the count `n`.
   */
  private sumRange<Row extends { n: number }>(
    range: Range,
    raw: Database.Statement,
    byHour: Database.Statement,
    add: (row: Row) => void,
  ): void {
    const firstHour = Math.ceil(range.from / HOUR_MS);
    const endHour = Math.floor(range.to / HOUR_MS);
    if (firstHour >= endHour) {
      for (const row of raw.all(range.from, range.to) as Row[]) add(row);
      return;
    }
    for (const row of raw.all(range.from, firstHour * HOUR_MS) as Row[]) add(row);
    for (const row of byHour.all(firstHour, endHour) as Row[]) add(row);
    for (const row of raw.all(endHour * HOUR_MS, range.to) as Row[]) add(row);
  }

  async figures(window: Range): Promise<WindowFigures> {
    const s = this.statements;
    const { from, to } = window;
    const outcomes = emptyOutcomes();
    const leading = new Map<number, number>();
    let questions = 0;
    this.sumRange<{ outcome: number; code: number; n: number }>(window, s.outcomesRaw!, s.outcomesByHour!, (row) => {
      questions += row.n;
      outcomes[OUTCOMES[row.outcome]!] += row.n;
      if (row.code !== NO_CODE) leading.set(row.code, (leading.get(row.code) ?? 0) + row.n);
    });
    const codes = new Map<number, { code: number; count: number; previous: number }>();
    const entry = (code: number) => codes.get(code) ?? codes.set(code, { code, count: 0, previous: 0 }).get(code)!;
    this.sumRange<{ code: number; n: number }>(window, s.codesRaw!, s.codesByHour!, (row) => (entry(row.code).count += row.n));
    this.sumRange<{ code: number; n: number }>(
      previousRange(window),
      s.codesRaw!,
      s.codesByHour!,
      (row) => (entry(row.code).previous += row.n),
    );
    const votes: Record<Vote, number> = { solved: 0, not_solved: 0 };
    for (const row of s.votes!.all(from, to) as { vote: Vote; n: number }[]) votes[row.vote] = row.n;
    const durations = (s.durations!.all(from, to) as { d: number }[]).map((row) => row.d);
    return {
      questions,
      people: this.people(window),
      outcomes,
      codes: [...codes.values()],
      leading: [...leading].map(([code, count]) => ({ code, count })),
      votes,
      ticketsOpened: (s.opened!.get(from, to) as { n: number }).n,
      ticketsResolved: durations.length,
      medianResolveMs: median(durations),
    };
  }

  /** Distinct people who asked in the window: from their latest question when the window reaches the latest one. */
  private people(window: Range): number {
    const s = this.statements;
    const latest = (s.latestQuestion!.get() as { at: number | null }).at;
    if (latest === null) return 0;
    if (window.to > latest) return (s.peopleSince!.get(window.from) as { n: number }).n;
    return (s.peopleRaw!.get(window.from, window.to) as { n: number }).n;
  }

  async activity(codes: readonly number[], since: number): Promise<CodeActivity[]> {
    const s = this.statements;
    const found: CodeActivity[] = [];
    for (const code of new Set(codes)) {
      const first = s.codeFirstSince!.get(code, since) as { at: number } | undefined;
      if (!first) continue;
      // Each person's latest question about the code tells who asked since `since`, as long as nothing later exists
      // than the window's end (always so for "since"): the count follows the people, not their questions.
      found.push({ code, users: (s.codeUsersSince!.get(code, since) as { n: number }).n, since: first.at });
    }
    return found;
  }

  async hourlyPeople(code: number, range: Range): Promise<number> {
    const s = this.statements;
    const firstHour = Math.ceil(range.from / HOUR_MS);
    const endHour = Math.floor(range.to / HOUR_MS);
    const raw = (from: number, to: number) => (s.hourlyRaw!.get(code, from, to) as { n: number }).n;
    if (firstHour >= endHour) return raw(range.from, range.to);
    // Whole hours from the (code, hour, person) table; the partial first and last hour from the events.
    const whole = (s.hourlyByHour!.get(code, firstHour, endHour) as { n: number }).n;
    return raw(range.from, firstHour * HOUR_MS) + whole + raw(endHour * HOUR_MS, range.to);
  }

  /** Deletes whole hours (the hourly counts cannot be split): events up to an hour past `before` may stay. */
  async deleteBefore(before: number): Promise<number> {
    const cutoff = Math.floor(before / HOUR_MS) * HOUR_MS;
    this.db.prepare('DELETE FROM question_hours WHERE hour < ?').run(cutoff / HOUR_MS);
    this.db.prepare('DELETE FROM code_hours WHERE hour < ?').run(cutoff / HOUR_MS);
    this.db.prepare('DELETE FROM people WHERE last_at < ?').run(cutoff);
    this.db.prepare('DELETE FROM code_people WHERE last_at < ?').run(cutoff);
    this.db.prepare('DELETE FROM code_hour_people WHERE hour < ?').run(cutoff / HOUR_MS);
    let deleted = 0;
    for (const table of ['questions', 'question_codes', 'votes', 'escalations', 'resolutions']) {
      // votes has no rowid: delete by its key instead.
      const [key, columns] = table === 'votes' ? ['(answer, user)', 'answer, user'] : ['rowid', 'rowid'];
      const statement = this.db.prepare(
        `DELETE FROM ${table} WHERE ${key} IN (SELECT ${columns} FROM ${table} WHERE at < ? LIMIT ${DELETE_BATCH})`,
      );
      for (;;) {
        const { changes } = statement.run(cutoff);
        if (table !== 'question_codes') deleted += changes;
        if (changes < DELETE_BATCH) break;
        await new Promise((resolve) => setImmediate(resolve)); // let messages through between batches
      }
    }
    return deleted;
  }

  async claim(key: string, now: number, holdMs: number): Promise<boolean> {
    return this.statements.claim!.run({ key, until: now + holdMs, now }).changes === 1;
  }

  async salt(preferred?: string): Promise<string> {
    if (preferred) return preferred;
    this.statements.saltInsert!.run(randomBytes(32).toString('base64url'));
    return (this.statements.saltSelect!.get() as { value: string }).value;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
