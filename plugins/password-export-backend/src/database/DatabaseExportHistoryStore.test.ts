import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseExportHistoryStore } from './DatabaseExportHistoryStore';
import { ExportHistoryEntry } from './ExportHistoryStore';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';

jest.setTimeout(60_000);

const succeeded: ExportHistoryEntry = {
  id: '6f1c3c1e-0000-4000-8000-000000000001',
  userEntityRef: 'user:default/alice',
  entityRefs: ['resource:default/orders-db', 'resource:default/cache'],
  format: 'encrypted-html',
  destination: 'download',
  reason: 'client visit',
  sha256: 'a'.repeat(64),
  outcome: 'succeeded',
  accountCount: 3,
  createdAt: '2026-12-04T10:00:00.000Z',
};

const denied: ExportHistoryEntry = {
  id: '6f1c3c1e-0000-4000-8000-000000000002',
  userEntityRef: 'user:default/bob',
  entityRefs: ['resource:default/orders-db'],
  format: 'csv',
  destination: 'download',
  outcome: 'denied',
  accountCount: 0,
  createdAt: '2026-12-04T11:00:00.000Z',
};

describe('DatabaseExportHistoryStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'stores and lists entries on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const store = DatabaseExportHistoryStore.create({ client: knex });

      await store.addEntry(succeeded);
      await store.addEntry(denied);

      expect(await store.listEntries({ limit: 10 })).toEqual([
        { ...denied, reason: undefined, sha256: undefined },
        succeeded,
      ]);
      expect(await store.listEntries({ limit: 1 })).toHaveLength(1);

      await knex.destroy();
    },
  );
});
