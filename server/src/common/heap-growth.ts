import v8 from 'node:v8';

/**
 * How far V8 lets the heap grow past what survived the last full collection
 * before collecting again. Left to itself, on a machine with gigabytes free
 * V8 grows it up to fourfold: an import, whose live set is about 40 MB but
 * which turns over gigabytes of short-lived strings, then peaked above
 * 300 MB of RSS. Doubling at most keeps it near 230 MB at the same speed
 * (measured with `npm run bench -- csv`; see the README).
 */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Sets the heap growth limit, unless the command line chose one. The setting
 * is read at every full collection, so setting it at start-up takes effect
 * from the first.
 */
export function limitHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
