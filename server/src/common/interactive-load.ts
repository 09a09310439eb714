/**
 * Whether people are being answered right now: API requests in flight, or
 * one that ended within the last `quietMs` (so a client sending one request
 * after another counts as one being answered all along, while progress polled
 * every half second barely does). Background work that could take every
 * core of a small machine (an import's second writer) holds back while it is
 * so, and leaves the requests their share.
 */
export class InteractiveLoad {
  private active = 0;
  private lastEnded = Number.NEGATIVE_INFINITY;

  constructor(private readonly quietMs = 50) {}

  /** A request began; call what it returns, once, when it has ended. */
  begin(): () => void {
    this.active += 1;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      this.active -= 1;
      this.lastEnded = performance.now();
    };
  }

  busy(): boolean {
    return this.active > 0 || performance.now() - this.lastEnded < this.quietMs;
  }
}
