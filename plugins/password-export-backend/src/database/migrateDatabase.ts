import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@internal/backstage-plugin-password-export-backend',
  'migrations',
);

/**
 * Applies the plugin's migrations unless the deployment has set
 * `database.migrations.skip`.
 */
export async function migrateDatabase(
  database: DatabaseService,
  client: Knex,
): Promise<void> {
  if (database.migrations?.skip) {
    return;
  }
  await client.migrate.latest({ directory: migrationsDir });
}

/** Directory of the knex migrations, for tests that step through them. */
export const MIGRATIONS_DIRECTORY = migrationsDir;
