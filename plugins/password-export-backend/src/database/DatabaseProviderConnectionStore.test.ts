import { TestDatabases } from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../encryption/SecretBox';
import { DatabaseProviderConnectionStore } from './DatabaseProviderConnectionStore';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ALICE_KEY = 'alice-secret-key-7Hq';

describe('DatabaseProviderConnectionStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  it.each(databases.eachSupportedId())(
    'stores connections with sealed credentials on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const store = DatabaseProviderConnectionStore.create({
        client: knex,
        secretBox: SecretBox.create([{ id: 'k1', secret: randomBytes(32) }]),
      });

      const saved = await store.saveConnection(ALICE, 's3', {
        credentials: { secretAccessKey: ALICE_KEY, bucket: 'a' },
        accountLabel: 'bucket a',
      });
      await store.saveConnection(BOB, 's3', {
        credentials: { secretAccessKey: 'bob-key', bucket: 'b' },
        accountLabel: 'bucket b',
      });

      expect(saved).toMatchObject({
        providerId: 's3',
        accountLabel: 'bucket a',
        status: 'connected',
      });
      expect(saved.lastUsedAt).toBeUndefined();
      expect((await store.getConnection(ALICE, 's3'))?.credentials).toEqual({
        secretAccessKey: ALICE_KEY,
        bucket: 'a',
      });
      expect(await store.getConnection(ALICE, 'dropbox')).toBeUndefined();
      expect(JSON.stringify(await knex('provider_connections'))).not.toContain(
        ALICE_KEY,
      );

      const usedAt = new Date('2026-12-04T12:00:00.000Z');
      await store.markUsed(ALICE, 's3', usedAt);
      expect(await store.setStatus(ALICE, 's3', 'reconnect-needed')).toBe(true);
      expect(await store.listConnections(ALICE)).toEqual([
        expect.objectContaining({
          status: 'reconnect-needed',
          lastUsedAt: usedAt.toISOString(),
        }),
      ]);

      // A reconnection resets the status and keeps the last upload time.
      await store.saveConnection(ALICE, 's3', {
        credentials: { secretAccessKey: 'new', bucket: 'a' },
        accountLabel: 'bucket a',
      });
      expect(await store.listConnections(ALICE)).toEqual([
        expect.objectContaining({
          status: 'connected',
          lastUsedAt: usedAt.toISOString(),
        }),
      ]);

      // Bob's credentials copied into Alice's row must not decrypt there.
      const bobRow = await knex('provider_connections')
        .where({ user_entity_ref: BOB })
        .first();
      await knex('provider_connections')
        .where({ user_entity_ref: ALICE })
        .update({ credentials_encrypted: bobRow.credentials_encrypted });
      await expect(store.getConnection(ALICE, 's3')).rejects.toThrow(
        'failed authentication',
      );

      expect(await store.deleteConnection(ALICE, 's3')).toBe(true);
      expect(await store.deleteConnection(ALICE, 's3')).toBe(false);
      expect(await store.setStatus(ALICE, 's3', 'connected')).toBe(false);
      expect(await store.listConnections(BOB)).toHaveLength(1);

      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'serializes credential refreshes with a lock on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      const store = DatabaseProviderConnectionStore.create({
        client: knex,
        secretBox: SecretBox.create([{ id: 'k1', secret: randomBytes(32) }]),
      });
      const expiresAt = new Date('2026-12-04T13:00:00.000Z');
      await store.saveConnection(ALICE, 'box', {
        credentials: { accessToken: 'a1', refreshToken: 'r1' },
        accountLabel: 'Box account of Alice',
        expiresAt,
      });
      const first = await store.getConnection(ALICE, 'box');
      expect(first).toMatchObject({ expiresAt, credentialsVersion: 1 });

      const inAMinute = new Date(Date.now() + 60_000);
      expect(await store.tryLockRefresh(ALICE, 'box', 'one', inAMinute)).toBe(
        true,
      );
      expect(await store.tryLockRefresh(ALICE, 'box', 'two', inAMinute)).toBe(
        false,
      );
      expect(
        await store.replaceCredentials(
          ALICE,
          'box',
          { credentials: { accessToken: 'a2', refreshToken: 'r2' } },
          'two',
        ),
      ).toBe(false);
      expect(
        await store.replaceCredentials(
          ALICE,
          'box',
          { credentials: { accessToken: 'a2', refreshToken: 'r2' } },
          'one',
        ),
      ).toBe(true);
      const second = await store.getConnection(ALICE, 'box');
      expect(second).toMatchObject({
        credentials: { accessToken: 'a2', refreshToken: 'r2' },
        credentialsVersion: 2,
      });
      expect(second?.expiresAt).toBeUndefined();

      // Only the holder releases the lock.
      await store.unlockRefresh(ALICE, 'box', 'two');
      expect(await store.tryLockRefresh(ALICE, 'box', 'two', inAMinute)).toBe(
        false,
      );
      await store.unlockRefresh(ALICE, 'box', 'one');
      expect(await store.tryLockRefresh(ALICE, 'box', 'two', inAMinute)).toBe(
        true,
      );

      // The lock of a refresh that never finished expires.
      await store.unlockRefresh(ALICE, 'box', 'two');
      await store.tryLockRefresh(
        ALICE,
        'box',
        'crashed',
        new Date(Date.now() - 1),
      );
      expect(await store.tryLockRefresh(ALICE, 'box', 'next', inAMinute)).toBe(
        true,
      );

      // A reconnection replaces the credentials with a new version.
      await store.saveConnection(ALICE, 'box', {
        credentials: { accessToken: 'a3', refreshToken: 'r3' },
        accountLabel: 'Box account of Alice',
      });
      expect(await store.getConnection(ALICE, 'box')).toMatchObject({
        credentialsVersion: 3,
      });
      expect(JSON.stringify(await knex('provider_connections'))).not.toMatch(
        /"(a|r)[123]"/,
      );
      await knex.destroy();
    },
  );
});
