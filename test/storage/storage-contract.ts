import type { Storage, StoreItems } from 'botbuilder';
import type { KeyValueStore } from '../../src/tickets/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * What every botbuilder `Storage` we run on must do, as botbuilder's `MemoryStorage` (the reference) does it.
 * A storage that differs on a case names it in `skip` with the reason; it then shows as skipped, with that reason.
 */
export const CONTRACT_CASES = [
  'reads back what it wrote, with an eTag',
  'reads only the keys that exist',
  'deletes, and deleting missing keys is fine',
  'changes the eTag on every write',
  'rejects a write with a stale eTag and keeps the stored item',
  'rejects a batch with one stale eTag and keeps that item',
  'writes none of a batch when one item conflicts',
  'overwrites with eTag "*"',
  'overwrites when the item has no eTag',
  'writes an item with an eTag when the key is not stored (e.g. deleted meanwhile)',
  'lets exactly one of 20 concurrent writes with the same eTag win',
  'round-trips nested values the JSON way',
  'round-trips unicode text',
  'round-trips a ~200 KB string',
  'keeps keys apart that differ only in slashes',
  "stores copies, not the caller's objects",
  // The conditional operations the tickets need besides botbuilder's Storage (src/tickets/types.ts KeyValueStore).
  'creates an item only if its key is absent, and returns its eTag',
  'lets exactly one of 20 concurrent creates of one key win',
  'replaces an item only while its eTag is unchanged, and returns the new eTag',
  'deletes an item only while its eTag is unchanged',
  'lists the keys under a prefix, in order, and no others',
] as const;

export type ContractCase = (typeof CONTRACT_CASES)[number];

export interface ContractOptions {
  /** Cases this storage does not meet, each with why. */
  readonly skip?: Partial<Record<ContractCase, string>>;
}

const CONFLICT = /Storage: error writing ".*" due to eTag conflict\./;

export function describeStorageContract<S extends Storage>(
  name: string,
  makeStorage: () => S | Promise<S>,
  cleanup: (storage: S) => void | Promise<void>,
  options: ContractOptions = {},
): void {
  describe(`${name} meets the Storage contract`, () => {
    let storage: S;
    let made = false;

    beforeEach(async () => {
      storage = await makeStorage();
      made = true;
    });
    afterEach(async () => {
      if (made) await cleanup(storage);
      made = false;
    });

    const test = (title: ContractCase, body: () => Promise<void>) => {
      const reason = options.skip?.[title];
      if (reason) it.skip(`${title} (skipped: ${reason})`, body);
      else it(title, body);
    };

    const readOne = async (key: string) => (await storage.read([key]))[key];
    const eTagOf = async (key: string) => {
      const eTag: unknown = (await readOne(key))?.eTag;
      expect(eTag, `eTag of ${key}`).toEqual(expect.any(String));
      expect(eTag).not.toBe('');
      return eTag as string;
    };

    test('reads back what it wrote, with an eTag', async () => {
      await storage.write({ 'ticket/1': { status: 'open', count: 1 } });
      const items = await storage.read(['ticket/1']);
      expect(Object.keys(items)).toEqual(['ticket/1']);
      expect(items['ticket/1']).toEqual({ status: 'open', count: 1, eTag: expect.any(String) });
      await eTagOf('ticket/1');
    });

    test('reads only the keys that exist', async () => {
      await storage.write({ present: { n: 1 } });
      expect(await storage.read([])).toEqual({});
      expect(await storage.read(['absent'])).toEqual({});
      const items = await storage.read(['absent', 'present', 'also-absent']);
      expect(Object.keys(items)).toEqual(['present']);
    });

    test('deletes, and deleting missing keys is fine', async () => {
      await storage.write({ a: { n: 1 }, b: { n: 2 } });
      await storage.delete(['a', 'never-written']);
      expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
      await expect(storage.delete(['a', 'never-written'])).resolves.toBeUndefined();
      await expect(storage.delete([])).resolves.toBeUndefined();
    });

    test('changes the eTag on every write', async () => {
      await storage.write({ k: { v: 1 } });
      const seen = [await eTagOf('k')];
      await storage.write({ k: { v: 2, eTag: seen[0] } }); // matching eTag
      seen.push(await eTagOf('k'));
      await storage.write({ k: { v: 2 } }); // same value, no eTag
      seen.push(await eTagOf('k'));
      await storage.write({ k: { v: 2, eTag: '*' } });
      seen.push(await eTagOf('k'));
      expect(new Set(seen).size).toBe(seen.length);
    });

    test('rejects a write with a stale eTag and keeps the stored item', async () => {
      await storage.write({ k: { v: 1 } });
      const stale = await eTagOf('k');
      await storage.write({ k: { v: 2, eTag: stale } });
      const current = await eTagOf('k');

      await expect(storage.write({ k: { v: 3, eTag: stale } })).rejects.toThrow(CONFLICT);
      expect(await readOne('k')).toEqual({ v: 2, eTag: current });
    });

    test('rejects a batch with one stale eTag and keeps that item', async () => {
      await storage.write({ k: { v: 1 } });
      const stale = await eTagOf('k');
      await storage.write({ k: { v: 2 } });
      const current = await eTagOf('k');

      await expect(storage.write({ other: { v: 'new' }, k: { v: 3, eTag: stale } })).rejects.toThrow(CONFLICT);
      expect(await readOne('k')).toEqual({ v: 2, eTag: current });
    });

    test('writes none of a batch when one item conflicts', async () => {
      await storage.write({ k: { v: 1 }, existing: { v: 1 } });
      const stale = await eTagOf('k');
      await storage.write({ k: { v: 2 } });
      const before = await storage.read(['k', 'existing']);

      // The conflicting item sits in the middle: neither the item before nor the one after may be written.
      const batch: StoreItems = { fresh: { v: 'new' }, k: { v: 3, eTag: stale }, existing: { v: 'changed' } };
      await expect(storage.write(batch)).rejects.toThrow(CONFLICT);
      expect(await storage.read(['k', 'existing', 'fresh'])).toEqual(before);
    });

    test('overwrites with eTag "*"', async () => {
      await storage.write({ k: { v: 1 } });
      const first = await eTagOf('k');
      await storage.write({ k: { v: 2 } });
      await storage.write({ k: { v: 3, eTag: '*' } });
      expect(await readOne('k')).toEqual({ v: 3, eTag: expect.any(String) });
      expect(await eTagOf('k')).not.toBe(first);
      await storage.write({ new: { v: 1, eTag: '*' } });
      expect(await readOne('new')).toMatchObject({ v: 1 });
    });

    test('overwrites when the item has no eTag', async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2 } });
      await storage.write({ k: { v: 3 } });
      expect(await readOne('k')).toEqual({ v: 3, eTag: expect.any(String) });
    });

    test('writes an item with an eTag when the key is not stored (e.g. deleted meanwhile)', async () => {
      await storage.write({ k: { v: 1 } });
      const eTag = await eTagOf('k');
      await storage.delete(['k']);
      await storage.write({ k: { v: 2, eTag } });
      expect(await readOne('k')).toMatchObject({ v: 2 });
    });

    test('lets exactly one of 20 concurrent writes with the same eTag win', async () => {
      await storage.write({ k: { writer: -1 } });
      const eTag = await eTagOf('k');

      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, writer) => storage.write({ k: { writer, eTag } })));

      const winners = results.flatMap((result, writer) => (result.status === 'fulfilled' ? [writer] : []));
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === 'rejected') expect(String(result.reason)).toMatch(CONFLICT);
      }
      expect(await readOne('k')).toMatchObject({ writer: winners[0] });
    });

    test('round-trips nested values the JSON way', async () => {
      const when = new Date('2025-01-02T03:04:05.678Z');
      const value = {
        ticket: {
          id: 'T-1',
          tags: ['mfa', 'locked'],
          history: [
            { at: 1, by: { name: 'A', roles: [] } },
            { at: 2, by: null },
          ],
        },
        flags: { open: true, escalated: false },
        numbers: [0, -1, 1.5, Number.MAX_SAFE_INTEGER],
        empty: { object: {}, array: [], string: '' },
        when, // as in JSON: read back as its ISO string
        gone: undefined, // as in JSON: dropped
      };
      await storage.write({ nested: value });
      const { eTag, ...read } = (await readOne('nested')) ?? {};
      expect(eTag).toEqual(expect.any(String));
      expect(read).toEqual(JSON.parse(JSON.stringify(value)));
      expect(read.when).toBe(when.toISOString());
      expect('gone' in read).toBe(false);
    });

    test('round-trips unicode text', async () => {
      const value = {
        zh: 'MFA 一直失败，我的账号被锁了（帳號）',
        emoji: '🔒🙂👩🏽‍💻🇨🇳',
        mixed: 'Ünïcödé ñ e\u0301 עברית العربية 日本語 한국어',
        escapes: 'quote " backslash \\ newline \n tab \t nul \u0000 bell \u0007',
        halfEmoji: '🔒'.slice(0, 1), // a lone surrogate, as cutting a message at a fixed length can leave
        large: '账号被锁🔒'.repeat(10_000),
        '键 🔑': 'unicode property name',
      };
      await storage.write({ 'unicode/账号': value });
      expect(await readOne('unicode/账号')).toEqual({ ...value, eTag: expect.any(String) });
    });

    test('round-trips a ~200 KB string', async () => {
      const large = Array.from({ length: 200 }, (_, i) => `${String(i).padStart(4, '0')}:${'x'.repeat(995)}`).join('\n');
      expect(large.length).toBeGreaterThan(200_000);
      await storage.write({ large: { text: large, list: Array.from({ length: 1000 }, (_, i) => ({ i })) } });
      const read = await readOne('large');
      expect(read?.text).toBe(large);
      expect(read?.list).toHaveLength(1000);
    });

    test('keeps keys apart that differ only in slashes', async () => {
      // botbuilder builds keys like "msteams/conversations/<id>/" (trailing slash).
      const keys = [
        'msteams/conversations/19:a@thread.tacv2/',
        'msteams/conversations/19:a@thread.tacv2',
        'msteams//conversations/19:a@thread.tacv2',
      ];
      await storage.write(Object.fromEntries(keys.map((key, i) => [key, { i }])));
      const items = await storage.read(keys);
      expect(keys.map((key) => items[key]?.i)).toEqual([0, 1, 2]);
    });

    const store = () => storage as unknown as KeyValueStore;

    test('creates an item only if its key is absent, and returns its eTag', async () => {
      const eTag = await store().create('card/1', { number: 7, eTag: 'ignored' });
      expect(eTag).toEqual(expect.any(String));
      expect(await readOne('card/1')).toEqual({ number: 7, eTag });
      expect(await store().create('card/1', { number: 8 })).toBeUndefined();
      expect(await readOne('card/1')).toEqual({ number: 7, eTag });
      // The eTag it returned guards the item like any read eTag.
      await storage.write({ 'card/1': { number: 9, eTag } });
      await expect(storage.write({ 'card/1': { number: 10, eTag } })).rejects.toThrow(CONFLICT);
      await storage.delete(['card/1']);
      expect(await store().create('card/1', { number: 11 })).toEqual(expect.any(String));
    });

    test('lets exactly one of 20 concurrent creates of one key win', async () => {
      const results = await Promise.all(Array.from({ length: 20 }, (_, writer) => store().create('counter', { writer })));
      const winners = results.flatMap((eTag, writer) => (eTag ? [writer] : []));
      expect(winners).toHaveLength(1);
      expect(await readOne('counter')).toEqual({ writer: winners[0], eTag: results[winners[0]!] });
    });

    test('replaces an item only while its eTag is unchanged, and returns the new eTag', async () => {
      await storage.write({ counter: { next: 1 } });
      const first = await eTagOf('counter');
      const second = await store().replace('counter', { next: 2, eTag: 'ignored' }, first);
      expect(second).toEqual(expect.any(String));
      expect(second).not.toBe(first);
      expect(await readOne('counter')).toEqual({ next: 2, eTag: second });
      expect(await store().replace('counter', { next: 3 }, first)).toBeUndefined();
      expect(await readOne('counter')).toEqual({ next: 2, eTag: second });
      expect(await store().replace('never-written', { next: 1 }, first)).toBeUndefined();
      expect(await readOne('never-written')).toBeUndefined();
      const racers = await Promise.all(Array.from({ length: 10 }, (_, i) => store().replace('counter', { next: 10 + i }, second!)));
      expect(racers.filter(Boolean)).toHaveLength(1);
    });

    test('deletes an item only while its eTag is unchanged', async () => {
      await storage.write({ marker: { at: 1 } });
      const stale = await eTagOf('marker');
      await storage.write({ marker: { at: 2 } });
      expect(await store().deleteIf('marker', stale)).toBe(false);
      expect(await readOne('marker')).toMatchObject({ at: 2 });
      expect(await store().deleteIf('marker', await eTagOf('marker'))).toBe(true);
      expect(await readOne('marker')).toBeUndefined();
      expect(await store().deleteIf('marker', stale)).toBe(false);
      expect(await store().deleteIf('never-written', stale)).toBe(false);
    });

    test('lists the keys under a prefix, in order, and no others', async () => {
      const under = Array.from({ length: 30 }, (_, i) => `helpdesk/pending/${String(30 - i).padStart(9, '0')}`);
      await storage.write(Object.fromEntries(under.map((key) => [key, { at: 1 }])));
      await storage.write({ 'helpdesk/pendingX/1': { at: 1 }, 'helpdesk/pending': { at: 1 }, 'helpdesk/open/000000001': { at: 1 } });
      await store().create('helpdesk/pending/000000031', { at: 1 });
      expect(await store().keys('helpdesk/pending/')).toEqual([...under, 'helpdesk/pending/000000031'].sort());
      await storage.delete(['helpdesk/pending/000000001']);
      expect(await store().keys('helpdesk/pending/')).toHaveLength(30);
      expect(await store().keys('helpdesk/open/')).toEqual(['helpdesk/open/000000001']);
      expect(await store().keys('helpdesk/nothing/')).toEqual([]);
    });

    test("stores copies, not the caller's objects", async () => {
      const item = { list: [1], nested: { v: 1 } };
      await storage.write({ k: item });
      item.list.push(2);
      item.nested.v = 2;
      const first = await readOne('k');
      expect(first).toMatchObject({ list: [1], nested: { v: 1 } });
      expect(item).not.toHaveProperty('eTag'); // writing does not stamp the caller's object
      first!.nested.v = 3;
      expect(await readOne('k')).toMatchObject({ nested: { v: 1 } });
    });
  });
}
