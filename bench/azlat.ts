import { performance } from 'node:perf_hooks';
import { createStorage } from '../src/storage/create-storage';
import { Azurite } from '../test/helpers/azurite';
async function lat(store: any, n = 100) {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = performance.now();
    await store.read(['probe']);
    t.push(performance.now() - s);
  }
  t.sort((a, b) => a - b);
  return t[n >> 1]!.toFixed(2);
}
(async () => {
  const az = await new Azurite().start({ inMemory: true });
  const mk = (c: string) =>
    createStorage({ STORAGE: 'blob', SQLITE_PATH: '', AZURE_STORAGE_CONNECTION_STRING: az.connectionString, AZURE_STORAGE_CONTAINER: c });
  const probe = mk('probe');
  await probe.write({ probe: { a: 1 } });
  console.log('blobs 1: p50 read ms', await lat(probe));
  const filler = mk('filler');
  for (const target of [5000, 20000, 42000]) {
    let have = (await filler.keys('')).length;
    const todo = Array.from({ length: target - have }, (_, i) => `f/${have + i}`);
    for (let i = 0; i < todo.length; i += 200) await Promise.all(todo.slice(i, i + 200).map((k) => filler.create(k, { x: 1 })));
    console.log(`blobs ${target}: p50 read ms`, await lat(probe), 'load', require('node:fs').readFileSync('/proc/loadavg', 'utf8').trim());
  }
  await az.stop();
})();
