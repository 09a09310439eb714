/**
 * How many CSV transfers (uploads, exports, errors files) run at once, in
 * this process and per app. A transfer lives as long as its client: an
 * export holds a database connection for its COPY, and a client that reads
 * slowly or not at all would hold it as long as it likes. The gate keeps
 * their number bounded, so the pool keeps connections for every other
 * request, and one app's transfers cannot take the slots of all apps.
 */
export class TransferGate {
  private running = 0;
  private readonly perApp = new Map<string, number>();

  constructor(
    private readonly max: number,
    private readonly maxPerApp: number,
  ) {}

  /** A slot for one transfer of the app (release it once, when the response closes), or which limit is reached. */
  enter(appId: string): { release(): void } | 'app' | 'instance' {
    const ofApp = this.perApp.get(appId) ?? 0;
    if (ofApp >= this.maxPerApp) return 'app';
    if (this.running >= this.max) return 'instance';
    this.running += 1;
    this.perApp.set(appId, ofApp + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.running -= 1;
        const left = (this.perApp.get(appId) ?? 1) - 1;
        if (left > 0) this.perApp.set(appId, left);
        else this.perApp.delete(appId);
      },
    };
  }
}
