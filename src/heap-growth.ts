import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past its live size before the next full collection, as a percentage.
 * V8's own factor goes up to 4× on a fast machine; the bot keeps ~60 MB live but makes a lot of short-lived
 * garbage per turn (the reply card, botbuilder's request objects), so under load the heap settled at 220–300 MB of
 * RSS, most of it garbage waiting for a collection. At 1.25× it settles near 200 MB, for more frequent collections
 * (docs/BENCHMARKS.md, "Memory").
 */
export const HEAP_GROWING_PERCENT = 25;

/**
 * Sets the growth before the heap grows: imported first by the entry point. An operator who passes their own
 * `--heap-growing-percent` (node's command line) keeps it.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => arg.startsWith('--heap-growing-percent') || arg.startsWith('--heap_growing_percent'))) return false;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
