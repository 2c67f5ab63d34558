import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { FakeStorageProvider } from '../__testUtils__/createFakeStorageModule';
import { DatabaseOAuthStateStore } from '../database/DatabaseOAuthStateStore';
import { DatabaseProviderConnectionStore } from '../database/DatabaseProviderConnectionStore';
import { DatabaseProviderSettingsStore } from '../database/DatabaseProviderSettingsStore';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { SecretBox } from '../encryption/SecretBox';
import { CloudStorageService } from './CloudStorageService';

jest.setTimeout(60_000);

const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice';

describe('CloudStorageService', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createService(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const secretBox = SecretBox.create([{ id: 'k', secret: randomBytes(32) }]);
    const provider = new FakeStorageProvider('fake', 'Fake Storage');
    const service = CloudStorageService.create({
      providers: [provider],
      presets: new Map([['fake', { values: { shared: true } }]]),
      settingsStore: DatabaseProviderSettingsStore.create({
        client: knex,
        secretBox,
      }),
      connectionStore: DatabaseProviderConnectionStore.create({
        client: knex,
        secretBox,
      }),
      oauthStates: DatabaseOAuthStateStore.create({ client: knex, secretBox }),
      redirectUri: 'http://127.0.0.1:7007/api/password-export/oauth/callback',
      logger: mockServices.logger.mock(),
    });
    return { knex, provider, service };
  }

  it.each(databases.eachSupportedId())(
    'layers presets, stored values and defaults on %p',
    async databaseId => {
      const { knex, provider, service } = await createService(databaseId);

      expect(await service.getEffectiveSettings(provider)).toEqual({
        enabled: false,
        settings: { folder: 'exports', mode: 'fast', shared: true },
      });

      const changed = await service.updateSettings(
        provider,
        {
          enabled: true,
          values: { mode: 'safe', clientSecret: 's', shared: true },
        },
        ADMIN,
      );
      const unchanged = await service.updateSettings(
        provider,
        { enabled: true, values: { mode: 'safe' } },
        ADMIN,
      );

      expect(changed).toEqual(['enabled', 'clientSecret', 'mode']);
      expect(unchanged).toEqual([]);
      expect(await service.getEffectiveSettings(provider)).toEqual({
        enabled: true,
        settings: {
          folder: 'exports',
          mode: 'safe',
          clientSecret: 's',
          shared: true,
        },
      });

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'resolves export targets step by step on %p',
    async databaseId => {
      const { knex, provider, service } = await createService(databaseId);
      const signal = new AbortController().signal;

      await expect(service.resolveExportTarget('fake', ALICE)).rejects.toThrow(
        'Fake Storage is disabled',
      );
      await service.updateSettings(
        provider,
        { enabled: true, values: {} },
        ADMIN,
      );
      await expect(service.resolveExportTarget('fake', ALICE)).rejects.toThrow(
        'Connect Fake Storage first',
      );
      await service.connect(
        provider,
        ALICE,
        { token: 't', bucket: 'b' },
        signal,
      );

      const target = await service.resolveExportTarget('fake', ALICE);

      expect(target.connection.credentials).toEqual({
        token: 't',
        bucket: 'b',
      });
      expect(() => service.getProvider('box')).toThrow(
        'Cloud storage provider "box" not found; installed providers: fake',
      );

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes credentials when the provider fails to disconnect on %p',
    async databaseId => {
      const { knex, provider, service } = await createService(databaseId);
      const signal = new AbortController().signal;
      await service.updateSettings(
        provider,
        { enabled: true, values: {} },
        ADMIN,
      );
      await service.connect(
        provider,
        ALICE,
        { token: 't', bucket: 'b' },
        signal,
      );
      provider.disconnect = async () => {
        throw new Error('revocation failed');
      };

      expect(await service.disconnect(provider, ALICE, signal)).toBe(true);
      expect(await service.disconnect(provider, ALICE, signal)).toBe(false);
      expect(await knex('provider_connections').select()).toEqual([]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects settings that the provider finds invalid on %p',
    async databaseId => {
      const { provider, service } = await createService(databaseId);

      // A disabled provider may hold a draft; the check runs when enabled.
      await service.updateSettings(
        provider,
        { enabled: false, values: { folder: '../up' } },
        ADMIN,
      );
      await expect(
        service.updateSettings(provider, { enabled: true, values: {} }, ADMIN),
      ).rejects.toThrow(
        'values.folder is invalid: The folder must not contain ".."',
      );
      expect(await service.getEffectiveSettings(provider)).toMatchObject({
        enabled: false,
      });

      await service.updateSettings(
        provider,
        { enabled: true, values: { folder: 'fine' } },
        ADMIN,
      );
      expect(await service.getEffectiveSettings(provider)).toMatchObject({
        enabled: true,
        settings: { folder: 'fine' },
      });
    },
  );
});
