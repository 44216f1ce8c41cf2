import { randomUUID } from 'node:crypto';
import { NumberAllocator } from './number-allocator';
import { backOff, isConflict, MAX_CONFLICT_RETRIES, pause } from './store-conflicts';
import { cardKey, CHANNEL_KEY, numberOfEntry, OPEN_PREFIX, openKey, PENDING_PREFIX, pendingKey, ticketKey } from './ticket-keys';
import type { HelpdeskChannel, Job, JobKind, KeyValueStore, OutboxClaim, Ticket, TicketAction } from './types';

/** A click that finds its card being numbered by another click looks again after 10, 20, 40… ms, at most this. */
const MAX_WAIT_MS = 250;
const waitBefore = (attempt: number) => Math.min(MAX_WAIT_MS, 10 * 2 ** attempt);
/** A card claimed this long ago and still without a number was claimed by a click that died: another takes over. */
const CARD_STALE_MS = 30_000;
/** A click that found its card's number waits this long in all for the ticket, then writes it itself. */
const TICKET_WAIT_MS = 5000;
/** A pending marker this old without a ticket belongs to an escalation that died before writing the ticket. */
const ORPHAN_MARKER_MS = 10 * 60_000;

export function ticketLabel(number: number): string {
  return `HD-${String(number).padStart(6, '0')}`;
}

/** "HD-000123" → 123, anything else → undefined. */
export function parseTicketLabel(label: unknown): number | undefined {
  const match = typeof label === 'string' ? /^HD-(\d{6,9})$/.exec(label.trim()) : null;
  return match ? Number(match[1]) : undefined;
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

export type TicketDraft = Omit<Ticket, 'number' | 'status' | 'history' | 'jobs' | 'updatedAt' | 'eTag' | 'claim' | 'outboxMarked'>;

export type ActionOutcome =
  | { readonly ok: true; readonly ticket: Ticket }
  | { readonly ok: false; readonly reason: 'not_found' | 'not_allowed'; readonly ticket?: Ticket };

export type ClaimOutcome =
  { readonly claimed: true; readonly ticket: Ticket } | { readonly claimed: false; readonly ticket?: Ticket; readonly heldUntil?: number };

/** Which actions each status allows: assign an open or assigned ticket, resolve one not resolved, reopen a resolved one. */
const ALLOWED: Record<TicketAction, readonly Ticket['status'][]> = {
  assign: ['open', 'assigned'],
  resolve: ['open', 'assigned'],
  reopen: ['resolved'],
};

interface CardRecord {
  /** The ticket of this card, once numbered. */
  number?: number;
  /** When a click claimed the card to number it (ms). */
  claimedAt: number;
  eTag?: string;
}

interface Marker {
  at: number;
  eTag?: string;
}

export interface EscalateOptions {
  /** Hold the channel post this long (the requester's details are still being looked up); see addRequesterDetails. */
  readonly postAfterMs?: number;
}

/** Our claim on a card was taken over (it had gone stale) before we could name its ticket: theirs is the ticket. */
class CardTakenOver extends Error {}

function newJob(kind: JobKind, dueAt: number, event?: TicketAction): Job {
  return { id: randomUUID(), kind, attempts: 0, dueAt, ...(event && { event }) };
}

/**
 * Tickets, their numbers and their outboxes on a KeyValueStore, with conditional writes only: correct with many
 * requests at once and with several bot instances on one store, and with no document every escalation rewrites
 * except a counter that holds one number (see ticket-keys.ts).
 *
 * The outbox of a ticket is its `jobs`, written in the same write as the change that queues them. Workers find
 * tickets with jobs through one pending marker per ticket. Invariant: a ticket with jobs has a marker.
 * - A write that leaves jobs on a ticket whose `outboxMarked` is not set first writes the marker (a plain write:
 *   a new eTag), then the ticket with `outboxMarked`, conditional on the ticket's eTag (`changeTicket`).
 * - A worker clears a marker only in this order (`settle`): read the marker (eTag m); write the ticket conditionally,
 *   unsetting `outboxMarked` if it has no jobs; delete the marker only if its eTag is still m.
 * A writer that queues jobs in between either writes the ticket first (the worker's conditional write fails, it
 * reads again and sees the jobs) or rewrites the marker (the worker's delete fails). So a marker can never be
 * cleared over new jobs, which is how the first versions lost notices (a flag skipped when already set, then
 * cleared by a worker that had seen the ticket empty).
 */
export class TicketStore {
  private readonly numbers: NumberAllocator;

  constructor(
    private readonly store: KeyValueStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.numbers = new NumberAllocator(store);
  }

  private async readOne<T>(key: string): Promise<T | undefined> {
    return (await this.store.read([key]))[key] as T | undefined;
  }

  async getTicket(number: number): Promise<Ticket | undefined> {
    return this.readOne<Ticket>(ticketKey(number));
  }

  /** Writes the ticket's pending marker: a new eTag every time, which is what makes a worker's clearing fail. */
  private async markPending(number: number): Promise<void> {
    await this.store.write({ [pendingKey(number)]: { at: this.now().getTime() } });
  }

  /**
   * Reads a ticket, lets `change` edit a copy (undefined: leave it), writes it with its eTag; retried on conflict.
   * `beforeWrite` runs before each write attempt (index entries that must exist before the ticket says so).
   */
  async changeTicket(
    number: number,
    change: (ticket: Ticket) => Ticket | undefined,
    beforeWrite?: (next: Ticket) => Promise<void>,
  ): Promise<Ticket | undefined> {
    for (let attempt = 0; ; attempt++) {
      const stored = await this.getTicket(number);
      if (!stored) return undefined;
      let next = change(clone(stored));
      if (!next) return stored;
      if (next.jobs.length && !stored.outboxMarked) {
        await this.markPending(number);
        next = { ...next, outboxMarked: true };
      }
      await beforeWrite?.(next);
      try {
        await this.store.write({ [ticketKey(number)]: { ...next, eTag: stored.eTag } });
        return next;
      } catch (error) {
        if (!isConflict(error) || attempt >= MAX_CONFLICT_RETRIES) throw error;
        await backOff(attempt);
      }
    }
  }

  /**
   * Creates the ticket for an escalated card once: the same `sourceKey` (the card) always returns the same ticket,
   * however many clicks arrive, on however many instances, and however long after. The first click claims the card
   * (create-only), numbers it, then writes the ticket with its outbox; the others wait for the number and the ticket.
   */
  async escalate(sourceKey: string, draft: TicketDraft, options: EscalateOptions = {}): Promise<{ ticket: Ticket; created: boolean }> {
    const key = cardKey(sourceKey);
    const claimedAt = this.now().getTime();
    const eTag = await this.store.create(key, { claimedAt });
    if (eTag) {
      const ticket = await this.numberCard(key, eTag, claimedAt, draft, options);
      if (ticket) return { ticket, created: true };
    }
    for (let attempt = 0; ; attempt++) {
      const card = await this.readOne<CardRecord>(key);
      if (card?.number !== undefined) return { ticket: await this.ticketOf(card.number, draft, options), created: false };
      const now = this.now().getTime();
      if (card && now - card.claimedAt > CARD_STALE_MS) {
        // The click that claimed the card died before numbering it: take the claim over, conditionally.
        const taken = await this.takeOver(key, card, now);
        const ticket = taken && (await this.numberCard(key, taken, now, draft, options));
        if (ticket) return { ticket, created: true };
      }
      if (attempt > 2 * (CARD_STALE_MS / MAX_WAIT_MS) + 20) throw new Error(`card ${key} stayed without a ticket`);
      await pause(waitBefore(attempt));
    }
  }

  /** The eTag of the card after re-claiming it, or undefined if someone else changed it first. */
  private async takeOver(key: string, card: CardRecord, now: number): Promise<string | undefined> {
    try {
      await this.store.write({ [key]: { claimedAt: now, eTag: card.eTag } });
    } catch (error) {
      if (isConflict(error)) return undefined;
      throw error;
    }
    const taken = await this.readOne<CardRecord>(key);
    return taken?.claimedAt === now && taken.number === undefined ? taken.eTag : undefined;
  }

  /** The claiming click: number the card, then write the ticket. Undefined if the claim was taken over meanwhile. */
  private async numberCard(
    key: string,
    eTag: string,
    claimedAt: number,
    draft: TicketDraft,
    options: EscalateOptions,
  ): Promise<Ticket | undefined> {
    const number = await this.numbers.next();
    // The card names its ticket before the ticket exists: a later click finds the number and waits for the
    // ticket, or writes it if this click dies now. Conditional, so a click that took over a stale claim wins.
    const named = this.store.write({ [key]: { number, claimedAt, eTag } }).then(
      () => true,
      (error: unknown) => {
        if (isConflict(error)) return false;
        throw error;
      },
    );
    try {
      return await this.writeTicket(
        number,
        draft,
        options,
        named.then((ok) => ok || Promise.reject(new CardTakenOver())),
      );
    } catch (error) {
      if (error instanceof CardTakenOver) return undefined;
      throw error;
    }
  }

  /** A later click: the ticket its card names, written from this click's draft if the first click died before. */
  private async ticketOf(number: number, draft: TicketDraft, options: EscalateOptions): Promise<Ticket> {
    for (let attempt = 0, waited = 0; waited < TICKET_WAIT_MS; attempt++) {
      const existing = await this.getTicket(number);
      if (existing) return existing;
      await pause(waitBefore(attempt));
      waited += waitBefore(attempt);
    }
    return this.writeTicket(number, draft, options);
  }

  /** The marker and the open entry first, then the ticket (create-only: when two write it, the first stays). */
  private async writeTicket(
    number: number,
    draft: TicketDraft,
    options: EscalateOptions,
    beforeTicket?: Promise<unknown>,
  ): Promise<Ticket> {
    const now = this.now();
    const ticket: Ticket = {
      ...draft,
      number,
      status: 'open',
      updatedAt: now.toISOString(),
      history: [{ at: now.toISOString(), action: 'created', by: draft.requester }],
      jobs: [newJob('postTicket', now.getTime() + (options.postAfterMs ?? 0)), newJob('updateRequesterCard', now.getTime())],
      outboxMarked: true,
    };
    await Promise.all([this.markPending(number), this.store.create(openKey(number), { at: now.getTime() }), beforeTicket]);
    if (await this.store.create(ticketKey(number), ticket)) return ticket;
    return (await this.getTicket(number)) ?? ticket;
  }

  /**
   * The requester's details arrived after the ticket was stored: keep them, release the held channel post, and
   * queue a card update if the post may already have gone out without them.
   */
  async addRequesterDetails(number: number, details: { upn?: string }): Promise<Ticket | undefined> {
    const now = this.now().getTime();
    return this.changeTicket(number, (ticket) => {
      const post = ticket.jobs.find((job) => job.kind === 'postTicket');
      const postWaits = post !== undefined && post.dueAt > now;
      return {
        ...ticket,
        requester: { ...ticket.requester, ...(details.upn && { upn: details.upn }) },
        jobs: [
          ...ticket.jobs.map((job) => (job.kind === 'postTicket' && postWaits ? { ...job, dueAt: now } : job)),
          ...(postWaits || !details.upn ? [] : [newJob('updateTicketCard', now)]),
        ],
      };
    });
  }

  /** Applies an agent's action if the ticket's status allows it, and queues the card updates and the requester's notice. */
  async act(number: number, action: TicketAction, by: Ticket['requester'], note?: string): Promise<ActionOutcome> {
    let refused: Ticket | undefined;
    // Read before the ticket changes: a reopen that writes the entry afterwards makes this delete fail (see settle).
    const openEntry = action === 'resolve' ? await this.readOne<Marker>(openKey(number)) : undefined;
    const ticket = await this.changeTicket(
      number,
      (current) => {
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
            // Card updates not yet sent are replaced: the new one shows the latest state anyway.
            ...current.jobs.filter((job) => job.kind !== 'updateTicketCard' && job.kind !== 'updateRequesterCard'),
            newJob('updateTicketCard', now.getTime()),
            newJob('updateRequesterCard', now.getTime()),
            newJob('notifyRequester', now.getTime(), action),
          ],
        };
      },
      async (next) => {
        if (action === 'reopen' && next.status !== 'resolved') await this.store.write({ [openKey(number)]: { at: this.now().getTime() } });
      },
    );
    if (!ticket) return { ok: false, reason: 'not_found' };
    if (refused) return { ok: false, reason: 'not_allowed', ticket: refused };
    if (ticket.status === 'resolved' && openEntry?.eTag) await this.store.deleteIf(openKey(number), openEntry.eTag);
    return { ok: true, ticket };
  }

  /** Tickets not resolved, oldest first. An entry left by a crash between a resolve's two writes is skipped. */
  async openTickets(): Promise<Ticket[]> {
    const keys = (await this.store.keys(OPEN_PREFIX)).map((entry) => ticketKey(numberOfEntry(entry)));
    if (!keys.length) return [];
    const items = await this.store.read(keys);
    return keys.map((key) => items[key] as Ticket | undefined).filter((t): t is Ticket => t !== undefined && t.status !== 'resolved');
  }

  /** Tickets that may owe Teams a message: one listing of the pending markers. */
  async pendingTickets(): Promise<number[]> {
    return (await this.store.keys(PENDING_PREFIX)).map(numberOfEntry);
  }

  /**
   * Claims a ticket's outbox for `owner` until `until` (ms), unless another owner's claim still runs: the only way a
   * worker may send a ticket's messages. Only if `wanted(ticket)` (something is due); otherwise nothing is written.
   * A claim is renewed by claiming again.
   */
  async claim(number: number, owner: string, until: number, wanted: (ticket: Ticket) => boolean = () => true): Promise<ClaimOutcome> {
    const now = this.now().getTime();
    let heldBy: OutboxClaim | undefined;
    const ticket = await this.changeTicket(number, (current) => {
      heldBy = current.claim && current.claim.owner !== owner && current.claim.until > now ? current.claim : undefined;
      if (heldBy || !current.jobs.length || !wanted(current)) return undefined;
      return { ...current, claim: { owner, until } };
    });
    if (ticket?.claim?.owner === owner && !heldBy) return { claimed: true, ticket };
    return { claimed: false, ...(ticket && { ticket }), ...(heldBy && { heldUntil: heldBy.until }) };
  }

  /**
   * Releases `owner`'s claim and, when the outbox is empty, clears the pending marker, in the order the class
   * comment gives. Returns the ticket as written (undefined if there is none).
   */
  async settle(number: number, owner: string): Promise<Ticket | undefined> {
    const marker = await this.readOne<Marker>(pendingKey(number));
    const ticket = await this.changeTicket(number, (current) => {
      const { claim, ...rest } = current;
      const ours = claim?.owner === owner;
      // With jobs left the marker stays: only our claim needs releasing. Without, the write is the protocol's step.
      if (current.jobs.length && !ours) return undefined;
      return { ...rest, ...(!ours && claim && { claim }), ...(current.jobs.length === 0 && { outboxMarked: false }) };
    });
    if (!marker?.eTag) return ticket;
    if (!ticket) {
      // A marker whose ticket never came: its escalation died before writing it (a later click would have by now).
      if (this.now().getTime() - marker.at > ORPHAN_MARKER_MS) await this.store.deleteIf(pendingKey(number), marker.eTag);
      return undefined;
    }
    if (ticket.jobs.length === 0) await this.store.deleteIf(pendingKey(number), marker.eTag);
    return ticket;
  }

  async getChannel(): Promise<HelpdeskChannel | undefined> {
    return this.readOne<HelpdeskChannel>(CHANNEL_KEY);
  }

  async setChannel(channel: HelpdeskChannel): Promise<void> {
    await this.store.write({ [CHANNEL_KEY]: { ...channel, eTag: '*' } });
  }
}
