import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';

jest.setTimeout(60_000);

const migrationsConfig = { directory: MIGRATIONS_DIRECTORY };

/** Runs the migrations up to and including the named one. */
async function migrateUpTo(knex: Knex, name: string): Promise<void> {
  const [, pending] = (await knex.migrate.list(migrationsConfig)) as [
    unknown,
    Array<{ file: string }>,
  ];
  for (const migration of pending) {
    await knex.migrate.up({ ...migrationsConfig, name: migration.file });
    if (migration.file === name) {
      return;
    }
  }
}

/** Returns the message of a failed insert, or undefined when it succeeded. */
async function insertError(
  knex: Knex,
  table: string,
  row: object,
): Promise<string | undefined> {
  try {
    await knex(table).insert(row);
    return undefined;
  } catch (error) {
    return String(error);
  }
}

async function columnNames(knex: Knex, table: string): Promise<string[]> {
  return Object.keys(await knex(table).columnInfo()).sort();
}

/**
 * Inserts a synced copy of orders-db with its entity row, as the
 * synced_copies migration creates them, and returns the copy's id.
 */
async function insertSyncedCopy(knex: Knex, id: string): Promise<string> {
  const now = new Date().toISOString();
  await knex('synced_copies').insert({
    id,
    user_entity_ref: 'user:default/alice',
    provider_id: 's3',
    file_name: 'passwords-orders-db.html',
    entity_refs: '["resource:default/orders-db"]',
    location: 's3://bucket/passwords-orders-db.html',
    remote_id: 'passwords-orders-db.html',
    keep_up_to_date: true,
    last_synced_at: now,
    created_at: now,
    updated_at: now,
  });
  await knex('synced_copy_entities').insert({
    copy_id: id,
    entity_ref: 'resource:default/orders-db',
  });
  return id;
}

describe('password export migrations', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'migrates up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);

      await migrateUpTo(knex, '20261204170000_cloud_storage.js');

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

  it.each(databases.eachSupportedId())(
    'adds and removes the OAuth tables and columns on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261204170000_cloud_storage.js');
      const now = new Date().toISOString();
      await knex('provider_connections').insert({
        user_entity_ref: 'user:default/alice',
        provider_id: 'box',
        credentials_encrypted: 'sealed',
        credentials_key_id: 'k1',
        account_label: 'Box account of Alice',
        status: 'connected',
        created_at: now,
        updated_at: now,
      });

      await migrateUpTo(knex, '20261204180000_oauth.js');

      expect(await columnNames(knex, 'oauth_states')).toEqual([
        'code_verifier_encrypted',
        'code_verifier_key_id',
        'created_at',
        'expires_at',
        'provider_id',
        'redirect_uri',
        'state_hash',
        'used_at',
        'user_entity_ref',
      ]);
      expect(await columnNames(knex, 'provider_connections')).toEqual(
        expect.arrayContaining([
          'credentials_version',
          'expires_at',
          'refresh_lock_expires_at',
          'refresh_lock_owner',
        ]),
      );
      // The existing connection gets the first version and no expiry.
      expect(
        await knex('provider_connections')
          .select('credentials_version', 'expires_at')
          .first(),
      ).toEqual({ credentials_version: 1, expires_at: null });

      await knex.migrate.down(migrationsConfig);

      expect(await knex.schema.hasTable('oauth_states')).toBe(false);
      expect(await columnNames(knex, 'provider_connections')).not.toContain(
        'credentials_version',
      );
      expect(await knex('provider_connections').pluck('provider_id')).toEqual([
        'box',
      ]);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'adds and removes the synced copies on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest(migrationsConfig);

      expect(await columnNames(knex, 'synced_copies')).toEqual([
        'access_confirmed_at',
        'attempt_count',
        'catalog_checked_at',
        'change_seq',
        'check_user_entity',
        'connection_checked_at',
        'content_key_encrypted',
        'content_key_key_id',
        'created_at',
        'due_at',
        'entity_refs',
        'file_name',
        'id',
        'keep_up_to_date',
        'last_error',
        'last_sha256',
        'last_synced_at',
        'lease_expires_at',
        'lease_owner',
        'location',
        'next_attempt_at',
        'paused',
        'pending_reason',
        'pending_since',
        'provider_id',
        'reason',
        'remote_id',
        'synced_seq',
        'updated_at',
        'user_entity_ref',
      ]);
      expect(await columnNames(knex, 'synced_copy_entities')).toEqual([
        'copy_id',
        'entity_ref',
      ]);
      await knex('export_history').insert({
        id: 'recorded-before-rollback',
        user_entity_ref: 'user:default/alice',
        entity_refs: '[]',
        format: 'encrypted-html',
        destination: 's3',
        outcome: 'succeeded',
        created_at: new Date().toISOString(),
      });
      expect(await knex('export_history').pluck('action')).toEqual(['export']);

      const now = new Date().toISOString();
      const copy = {
        id: '00000000-0000-4000-8000-000000000001',
        user_entity_ref: 'user:default/alice',
        provider_id: 's3',
        file_name: 'passwords-orders-db.html',
        entity_refs: '["resource:default/orders-db"]',
        location: 's3://bucket/passwords-orders-db.html',
        remote_id: 'passwords-orders-db.html',
        keep_up_to_date: true,
        last_synced_at: now,
        created_at: now,
        updated_at: now,
      };
      await knex('synced_copies').insert(copy);
      const entity = {
        copy_id: copy.id,
        entity_ref: 'resource:default/orders-db',
      };
      await knex('synced_copy_entities').insert(entity);

      // One copy per user, provider and file; one row per covered entity.
      expect(
        await insertError(knex, 'synced_copies', { ...copy, id: 'other' }),
      ).toMatch(/unique|duplicate/i);
      expect(await insertError(knex, 'synced_copy_entities', entity)).toMatch(
        /unique|duplicate/i,
      );

      await knex.migrate.down({
        ...migrationsConfig,
        name: '20261204190000_synced_copies.js',
      });

      expect(await knex.schema.hasTable('synced_copies')).toBe(false);
      expect(await knex.schema.hasTable('synced_copy_entities')).toBe(false);
      expect(await columnNames(knex, 'export_history')).not.toContain('action');
      expect(await knex('export_history').pluck('id')).toEqual([
        'recorded-before-rollback',
      ]);

      await knex.migrate.latest(migrationsConfig);
      expect(await knex.schema.hasTable('synced_copies')).toBe(true);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'adds and removes the check times of synced copies on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261204190000_synced_copies.js');
      const now = new Date().toISOString();
      const copyId = await insertSyncedCopy(
        knex,
        '00000000-0000-4000-8000-000000000002',
      );

      await migrateUpTo(knex, '20261204200000_synced_copy_checks.js');

      expect(await columnNames(knex, 'synced_copies')).toEqual(
        expect.arrayContaining(['catalog_checked_at', 'connection_checked_at']),
      );
      // Existing copies count as never checked.
      expect(
        await knex('synced_copies')
          .select('catalog_checked_at', 'connection_checked_at')
          .first(),
      ).toEqual({ catalog_checked_at: null, connection_checked_at: null });
      await knex('synced_copies')
        .where({ id: copyId })
        .update({ catalog_checked_at: now, connection_checked_at: now });

      await knex.migrate.down({
        ...migrationsConfig,
        name: '20261204200000_synced_copy_checks.js',
      });

      const columns = await columnNames(knex, 'synced_copies');
      expect(columns).not.toContain('catalog_checked_at');
      expect(columns).not.toContain('connection_checked_at');
      expect(await knex('synced_copies').pluck('id')).toEqual([copyId]);
      expect(await knex('synced_copy_entities').pluck('copy_id')).toEqual([
        copyId,
      ]);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'adds and removes the access confirmation of synced copies on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await migrateUpTo(knex, '20261204200000_synced_copy_checks.js');
      const now = new Date().toISOString();
      const copyId = await insertSyncedCopy(
        knex,
        '00000000-0000-4000-8000-000000000003',
      );

      await migrateUpTo(knex, '20261204210000_synced_copy_access.js');

      // Existing copies count as confirmed at export and without a reason.
      expect(
        await knex('synced_copies')
          .select('access_confirmed_at', 'reason')
          .first(),
      ).toEqual({ access_confirmed_at: null, reason: null });
      await knex('synced_copies')
        .where({ id: copyId })
        .update({ access_confirmed_at: now, reason: 'on call' });

      await knex.migrate.down({
        ...migrationsConfig,
        name: '20261204210000_synced_copy_access.js',
      });

      const columns = await columnNames(knex, 'synced_copies');
      expect(columns).not.toContain('access_confirmed_at');
      expect(columns).not.toContain('reason');
      expect(await knex('synced_copy_entities').pluck('copy_id')).toEqual([
        copyId,
      ]);
      await knex.destroy();
    },
  );
});
