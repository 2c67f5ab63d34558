import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';

jest.setTimeout(60_000);

const migrationsConfig = { directory: MIGRATIONS_DIRECTORY };

async function columnNames(knex: Knex, table: string): Promise<string[]> {
  return Object.keys(await knex(table).columnInfo()).sort();
}

describe('password export migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await knex.migrate.latest(migrationsConfig);

      expect(await knex.schema.hasTable('accounts')).toBe(true);
      expect(await knex.schema.hasTable('export_history')).toBe(true);
      expect(await columnNames(knex, 'accounts')).toEqual([
        'created_at',
        'created_by',
        'entity_ref',
        'id',
        'name',
        'notes_encrypted',
        'notes_key_id',
        'password_encrypted',
        'password_key_id',
        'seq',
        'updated_at',
        'updated_by',
        'url',
        'username',
      ]);
      expect(await columnNames(knex, 'export_history')).toEqual([
        'account_count',
        'created_at',
        'destination',
        'entity_refs',
        'error',
        'format',
        'id',
        'location',
        'outcome',
        'reason',
        'sha256',
        'user_entity_ref',
      ]);
      expect(await columnNames(knex, 'provider_settings')).toEqual([
        'enabled',
        'provider_id',
        'secrets_encrypted',
        'secrets_key_id',
        'updated_at',
        'updated_by',
        'values_json',
      ]);
      expect(await columnNames(knex, 'provider_connections')).toEqual([
        'account_label',
        'created_at',
        'credentials_encrypted',
        'credentials_key_id',
        'last_used_at',
        'provider_id',
        'status',
        'updated_at',
        'user_entity_ref',
      ]);
      await knex('export_history').insert({
        id: 'kept-across-rollback',
        user_entity_ref: 'user:default/alice',
        entity_refs: '[]',
        format: 'csv',
        destination: 'download',
        outcome: 'succeeded',
        created_at: new Date().toISOString(),
        location: 'somewhere',
      });

      await knex.migrate.down(migrationsConfig);

      expect(await knex.schema.hasTable('provider_settings')).toBe(false);
      expect(await knex.schema.hasTable('provider_connections')).toBe(false);
      expect(await columnNames(knex, 'export_history')).not.toContain(
        'location',
      );
      expect(await columnNames(knex, 'export_history')).not.toContain('error');
      expect(await knex('export_history').pluck('id')).toEqual([
        'kept-across-rollback',
      ]);

      await knex.migrate.rollback(migrationsConfig, true);

      expect(await knex.schema.hasTable('accounts')).toBe(false);
      expect(await knex.schema.hasTable('export_history')).toBe(false);

      await knex.destroy();
    },
  );
});
