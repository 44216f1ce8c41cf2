import { cardKey, COUNTER_KEY, LEGACY_LEDGER_KEY, openKey, pendingKey } from './ticket-keys';
import type { KeyValueStore, LegacyLedger } from './types';

/** Items written at once while migrating: a burst a Blob account or Cosmos container takes without throttling. */
const BATCH = 50;

/**
 * A store from the first versions kept numbers, card keys and work lists in one ledger document. This writes them
 * as the per-item documents the tickets use now (counter, card records, open and pending entries), once: every
 * write is create-only or idempotent, so instances that start together may all run it. The ledger stays, marked.
 */
export async function migrateLegacyLedger(store: KeyValueStore, now: () => number = Date.now): Promise<boolean> {
  const ledger = (await store.read([LEGACY_LEDGER_KEY]))[LEGACY_LEDGER_KEY] as LegacyLedger | undefined;
  if (!ledger || ledger.migrated) return false;
  await store.create(COUNTER_KEY, { next: ledger.nextNumber });
  const at = now();
  const writes: (() => Promise<unknown>)[] = [
    ...Object.entries(ledger.bySource).map(
      ([source, number]) =>
        () =>
          store.create(cardKey(source), { number, claimedAt: at }),
    ),
    ...ledger.open.map((number) => () => store.create(openKey(number), { at })),
    ...ledger.pending.map((number) => () => store.write({ [pendingKey(number)]: { at } })),
  ];
  for (let i = 0; i < writes.length; i += BATCH) await Promise.all(writes.slice(i, i + BATCH).map((write) => write()));
  await store.write({ [LEGACY_LEDGER_KEY]: { ...ledger, migrated: true, eTag: '*' } });
  return true;
}
