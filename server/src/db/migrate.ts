import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrations } from './migrations/index';

/**
 * Applies pending migrations with TypeORM, each in its own transaction, then
 * closes its connection: at run time the services use their own pg pool.
 * An advisory lock keeps two starting servers from migrating at once.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({
    type: 'postgres',
    url: databaseUrl,
    migrations,
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false,
    logging: false,
    extra: { max: 1, application_name: 'user-manager migrations' },
  });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock(7436110)');
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.query('SELECT pg_advisory_unlock(7436110)');
    return applied.map((migration) => migration.name);
  } finally {
    await dataSource.destroy();
  }
}
