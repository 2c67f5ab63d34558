import { Config } from '@backstage/config';

const SQLITE_CLIENTS = ['better-sqlite3', 'sqlite3'];

/**
 * Tells whether the plugin's database is SQLite in memory, read from
 * `backend.database` and its per-plugin override.
 *
 * @remarks
 *
 * Values in such a database vanish when the process stops, so a key generated
 * at startup protects them for as long as they exist.
 */
export function isInMemoryDatabase(config: Config, pluginId: string): boolean {
  const database = config.getOptionalConfig('backend.database');
  if (!database) {
    return false;
  }

  const pluginDatabase = database.getOptionalConfig(`plugin.${pluginId}`);
  const client =
    pluginDatabase?.getOptionalString('client') ??
    database.getOptionalString('client');
  if (!client || !SQLITE_CLIENTS.includes(client)) {
    return false;
  }

  const connection =
    pluginDatabase?.getOptional('connection') ??
    database.getOptional('connection');
  if (typeof connection === 'string') {
    return connection === ':memory:';
  }
  if (connection && typeof connection === 'object') {
    return (connection as { filename?: unknown }).filename === ':memory:';
  }
  return false;
}
