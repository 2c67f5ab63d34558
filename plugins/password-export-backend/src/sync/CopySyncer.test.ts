import { ConfigReader } from '@backstage/config';
import { TestDatabases, mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CloudStorageProvider } from '@internal/backstage-plugin-password-export-node';
import { ReusableContentKey, encryptExport } from '@internal/encrypted-html';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { TEST_ENTITIES } from '../__testUtils__/startPasswordExportBackend';
import { DatabaseExportHistoryStore } from '../database/DatabaseExportHistoryStore';
import { DatabaseSyncedCopyStore } from '../database/DatabaseSyncedCopyStore';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { ExportedCopy } from '../database/SyncedCopyStore';
import { SecretBox } from '../encryption/SecretBox';
import { CloudStorageService } from '../providers/CloudStorageService';
import { readPluginConfig } from '../readPluginConfig';
import { CopySyncer } from './CopySyncer';
import { SyncActivityRecorder } from './SyncActivityRecorder';

jest.setTimeout(60_000);

const ORDERS = 'resource:default/orders-db';
const OWNER = 'instance-a';

describe('CopySyncer', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let contentKey: ReusableContentKey;

  beforeAll(async () => {
    const encrypted = await encryptExport(
      {
        metadata: {
          exportedBy: 'user:default/alice',
          exportedAt: new Date().toISOString(),
          validAsOf: new Date().toISOString(),
        },
        resources: [],
      },
      { passphrase: 'correct horse battery staple', iterations: 100_000 },
    );
    contentKey = encrypted.contentKey;
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseSyncedCopyStore;
    /** Runs while the upload is in flight, as another request would. */
    let duringUpload: () => Promise<void>;
    let removed: string[];
    let syncer: CopySyncer;

    const exported: ExportedCopy = {
      userEntityRef: 'user:default/alice',
      providerId: 's3',
      fileName: 'passwords-orders-db.html',
      entityRefs: [ORDERS],
      location: 's3://bucket/passwords-orders-db.html',
      remoteId: 'passwords-orders-db.html',
      sha256: 'a'.repeat(64),
      checkUserEntity: false,
      exportedAt: new Date(),
    };

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseSyncedCopyStore.create({
        client: knex,
        secretBox: SecretBox.create([{ id: 'k', secret: randomBytes(32) }]),
      });
      duringUpload = async () => undefined;
      removed = [];

      const provider = {
        id: 's3',
        title: 'Amazon S3',
      } as unknown as CloudStorageProvider;
      const cloudStorage = {
        resolveExportTarget: async () => ({
          provider,
          settings: {},
          connection: { credentials: {} },
        }),
        upload: async () => {
          await duringUpload();
          return { location: exported.location, remoteId: exported.remoteId };
        },
        remove: async (_target: unknown, remoteId: string) => {
          removed.push(remoteId);
        },
      } as unknown as CloudStorageService;

      syncer = new CopySyncer({
        store,
        cloudStorage,
        catalog: catalogServiceMock({ entities: TEST_ENTITIES }),
        auth: mockServices.auth(),
        sources: [],
        activities: new SyncActivityRecorder({
          auditor: mockServices.auditor.mock({
            createEvent: async () => ({
              success: async () => undefined,
              fail: async () => undefined,
            }),
          }),
          history: DatabaseExportHistoryStore.create({ client: knex }),
          logger: mockServices.logger.mock(),
        }),
        config: readPluginConfig(new ConfigReader({})),
        owner: OWNER,
        logger: mockServices.logger.mock(),
      });
    });

    async function claimChangedCopy(id: string) {
      await store.recordChange([ORDERS], {
        now: new Date(),
        dueAt: new Date(),
      });
      const now = new Date();
      return (await store.claimCopy(id, {
        owner: OWNER,
        now,
        pendingCutoff: now,
        leaseExpiresAt: new Date(now.getTime() + 60_000),
      }))!;
    }

    it('syncs again when a new export replaced the key during the upload', async () => {
      const id = (await store.saveExportedCopy({ ...exported, contentKey }))!;
      const claim = await claimChangedCopy(id);
      duringUpload = async () => {
        await store.saveExportedCopy({ ...exported, contentKey });
      };

      expect(
        await syncer.sync(claim, { signal: new AbortController().signal }),
      ).toBe('synced');

      // The upload with the old key may have landed last, so the copy is
      // pending again instead of current.
      const copy = await store.getCopy(id);
      expect(copy!.changeSeq).toBeGreaterThan(copy!.syncedSeq);
      expect(copy!.dueAt).toBeDefined();
    });

    it('removes the file again when the copy was deleted during the upload', async () => {
      const id = (await store.saveExportedCopy({ ...exported, contentKey }))!;
      const claim = await claimChangedCopy(id);
      duringUpload = async () => {
        await store.deleteCopy(id);
      };

      await syncer.sync(claim, { signal: new AbortController().signal });

      expect(removed).toEqual(['passwords-orders-db.html']);
      expect(await store.getCopy(id)).toBeUndefined();
    });

    it('does not mark a copy stopped during the upload as current', async () => {
      const id = (await store.saveExportedCopy({ ...exported, contentKey }))!;
      const claim = await claimChangedCopy(id);
      duringUpload = async () => {
        await store.stopCopy(id);
      };

      await syncer.sync(claim, { signal: new AbortController().signal });

      const copy = await store.getCopy(id);
      expect(copy!.keepUpToDate).toBe(false);
      expect(copy!.lastSha256).toBe('a'.repeat(64));
    });
  });
});
