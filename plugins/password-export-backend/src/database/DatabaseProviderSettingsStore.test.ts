import { TestDatabases } from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../encryption/SecretBox';
import { DatabaseProviderSettingsStore } from './DatabaseProviderSettingsStore';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';

jest.setTimeout(60_000);

const SECRET = 'client-secret-Xq93!';

describe('DatabaseProviderSettingsStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'seals secrets and binds them to the provider on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const secretBox = SecretBox.create([
        { id: 'k1', secret: randomBytes(32) },
      ]);
      const store = DatabaseProviderSettingsStore.create({
        client: knex,
        secretBox,
      });

      expect(await store.getSettings('box')).toBeUndefined();
      await store.saveSettings(
        'box',
        {
          enabled: true,
          values: { folder: 'exports', shared: false },
          secretValues: { clientSecret: SECRET },
        },
        'user:default/admin',
      );
      await store.saveSettings(
        'dropbox',
        { enabled: false, values: {}, secretValues: {} },
        'user:default/admin',
      );

      expect(await store.getSettings('box')).toEqual({
        enabled: true,
        values: { folder: 'exports', shared: false },
        secretValues: { clientSecret: SECRET },
        updatedBy: 'user:default/admin',
        updatedAt: expect.any(String),
      });
      const rows = await knex('provider_settings').orderBy('provider_id');
      expect(JSON.stringify(rows)).not.toContain(SECRET);
      expect(rows[0].secrets_key_id).toBe('k1');
      expect(rows[1].secrets_encrypted).toBeNull();

      // Secrets moved to another provider's row must not decrypt there.
      await knex('provider_settings')
        .where({ provider_id: 'dropbox' })
        .update({ secrets_encrypted: rows[0].secrets_encrypted });
      await expect(store.getSettings('dropbox')).rejects.toThrow(
        'failed authentication',
      );

      await store.saveSettings(
        'box',
        { enabled: false, values: {}, secretValues: {} },
        'user:default/other-admin',
      );
      expect(await store.getSettings('box')).toMatchObject({
        enabled: false,
        secretValues: {},
        updatedBy: 'user:default/other-admin',
      });

      await knex.destroy();
    },
  );
});
