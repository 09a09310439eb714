import type { Clock } from '../common/clock';

/**
 * A fixed-window counter per key (a client address), kept in memory: enough
 * to slow guessing through one server. Old windows are dropped as it grows.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { started: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one attempt; returns the milliseconds to wait when over the limit, else 0. */
  take(key: string): number {
    const now = this.clock.now().getTime();
    if (this.windows.size > 10_000) this.dropExpired(now);
    const window = this.windows.get(key);
    if (!window || now - window.started >= this.windowMs) {
      this.windows.set(key, { started: now, count: 1 });
      return 0;
    }
    window.count += 1;
    return window.count > this.limit ? window.started + this.windowMs - now : 0;
  }

  private dropExpired(now: number): void {
    for (const [key, window] of this.windows) {
      if (now - window.started >= this.windowMs) this.windows.delete(key);
    }
  }
}
