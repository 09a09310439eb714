/** How long to wait before attempt `attempt + 1` after `attempt` failed: doubling from `baseMs`, at most `maxMs`. */
export const backoffMs = (attempt: number, baseMs: number, maxMs: number): number => Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
