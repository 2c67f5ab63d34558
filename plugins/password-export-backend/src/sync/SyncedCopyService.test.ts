import { Entity } from '@backstage/catalog-model';
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
import { ORPHAN_GRACE_MS, SyncedCopyService } from './SyncedCopyService';

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

    function createService(
      resync: object = {},
      options: { entities?: Entity[]; secretBox?: SecretBox } = {},
    ) {
      const service = SyncedCopyService.create({
        store: DatabaseSyncedCopyStore.create({
          client: knex,
          secretBox: options.secretBox ?? secretBox,
        }),
        history: DatabaseExportHistoryStore.create({ client: knex }),
        cloudStorage: storage.asService(),
        catalog: catalogServiceMock({
          entities: options.entities ?? TEST_ENTITIES,
        }),
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

    async function recordCopies(
      service: SyncedCopyService,
      count: number,
      entityRef = ORDERS,
    ) {
      const fileName = `passwords-${entityRef.split('/')[1]}.html`;
      const ids: string[] = [];
      for (let index = 0; index < count; index++) {
        const id = await service.recordExport({
          userEntityRef: `user:default/u${index}`,
          providerId: 's3',
          fileName,
          entityRefs: [entityRef],
          location: `s3://bucket/${fileName}`,
          remoteId: `user:default/u${index}/${fileName}`,
          sha256: 'a'.repeat(64),
          contentKey,
          exportedAt: new Date(),
        });
        ids.push(id!);
      }
      return ids;
    }

    /** Records a change the way a replica that stopped would leave it. */
    async function recordChangeInDatabase(entityRef = ORDERS) {
      const store = DatabaseSyncedCopyStore.create({ client: knex, secretBox });
      await store.recordChange([entityRef], {
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

    it('keeps a copy whose access check fails, and stops a denied one', async () => {
      const service = createService();
      const [kept, denied] = await recordCopies(service, 2);
      const eightDaysAgo = new Date(Date.now() - 8 * 24 * 60 * 60_000);
      await knex('synced_copies').update({
        access_confirmed_at: eightDaysAgo.toISOString(),
      });
      await recordChangeInDatabase();
      await service.runDueSyncs();
      expect(storage.uploads.size).toBe(0);

      // A failing check, such as an unreachable catalog, changes nothing.
      await service.confirmAccess('user:default/u0', async () => {
        throw new Error('catalog unavailable');
      });
      await service.confirmAccess('user:default/u1', async () => {
        throw new Error('catalog unavailable');
      });
      const unchanged = await knex('synced_copies').select(
        'id',
        'keep_up_to_date',
        'paused',
      );
      expect(unchanged.every(row => row.keep_up_to_date && row.paused)).toBe(
        true,
      );

      await service.confirmAccess('user:default/u0', async copy =>
        copy.id === denied ? 'denied by policy' : undefined,
      );
      await service.confirmAccess('user:default/u1', async copy =>
        copy.id === denied ? 'denied by policy' : undefined,
      );
      await service.runDueSyncs();

      const views = [
        ...(await service.listCopies('user:default/u0')),
        ...(await service.listCopies('user:default/u1')),
      ];
      expect(views.find(view => view.id === kept)).toMatchObject({
        status: 'current',
        keepUpToDate: true,
      });
      expect(views.find(view => view.id === denied)).toMatchObject({
        status: 'stopped',
        keepUpToDate: false,
      });
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

    describe('scheduled catalog check', () => {
      /**
       * Runs a pass, lets the grace period of the copies it found orphaned
       * pass, and runs another, as the scheduler would ten minutes later.
       */
      async function runPassesAcrossGrace(service: SyncedCopyService) {
        await service.runDueSyncs();
        const past = new Date(Date.now() - 1000).toISOString();
        await knex('synced_copies')
          .where({ pending_reason: 'catalog-check' })
          .update({ due_at: past, pending_since: past });
        await service.runDueSyncs();
      }

      const CACHE = 'resource:default/cache';
      const withoutCache = TEST_ENTITIES.filter(
        entity => entity.metadata.name !== 'cache',
      );

      it('deletes the copy of a deleted resource', async () => {
        const [copyId] = await recordCopies(createService(), 1, CACHE);
        const service = createService({}, { entities: withoutCache });

        // The first pass only schedules a second look after the grace time.
        await service.runDueSyncs();
        expect(storage.removed).toEqual([]);
        expect(
          Date.parse(
            (await knex('synced_copies').where({ id: copyId }).first()).due_at,
          ) - Date.now(),
        ).toBeGreaterThan(ORPHAN_GRACE_MS - 60_000);

        await runPassesAcrossGrace(service);

        expect(await service.listCopies('user:default/u0')).toEqual([]);
        expect(storage.removed).toEqual([
          'user:default/u0/passwords-cache.html',
        ]);
        const rows = await knex('export_history').where({ action: 'delete' });
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          outcome: 'succeeded',
          reason: `remote copy deleted automatically because ${CACHE} is no longer in the catalog`,
        });
        expect(
          await knex('synced_copies').where({ id: copyId }).first(),
        ).toBeUndefined();
      });

      it('stops the copy when deletion is off', async () => {
        await recordCopies(createService(), 1, CACHE);
        const service = createService(
          { deleteOrphanedCopies: false },
          { entities: withoutCache },
        );

        await runPassesAcrossGrace(service);

        const [copy] = await service.listCopies('user:default/u0');
        expect(copy.status).toBe('stopped');
        expect(storage.removed).toEqual([]);
        const [row] = await knex('export_history').where({ action: 'stop' });
        expect(row.reason).toBe(
          `stopped automatically because ${CACHE} is no longer in the catalog`,
        );
      });

      it('counts a deleted user but not a guest', async () => {
        const userEntity: Entity = {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'u0' },
          spec: {},
        };
        // u0 has a user entity at export; u1 is a guest without one.
        await recordCopies(
          createService({}, { entities: [...TEST_ENTITIES, userEntity] }),
          2,
        );
        const service = createService();

        await runPassesAcrossGrace(service);

        expect(await service.listCopies('user:default/u0')).toEqual([]);
        const [guestCopy] = await service.listCopies('user:default/u1');
        expect(guestCopy.status).toBe('current');
        expect(storage.removed).toEqual([
          'user:default/u0/passwords-orders-db.html',
        ]);
        expect(storage.uploads.size).toBe(0);
      });

      it('checks every kept copy within bounded passes', async () => {
        const total = 120;
        await recordCopies(createService(), total, CACHE);
        const service = createService({}, { entities: withoutCache });

        await runPassesAcrossGrace(service);
        const afterOnePass = await knex('synced_copies').count({ n: '*' });
        await runPassesAcrossGrace(service);
        await runPassesAcrossGrace(service);
        const afterThreePasses = await knex('synced_copies').count({
          n: '*',
        });

        // One pass checks only a batch of the copies.
        expect(Number(afterOnePass[0].n)).toBeGreaterThan(0);
        expect(Number(afterOnePass[0].n)).toBeLessThan(total);
        expect(Number(afterThreePasses[0].n)).toBe(0);
        expect(storage.removed).toHaveLength(total);
      });

      it('stops a paused orphan whose file cannot be deleted', async () => {
        const first = createService();
        await recordCopies(first, 1, CACHE);
        storage.disconnected.add('user:default/u0');
        await recordChangeInDatabase(CACHE);
        await first.runDueSyncs();
        const [paused] = await first.listCopies('user:default/u0');
        const service = createService({}, { entities: withoutCache });

        await runPassesAcrossGrace(service);
        await runPassesAcrossGrace(service);

        const [copy] = await service.listCopies('user:default/u0');
        expect(paused.status).toBe('failed');
        expect(copy.status).toBe('stopped');
        expect(storage.removed).toEqual([]);
        const rows = await knex('export_history')
          .whereIn('action', ['delete', 'stop'])
          .orderBy('created_at', 'asc')
          .select('action', 'outcome', 'reason');
        expect(rows).toEqual([
          {
            action: 'delete',
            outcome: 'failed',
            reason: `remote copy deleted automatically because ${CACHE} is no longer in the catalog`,
          },
          {
            action: 'stop',
            outcome: 'succeeded',
            reason: `stopped automatically because ${CACHE} is no longer in the catalog and the remote file could not be deleted`,
          },
        ]);
      });
    });

    it('resumes a paused copy behind 100 blocked copies', async () => {
      const service = createService();
      const total = 103;
      await recordCopies(service, total);
      for (let index = 0; index < total; index++) {
        storage.disconnected.add(`user:default/u${index}`);
      }
      await recordChangeInDatabase();
      await service.runDueSyncs();
      const paused = await knex('synced_copies').where({ paused: true });
      // The users whose copies were paused last reconnect.
      const reconnected = [100, 101, 102].map(
        index => `user:default/u${index}`,
      );
      for (const user of reconnected) {
        storage.disconnected.delete(user);
      }

      await service.runDueSyncs();
      await service.runDueSyncs();

      expect(paused).toHaveLength(total);
      for (const user of reconnected) {
        const [copy] = await service.listCopies(user);
        expect(copy.status).toBe('current');
      }
      const [blocked] = await service.listCopies('user:default/u0');
      expect(blocked.status).toBe('failed');
    });

    it('isolates a copy with an unreadable content key', async () => {
      const oldKey = SecretBox.create([
        { id: 'retired-key', secret: randomBytes(32) },
      ]);
      await recordCopies(createService({}, { secretBox: oldKey }), 1);
      const service = createService();
      await service.recordExport({
        userEntityRef: 'user:default/u1',
        providerId: 's3',
        fileName: 'passwords-orders-db.html',
        entityRefs: [ORDERS],
        location: 's3://bucket/passwords-orders-db.html',
        remoteId: 'user:default/u1/passwords-orders-db.html',
        sha256: 'a'.repeat(64),
        contentKey,
        exportedAt: new Date(),
      });
      await recordChangeInDatabase();

      await service.runDueSyncs();

      const [unreadable] = await service.listCopies('user:default/u0');
      const [readable] = await service.listCopies('user:default/u1');
      expect(readable.status).toBe('current');
      expect(unreadable.status).toBe('failed');
      expect(unreadable.lastError).toBe(
        'The content key of this copy was encrypted with key "retired-key", which this backend cannot use: restore that key in passwordExport.encryption.keys, or export the resources again to keep a new copy up to date',
      );
      expect(unreadable.nextAttemptAt).toBeDefined();
      const row = await knex('synced_copies')
        .where({ user_entity_ref: 'user:default/u0' })
        .first();
      expect(row.lease_owner).toBeNull();
      const [history] = await knex('export_history').where({
        action: 'resync',
        user_entity_ref: 'user:default/u0',
      });
      expect(history.outcome).toBe('failed');
      expect(history.error).toContain('retired-key');
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
