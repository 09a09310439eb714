import { createHmac } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../common/clock';
import type { Database } from '../db/database';
import { backoffMs } from '../jobs/backoff';

export interface DispatcherOptions {
  url: string;
  secret: string;
  /** How long one POST may take. */
  timeoutMs?: number;
  /** Deliveries claimed at once. */
  batchSize?: number;
  /** The first retry waits this long; each next one twice as long, up to maxBackoffMs. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  /** After this many failed attempts a delivery is given up (kept, marked failed). */
  maxAttempts?: number;
}

interface Delivery {
  id: string;
  body: string;
  attempts: number;
  type: string;
}

export const signature = (secret: string, body: string): string => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * Sends what the outbox holds, oldest first, until the host answers 2xx.
 * A delivery is claimed with a lease (its next attempt pushed past the
 * timeout) rather than a held lock, so a crash mid-POST only delays it, and
 * several servers on one database never send the same one at once. A failure
 * is retried with exponential backoff; delivery is at least once, and the
 * X-UM-Delivery header lets the host drop repeats.
 */
export class WebhookDispatcher {
  private readonly timeoutMs: number;
  private readonly batchSize: number;
  private readonly baseBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxAttempts: number;
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: DispatcherOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.batchSize = options.batchSize ?? 20;
    this.baseBackoffMs = options.baseBackoffMs ?? 10_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3_600_000;
    this.maxAttempts = options.maxAttempts ?? 20;
  }

  /** Sends everything due now; a call while a run is going makes it go round once more. */
  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          while ((await this.sendBatch()) === this.batchSize);
        } while (this.again);
      } catch (error) {
        this.logger.error({ err: error }, 'webhook dispatch failed');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async sendBatch(): Promise<number> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + this.timeoutMs + 30_000);
    const claimed = await this.db.query<Delivery>(
      `UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = $2
        WHERE id IN (SELECT id FROM webhook_outbox
                      WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $1
                      ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING id::text, body, attempts, type`,
      [now, lease, this.batchSize],
    );
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    return claimed.length;
  }

  private async deliver(delivery: Delivery): Promise<void> {
    let problem: string | undefined;
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'user-manager-webhooks',
          'x-um-signature': signature(this.options.secret, delivery.body),
          'x-um-delivery': delivery.id,
          'x-um-event': delivery.type,
        },
        body: delivery.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await response.body?.cancel().catch(() => undefined);
      if (response.status < 200 || response.status >= 300) problem = `HTTP ${response.status}`;
    } catch (error) {
      problem = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
    }
    const now = this.clock.now();
    if (!problem) {
      await this.db.execute('UPDATE webhook_outbox SET delivered_at = $2, last_error = NULL WHERE id = $1', [delivery.id, now]);
      return;
    }
    const giveUp = delivery.attempts >= this.maxAttempts;
    const wait = backoffMs(delivery.attempts, this.baseBackoffMs, this.maxBackoffMs);
    await this.db.execute(`UPDATE webhook_outbox SET last_error = $2, next_attempt_at = $3, failed_at = $4 WHERE id = $1`, [
      delivery.id,
      problem.slice(0, 500),
      new Date(now.getTime() + wait),
      giveUp ? now : null,
    ]);
    this.logger.warn({ delivery: delivery.id, type: delivery.type, attempts: delivery.attempts, problem, gaveUp: giveUp }, 'webhook delivery failed');
  }
}
