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

const failedUpload: ExportHistoryEntry = {
  id: '6f1c3c1e-0000-4000-8000-000000000003',
  userEntityRef: 'user:default/alice',
  // The underscore must not act as a LIKE wildcard for "orders-db".
  entityRefs: ['resource:default/orders_db'],
  format: 'encrypted-html',
  destination: 's3',
  outcome: 'failed',
  accountCount: 2,
  createdAt: '2026-12-04T12:00:00.000Z',
  error: 'Bucket not found',
};

const synced: ExportHistoryEntry = {
  id: '6f1c3c1e-0000-4000-8000-000000000004',
  action: 'resync',
  userEntityRef: 'user:default/alice',
  entityRefs: ['resource:default/orders-db'],
  format: 'encrypted-html',
  destination: 's3',
  sha256: 'b'.repeat(64),
  outcome: 'succeeded',
  accountCount: 2,
  createdAt: '2026-12-04T13:00:00.000Z',
  location: 's3://bucket/passwords-orders-db.html',
};

const page = { offset: 0, limit: 10 };

describe('DatabaseExportHistoryStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'stores and filters entries on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const store = DatabaseExportHistoryStore.create({ client: knex });
      for (const entry of [succeeded, denied, failedUpload, synced]) {
        await store.addEntry(entry);
      }
      const ids = async (query: object) =>
        (await store.listEntries({ ...page, ...query })).items.map(entry =>
          entry.id.slice(-1),
        );

      const all = await store.listEntries(page);
      expect(all.totalCount).toBe(4);
      // An entry recorded without an action is an export.
      const exported = {
        action: 'export',
        reason: undefined,
        sha256: undefined,
      };
      expect(all.items).toEqual([
        synced,
        { ...failedUpload, ...exported },
        { ...denied, ...exported },
        { ...succeeded, action: 'export' },
      ]);

      expect(await ids({ userEntityRef: 'user:default/bob' })).toEqual(['2']);
      expect(await ids({ destination: 's3' })).toEqual(['4', '3']);
      expect(await ids({ entityRef: 'resource:default/orders-db' })).toEqual([
        '4',
        '2',
        '1',
      ]);
      expect(await ids({ entityRef: 'resource:default/orders' })).toEqual([]);
      expect(
        await ids({
          from: '2026-12-04T11:00:00.000Z',
          to: '2026-12-04T13:00:00.000Z',
        }),
      ).toEqual(['3', '2']);

      const second = await store.listEntries({ offset: 1, limit: 2 });
      expect(second.totalCount).toBe(4);
      expect(second.items.map(entry => entry.id.slice(-1))).toEqual(['3', '2']);

      await knex.destroy();
    },
  );
});
