/**
 * A process that keeps ~50 MB live and makes garbage that survives a few scavenges before it dies (the way a turn's
 * objects do under load), then prints its largest heap. With `limit` it first applies the entry point's heap growth.
 */
import { limitHeapGrowth } from '../../src/heap-growth';

if (process.argv[2] === 'limit') limitHeapGrowth();
const live: unknown[] = [];
for (let i = 0; i < 400_000; i++) live.push({ i, s: `${'x'.repeat(40)}${i}` });
const recent: unknown[] = new Array(200_000);
let peak = 0;
for (let i = 0; i < 3_000_000; i++) {
  recent[i % recent.length] = { i, a: [i, i + 1, i + 2], s: `y${i}` };
  if (i % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().heapTotal);
}
process.stdout.write(`${JSON.stringify({ peakHeapMb: peak / 1e6, live: live.length })}\n`);
