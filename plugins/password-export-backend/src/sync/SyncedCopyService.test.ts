import { ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CloudStorageFile,
  CloudStorageProvider,
} from '@internal/backstage-plugin-password-export-node';
import {
  ReusableContentKey,
  decryptExport,
  encryptExport,
} from '@internal/encrypted-html';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import {
  TEST_ENTITIES,
  captureConsole,
} from '../__testUtils__/startPasswordExportBackend';
import { DatabaseExportHistoryStore } from '../database/DatabaseExportHistoryStore';
import { DatabaseSyncedCopyStore } from '../database/DatabaseSyncedCopyStore';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { SecretBox } from '../encryption/SecretBox';
import {
  CloudStorageService,
  ExportTarget,
} from '../providers/CloudStorageService';
import { readPluginConfig } from '../readPluginConfig';
import { SyncedCopyService } from './SyncedCopyService';

jest.setTimeout(120_000);

const ORDERS = 'resource:default/orders-db';
const PASSPHRASE = 'correct horse battery staple';
const COPY_COUNT = 8;

/**
 * A stand-in for the cloud storage service that keeps uploads in memory,
 * counts them per file and takes a while per upload, so that passes of two
 * instances overlap.
 */
class CountingStorage {
  readonly uploads = new Map<string, number>();
  readonly files = new Map<string, CloudStorageFile>();
  readonly removed: string[] = [];
  /** Users whose connection needs reconnecting. */
  readonly disconnected = new Set<string>();
  readonly provider = {
    id: 's3',
    title: 'Amazon S3',
  } as unknown as CloudStorageProvider;

  asService(): CloudStorageService {
    return {
      listProviders: () => [this.provider],
      resolveExportTarget: async (_providerId: string, user: string) => {
        if (this.disconnected.has(user)) {
          throw new InputError(
            `Reconnect Amazon S3 first: it rejected the saved credentials of ${user}`,
          );
        }
        return { provider: this.provider, settings: {}, connection: {} };
      },
      upload: async (
        _target: ExportTarget,
        file: CloudStorageFile,
        options: { userEntityRef: string },
      ) => {
        await delay(30);
        const key = `${options.userEntityRef}/${file.name}`;
        this.uploads.set(key, (this.uploads.get(key) ?? 0) + 1);
        this.files.set(key, file);
        return { location: `s3://bucket/${key}`, remoteId: key };
      },
      remove: async (_target: ExportTarget, remoteId: string) => {
        this.removed.push(remoteId);
        this.files.delete(remoteId);
      },
    } as unknown as CloudStorageService;
  }
}

function createAuditor() {
  return mockServices.auditor.mock({
    createEvent: jest.fn(async () => ({
      success: jest.fn(async () => undefined),
      fail: jest.fn(async () => undefined),
    })),
  });
}

describe('SyncedCopyService', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let consoleCapture: ReturnType<typeof captureConsole>;
  let contentKey: ReusableContentKey;

  beforeAll(async () => {
    consoleCapture = captureConsole();
    const encrypted = await encryptExport(
      {
        metadata: {
          exportedBy: 'user:default/u0',
          exportedAt: new Date().toISOString(),
          validAsOf: new Date().toISOString(),
        },
        resources: [],
      },
      { passphrase: PASSPHRASE, iterations: 100_000 },
    );
    contentKey = encrypted.contentKey;
  });

  afterAll(() => {
    consoleCapture.restore();
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let storage: CountingStorage;
    const services: SyncedCopyService[] = [];
    const secretBox = SecretBox.create([{ id: 'k', secret: randomBytes(32) }]);

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      storage = new CountingStorage();
    });

    afterEach(async () => {
      await Promise.all(services.map(service => service.shutdown()));
      services.length = 0;
    });

    function createService(resync: object = {}) {
      const service = SyncedCopyService.create({
        store: DatabaseSyncedCopyStore.create({ client: knex, secretBox }),
        history: DatabaseExportHistoryStore.create({ client: knex }),
        cloudStorage: storage.asService(),
        catalog: catalogServiceMock({ entities: TEST_ENTITIES }),
        auth: mockServices.auth(),
        auditor: createAuditor(),
        sources: [
          {
            id: 'built-in',
            listAccounts: async () => [
              { name: 'Admin', username: 'dba', password: 'Pa55' },
            ],
          },
        ],
        config: readPluginConfig(
          new ConfigReader({
            passwordExport: {
              resync: { debounce: 0, interval: '1 hour', ...resync },
            },
          }),
        ),
        logger: mockServices.logger.mock(),
      });
      services.push(service);
      return service;
    }

    async function recordCopies(service: SyncedCopyService, count: number) {
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const id = await service.recordExport({
          userEntityRef: `user:default/u${index}`,
          providerId: 's3',
          fileName: 'passwords-orders-db.html',
          entityRefs: [ORDERS],
          location: 's3://bucket/passwords-orders-db.html',
          remoteId: `user:default/u${index}/passwords-orders-db.html`,
          sha256: 'a'.repeat(64),
          contentKey,
          exportedAt: new Date(),
        });
        ids.push(id!);
      }
      return ids;
    }

    /** Records a change the way a replica that stopped would leave it. */
    async function recordChangeInDatabase() {
      const store = DatabaseSyncedCopyStore.create({ client: knex, secretBox });
      await store.recordChange([ORDERS], {
        now: new Date(),
        dueAt: new Date(),
      });
    }

    it('uploads each copy once per change across two instances', async () => {
      const first = createService();
      const second = createService();
      await recordCopies(first, COPY_COUNT);

      for (const round of [1, 2, 3]) {
        await recordChangeInDatabase();

        const [a, b] = await Promise.all([
          first.runDueSyncs(),
          second.runDueSyncs(),
        ]);

        expect(a + b).toBe(COPY_COUNT);
        expect([...storage.uploads.values()]).toEqual(
          new Array(COPY_COUNT).fill(round),
        );
      }
      const rows = await knex('export_history').where({ action: 'resync' });
      expect(rows).toHaveLength(3 * COPY_COUNT);
      expect(
        (await knex('synced_copies').select('change_seq', 'synced_seq')).every(
          row => Number(row.change_seq) === Number(row.synced_seq),
        ),
      ).toBe(true);
    });

    it('writes a file that opens with the original passphrase', async () => {
      const service = createService();
      await recordCopies(service, 1);
      await recordChangeInDatabase();

      await service.runDueSyncs();

      const [file] = storage.files.values();
      const payload = await decryptExport(file.content, PASSPHRASE);
      expect(payload.metadata.exportedBy).toBe('user:default/u0');
      expect(payload.resources[0].accounts[0].password).toBe('Pa55');
    });

    it('pauses a copy until its connection is usable again', async () => {
      const service = createService();
      const [copyId] = await recordCopies(service, 1);
      storage.disconnected.add('user:default/u0');
      await recordChangeInDatabase();

      await service.runDueSyncs();
      const [paused] = await service.listCopies('user:default/u0');
      await service.runDueSyncs();
      storage.disconnected.clear();
      await service.runDueSyncs();
      const [resumed] = await service.listCopies('user:default/u0');

      expect(paused).toMatchObject({
        id: copyId,
        status: 'failed',
        lastError:
          'Reconnect Amazon S3 first: it rejected the saved credentials of user:default/u0; syncing resumes after that',
      });
      expect(paused.nextAttemptAt).toBeUndefined();
      expect(resumed.status).toBe('current');
      expect(
        storage.uploads.get('user:default/u0/passwords-orders-db.html'),
      ).toBe(1);
    });

    it('stops an orphaned copy when deletion is off', async () => {
      const service = createService({ deleteOrphanedCopies: false });
      const id = await service.recordExport({
        userEntityRef: 'user:default/u0',
        providerId: 's3',
        fileName: 'passwords-gone.html',
        entityRefs: ['resource:default/gone'],
        location: 's3://bucket/passwords-gone.html',
        remoteId: 'passwords-gone.html',
        sha256: 'a'.repeat(64),
        contentKey,
        exportedAt: new Date(),
      });
      await service.reportChange('resource:default/gone');

      await service.runDueSyncs();

      const [copy] = await service.listCopies('user:default/u0');
      expect(copy).toMatchObject({ id, status: 'stopped' });
      expect(storage.removed).toEqual([]);
      const [row] = await knex('export_history').where({ action: 'stop' });
      expect(row.reason).toBe(
        'stopped automatically because resource:default/gone is no longer in the catalog',
      );
    });

    it('deletes or stops the copies of one provider', async () => {
      const service = createService();
      await recordCopies(service, 2);
      const other = await service.recordExport({
        userEntityRef: 'user:default/u0',
        providerId: 's3',
        fileName: 'passwords-cache.html',
        entityRefs: ['resource:default/cache'],
        location: 's3://bucket/passwords-cache.html',
        remoteId: 'user:default/u0/passwords-cache.html',
        sha256: 'a'.repeat(64),
        contentKey,
        exportedAt: new Date(),
      });

      expect(await service.stopCopiesOfProvider('user:default/u1', 's3')).toBe(
        1,
      );
      expect(
        await service.deleteCopiesOfProvider('user:default/u0', 's3'),
      ).toBe(2);

      expect(storage.removed.sort()).toEqual([
        'user:default/u0/passwords-cache.html',
        'user:default/u0/passwords-orders-db.html',
      ]);
      expect(await service.listCopies('user:default/u0')).toEqual([]);
      expect((await service.listCopies('user:default/u1'))[0].status).toBe(
        'stopped',
      );
      expect(other).toBeDefined();
      expect(
        await knex('export_history')
          .where({ action: 'delete' })
          .pluck('reason'),
      ).toEqual([
        'deleted when disconnecting Amazon S3',
        'deleted when disconnecting Amazon S3',
      ]);
    });

    it('keeps copies whose remote file could not be deleted', async () => {
      const service = createService();
      await recordCopies(service, 1);
      storage.disconnected.add('user:default/u0');

      await expect(
        service.deleteCopiesOfProvider('user:default/u0', 's3'),
      ).rejects.toThrow(
        'Deleted 0 of 1 synced copies in Amazon S3; deleting passwords-orders-db.html failed; caused by InputError: Reconnect Amazon S3 first',
      );
      expect(await service.listCopies('user:default/u0')).toHaveLength(1);
    });
  });
});
