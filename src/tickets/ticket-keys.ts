import { createHash } from 'node:crypto';

/**
 * Where tickets live in the store. No document is shared by every escalation except the counter, which holds
 * one number: each card, ticket and index entry is its own small item, so nothing grows with the number of tickets.
 */
export const COUNTER_KEY = 'helpdesk/counter';
export const CHANNEL_KEY = 'helpdesk/channel';
/** The one document the first versions kept everything in; only read, to migrate. */
export const LEGACY_LEDGER_KEY = 'helpdesk/ledger';
/** One marker per ticket whose outbox may hold jobs: what workers list to find work. */
export const PENDING_PREFIX = 'helpdesk/pending/';
/** One marker per ticket not resolved: what the `tickets` command lists. */
export const OPEN_PREFIX = 'helpdesk/open/';

export const ticketKey = (number: number) => `helpdesk/ticket/${number}`;

/** An escalated card → its ticket number, created once and never evicted. Hashed: card keys hold Teams ids of any length. */
export const cardKey = (sourceKey: string) => `helpdesk/card/${createHash('sha256').update(sourceKey).digest('hex').slice(0, 40)}`;

/** Index entries are zero-padded, so listing a prefix returns them in ticket order. */
const indexEntry = (prefix: string) => (number: number) => `${prefix}${String(number).padStart(9, '0')}`;
export const pendingKey = indexEntry(PENDING_PREFIX);
export const openKey = indexEntry(OPEN_PREFIX);

/** The ticket number of an index entry's key. */
export function numberOfEntry(key: string): number {
  return Number(key.slice(key.lastIndexOf('/') + 1));
}
