import pg from 'pg';
import type { Logger } from 'pino';
import type { Database } from '../db/database';
import { BAN_END_CHANNEL, type BanExpiry } from './ban-expiry';

/**
 * Listens for ban ends set by other servers on the same database. If the
 * connection drops, it reconnects and reloads the whole schedule, so a
 * notification missed meanwhile is not lost.
 */
export class BanEndListener {
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly db: Database,
    private readonly bans: BanExpiry,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl, application_name: 'user-manager ban ends' });
    client.on('notification', (message) => {
      try {
        const { appId, end } = JSON.parse(message.payload ?? '') as { appId: string; end: string };
        this.bans.noteBanEnd(appId, new Date(end));
      } catch {
        // Not ours to read.
      }
    });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    await client.connect();
    await client.query(`LISTEN ${BAN_END_CHANNEL}`);
    this.client = client;
    await this.bans.loadSchedule(this.db);
  }

  async stop(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }

  private reconnect(client: pg.Client): void {
    if (this.closed || this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.start().catch((error) => {
        this.logger.warn({ err: error }, 'ban-end listener could not reconnect; retrying');
        this.client = client;
        this.reconnect(client);
      });
    }, 1000);
    this.retry.unref();
  }
}
