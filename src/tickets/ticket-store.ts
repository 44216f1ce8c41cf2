import { randomUUID } from 'node:crypto';
import type { HelpdeskChannel, Job, JobKind, KeyValueStore, Ledger, Ticket, TicketAction } from './types';

const LEDGER_KEY = 'helpdesk/ledger';
const CHANNEL_KEY = 'helpdesk/channel';
const ticketKey = (number: number) => `helpdesk/ticket/${number}`;
/** Idempotency keys kept in the ledger: far more than a helpdesk escalates between two card clicks. */
const MAX_SOURCE_KEYS = 5000;
const MAX_CONFLICT_RETRIES = 100;
/** An eTag no stored item has: the write succeeds only if the item does not exist yet (create-only). */
const CREATE_ONLY = 'create-only';
const CREATE_WAIT_ROUNDS = 40;
const CREATE_WAIT_MS = 25;

export function ticketLabel(number: number): string {
  return `HD-${String(number).padStart(6, '0')}`;
}

/** "HD-000123" → 123, anything else → undefined. */
export function parseTicketLabel(label: unknown): number | undefined {
  const match = typeof label === 'string' ? /^HD-(\d{6,9})$/.exec(label.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

/** Every store reports a stale eTag its own way: MemoryStorage/SQLite with a message, Blob/Cosmos with 412. */
function isConflict(error: unknown): boolean {
  const { message, statusCode, code } = (error ?? {}) as { message?: string; statusCode?: number; code?: string };
  return /etag conflict/i.test(message ?? '') || statusCode === 412 || code === 'PreconditionFailed' || code === 'ConditionNotMet';
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function clone<T>(value: T): T {
  return structuredClone(value);
}

export type TicketDraft = Omit<Ticket, 'number' | 'status' | 'history' | 'jobs' | 'updatedAt' | 'eTag'>;

export type ActionOutcome =
  | { readonly ok: true; readonly ticket: Ticket }
  | { readonly ok: false; readonly reason: 'not_found' | 'not_allowed'; readonly ticket?: Ticket };

/** Which actions each status allows: assign an open or assigned ticket, resolve one not resolved, reopen a resolved one. */
const ALLOWED: Record<TicketAction, readonly Ticket['status'][]> = {
  assign: ['open', 'assigned'],
  resolve: ['open', 'assigned'],
  reopen: ['resolved'],
};

function newJob(kind: JobKind, now: number, event?: TicketAction): Job {
  return { id: randomUUID(), kind, attempts: 0, dueAt: now, ...(event && { event }) };
}

/**
 * Tickets, their numbers and their outboxes on any botbuilder-style Storage, using only eTag writes:
 * correct with several requests at once and with several bot instances on one store.
 */
export class TicketStore {
  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Runs `change` on the current ledger and writes it with its eTag, again and again until no one else wrote in between. */
  private async changeLedger<T>(change: (ledger: Ledger) => T | undefined): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      const stored = (await this.store.read([LEDGER_KEY]))[LEDGER_KEY] as Ledger | undefined;
      const ledger: Ledger = stored ? clone(stored) : { nextNumber: 1, bySource: {}, open: [], pending: [] };
      const result = change(ledger);
      if (result === undefined) return undefined;
      try {
        if (stored) await this.store.write({ [LEDGER_KEY]: { ...ledger, eTag: stored.eTag } });
        else if (!(await this.create(LEDGER_KEY, ledger))) throw new Error('eTag conflict: ledger created meanwhile');
        return result;
      } catch (error) {
        if (!isConflict(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await pause(Math.random() * 5);
      }
    }
  }

  /** Reads a ticket, lets `change` edit a copy (undefined: leave it), writes it with its eTag; retried on conflict. */
  async changeTicket(number: number, change: (ticket: Ticket) => Ticket | undefined): Promise<Ticket | undefined> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.getTicket(number);
      if (!stored) return undefined;
      const changed = change(clone(stored));
      if (!changed) return stored;
      const next = { ...changed, eTag: stored.eTag };
      try {
        await this.store.write({ [ticketKey(number)]: next });
        return (await this.getTicket(number)) ?? next;
      } catch (error) {
        if (!isConflict(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await pause(Math.random() * 5);
      }
    }
  }

  /**
   * Writes an item only if it does not exist yet; false if it did. Memory and SQLite stores refuse an eTag that no
   * stored item has, which makes a create-only write. Blob storage refuses any eTag on a missing blob, so there the
   * item is written plainly once it is known to be missing (a narrow race that only two first-ever writes can hit).
   */
  private async create(key: string, item: object): Promise<boolean> {
    try {
      await this.store.write({ [key]: { ...item, eTag: CREATE_ONLY } });
      return true;
    } catch (error) {
      if (!isConflict(error)) throw error;
      if ((await this.store.read([key]))[key]) return false;
      await this.store.write({ [key]: { ...item, eTag: '*' } });
      return true;
    }
  }

  async getTicket(number: number): Promise<Ticket | undefined> {
    return (await this.store.read([ticketKey(number)]))[ticketKey(number)] as Ticket | undefined;
  }

  /**
   * Creates the ticket for an escalated card once: the same `sourceKey` (the card) always returns the same ticket,
   * however many clicks arrive and in whatever order. The ticket is stored, with its outbox, before anything is sent.
   */
  async escalate(sourceKey: string, draft: TicketDraft): Promise<{ ticket: Ticket; created: boolean }> {
    const allocated = await this.changeLedger((ledger) => {
      const existing = ledger.bySource[sourceKey];
      if (existing !== undefined) return { number: existing, created: false };
      const number = ledger.nextNumber++;
      ledger.bySource[sourceKey] = number;
      const keys = Object.keys(ledger.bySource);
      for (const old of keys.slice(0, Math.max(0, keys.length - MAX_SOURCE_KEYS))) delete ledger.bySource[old];
      ledger.open.push(number);
      ledger.pending.push(number);
      return { number, created: true };
    });
    const { number, created } = allocated!;
    // The click that allocated the number writes the ticket; any other waits for it, and writes it only if that
    // click died in between (a restart mid-escalation). Writes are create-only, so the first ticket stays.
    if (!created) {
      for (let i = 0; i < CREATE_WAIT_ROUNDS; i++) {
        const existing = await this.getTicket(number);
        if (existing) return { ticket: existing, created: false };
        await pause(CREATE_WAIT_MS);
      }
    }
    const now = this.now();
    const ticket: Ticket = {
      ...draft,
      number,
      status: 'open',
      updatedAt: now.toISOString(),
      history: [{ at: now.toISOString(), action: 'created', by: draft.requester }],
      jobs: [newJob('postTicket', now.getTime()), newJob('updateRequesterCard', now.getTime())],
    };
    await this.create(ticketKey(number), ticket);
    return { ticket: (await this.getTicket(number)) ?? ticket, created };
  }

  /** Applies an agent's action if the ticket's status allows it, and queues the card update and the requester's notice. */
  async act(number: number, action: TicketAction, by: Ticket['requester'], note?: string): Promise<ActionOutcome> {
    let refused: Ticket | undefined;
    await this.markPending(number);
    const ticket = await this.changeTicket(number, (current) => {
      if (!ALLOWED[action].includes(current.status)) {
        refused = current;
        return undefined;
      }
      refused = undefined;
      const now = this.now();
      const at = now.toISOString();
      return {
        ...current,
        status: action === 'assign' ? 'assigned' : action === 'resolve' ? 'resolved' : current.assignee ? 'assigned' : 'open',
        ...(action === 'assign' && { assignee: by }),
        ...(action === 'resolve' && { resolution: note }),
        updatedAt: at,
        history: [...current.history, { at, action, by, ...(note && { note }) }],
        jobs: [
          ...current.jobs.filter((job) => job.kind !== 'updateTicketCard' && job.kind !== 'updateRequesterCard'),
          newJob('updateTicketCard', now.getTime()),
          newJob('updateRequesterCard', now.getTime()),
          newJob('notifyRequester', now.getTime(), action),
        ],
      };
    });
    if (!ticket) return { ok: false, reason: 'not_found' };
    if (refused) return { ok: false, reason: 'not_allowed', ticket: refused };
    await this.changeLedger((ledger) => {
      const open = ledger.open.includes(number);
      if (ticket.status === 'resolved' && open) ledger.open = ledger.open.filter((n) => n !== number);
      else if (ticket.status !== 'resolved' && !open) ledger.open.push(number);
      else return undefined;
      return true;
    });
    return { ok: true, ticket };
  }

  private async markPending(number: number): Promise<void> {
    await this.changeLedger((ledger) => (ledger.pending.includes(number) ? undefined : (ledger.pending.push(number), true)));
  }

  async openTickets(): Promise<Ticket[]> {
    const ledger = (await this.store.read([LEDGER_KEY]))[LEDGER_KEY] as Ledger | undefined;
    const keys = (ledger?.open ?? []).map(ticketKey);
    if (!keys.length) return [];
    const items = await this.store.read(keys);
    return keys.map((key) => items[key] as Ticket | undefined).filter((t): t is Ticket => Boolean(t));
  }

  /** Tickets that may owe Teams a message. */
  async pendingTickets(): Promise<number[]> {
    const ledger = (await this.store.read([LEDGER_KEY]))[LEDGER_KEY] as Ledger | undefined;
    return [...(ledger?.pending ?? [])];
  }

  /** Forgets a ticket's pending mark once its outbox is empty (or the ticket is gone). */
  async settlePending(number: number): Promise<void> {
    const ticket = await this.getTicket(number);
    if (ticket?.jobs.length) return;
    await this.changeLedger((ledger) => {
      if (!ledger.pending.includes(number)) return undefined;
      ledger.pending = ledger.pending.filter((n) => n !== number);
      return true;
    });
  }

  async getChannel(): Promise<HelpdeskChannel | undefined> {
    return (await this.store.read([CHANNEL_KEY]))[CHANNEL_KEY] as HelpdeskChannel | undefined;
  }

  async setChannel(channel: HelpdeskChannel): Promise<void> {
    await this.store.write({ [CHANNEL_KEY]: { ...channel, eTag: '*' } });
  }
}
