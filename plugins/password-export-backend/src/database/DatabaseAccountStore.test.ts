import { TestDatabases } from '@backstage/backend-test-utils';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretBox } from '../encryption/SecretBox';
import { DatabaseAccountStore } from './DatabaseAccountStore';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';

jest.setTimeout(60_000);

const KNOWN_PASSWORD = 'Plaintext-Canary-Password-7f3a';
const KNOWN_NOTES = 'Recovery code: Canary-Notes-91bd';
const entityRef = 'resource:default/orders-db';
const keyA = { id: 'key-a', secret: randomBytes(32) };
const keyB = { id: 'key-b', secret: randomBytes(32) };

async function migrate(knex: Knex) {
  await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
}

describe('DatabaseAccountStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await migrate(knex);
    });

    afterEach(async () => {
      await knex.destroy();
    });

    it('creates, lists, updates and deletes accounts', async () => {
      const store = DatabaseAccountStore.create({
        client: knex,
        secretBox: SecretBox.create([keyA]),
      });

      const created = await store.createAccount(
        entityRef,
        {
          name: 'Admin',
          username: 'admin',
          password: KNOWN_PASSWORD,
          url: 'https://db.example.com',
          notes: KNOWN_NOTES,
        },
        'user:default/alice',
      );
      expect(created).toEqual({
        id: expect.any(String),
        entityRef,
        name: 'Admin',
        username: 'admin',
        url: 'https://db.example.com',
        notes: KNOWN_NOTES,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(created).not.toHaveProperty('password');

      expect(await store.listAccounts(entityRef)).toEqual([created]);
      expect(await store.listAccounts('resource:default/other')).toEqual([]);
      expect(await store.getPassword(entityRef, created.id)).toBe(
        KNOWN_PASSWORD,
      );

      const updated = await store.updateAccount(
        entityRef,
        created.id,
        { name: 'Admin 2', username: 'root' },
        'user:default/bob',
      );
      expect(updated?.name).toBe('Admin 2');
      expect(updated?.notes).toBeUndefined();
      expect(await store.getPassword(entityRef, created.id)).toBe(
        KNOWN_PASSWORD,
      );

      await store.updateAccount(
        entityRef,
        created.id,
        { name: 'Admin 2', username: 'root', password: 'new-password' },
        'user:default/bob',
      );
      expect(await store.getPassword(entityRef, created.id)).toBe(
        'new-password',
      );

      expect(
        await store.updateAccount(
          'resource:default/other',
          created.id,
          { name: 'x', username: 'y' },
          'user:default/bob',
        ),
      ).toBeUndefined();
      expect(
        await store.deleteAccount('resource:default/other', created.id),
      ).toBe(false);
      expect(await store.countAccounts(entityRef)).toBe(1);
      expect(await store.deleteAccount(entityRef, created.id)).toBe(true);
      expect(await store.countAccounts(entityRef)).toBe(0);
    });

    it('keeps passwords and notes out of plaintext columns', async () => {
      const store = DatabaseAccountStore.create({
        client: knex,
        secretBox: SecretBox.create([keyA]),
      });
      await store.createAccount(
        entityRef,
        {
          name: 'Admin',
          username: 'admin',
          password: KNOWN_PASSWORD,
          notes: KNOWN_NOTES,
        },
        'user:default/alice',
      );

      const rows = await knex('accounts').select();
      const text = JSON.stringify(rows);

      expect(rows).toHaveLength(1);
      expect(rows[0].password_encrypted).toMatch(/^v1:key-a:/);
      expect(rows[0].password_key_id).toBe('key-a');
      expect(rows[0].notes_key_id).toBe('key-a');
      expect(text).not.toContain(KNOWN_PASSWORD);
      expect(text).not.toContain('Canary-Notes-91bd');
    });

    it('keeps secrets out of every column cast to text', async () => {
      const store = DatabaseAccountStore.create({
        client: knex,
        secretBox: SecretBox.create([keyA]),
      });
      await store.createAccount(
        entityRef,
        {
          name: 'Admin',
          username: 'admin',
          password: KNOWN_PASSWORD,
          notes: KNOWN_NOTES,
        },
        'user:default/alice',
      );

      // The database itself renders every column as text, so no driver-side
      // conversion can hide a plaintext value.
      const columns = Object.keys(await knex('accounts').columnInfo());
      const rows = await knex('accounts').select(
        columns.map(column =>
          knex.raw('CAST(?? AS TEXT) AS ??', [column, column]),
        ),
      );
      const text = JSON.stringify(rows);

      expect(columns).toContain('password_encrypted');
      expect(text).toContain('admin');
      expect(text).not.toContain(KNOWN_PASSWORD);
      expect(text).not.toContain('Canary-Notes-91bd');
    });

    it('reads values of the old key after rotation', async () => {
      const storeA = DatabaseAccountStore.create({
        client: knex,
        secretBox: SecretBox.create([keyA]),
      });
      const old = await storeA.createAccount(
        entityRef,
        { name: 'Old', username: 'u', password: 'old-password', notes: 'n1' },
        'user:default/alice',
      );

      const storeBA = DatabaseAccountStore.create({
        client: knex,
        secretBox: SecretBox.create([keyB, keyA]),
      });
      const fresh = await storeBA.createAccount(
        entityRef,
        { name: 'New', username: 'u', password: 'new-password' },
        'user:default/alice',
      );

      expect(await storeBA.getPassword(entityRef, old.id)).toBe('old-password');
      const listed = await storeBA.listAccounts(entityRef);
      expect(listed.find(account => account.id === old.id)?.notes).toBe('n1');
      const freshRow = await knex('accounts').where({ id: fresh.id }).first();
      expect(freshRow.password_key_id).toBe('key-b');
      expect(freshRow.password_encrypted).toMatch(/^v1:key-b:/);
    });

    it('rejects a password copied to another row', async () => {
      const store = DatabaseAccountStore.create({
        client: knex,
        secretBox: SecretBox.create([keyA]),
      });
      const first = await store.createAccount(
        entityRef,
        { name: 'A', username: 'a', password: 'password-of-a' },
        'user:default/alice',
      );
      const second = await store.createAccount(
        entityRef,
        { name: 'B', username: 'b', password: 'password-of-b' },
        'user:default/alice',
      );

      const firstRow = await knex('accounts').where({ id: first.id }).first();
      await knex('accounts')
        .where({ id: second.id })
        .update({ password_encrypted: firstRow.password_encrypted });

      await expect(store.getPassword(entityRef, second.id)).rejects.toThrow(
        'failed authentication',
      );
    });
  });
});

describe('DatabaseAccountStore on a SQLite file', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'password-export-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('writes no plaintext secret to the file or its WAL', async () => {
    const filename = join(directory, 'plugin.sqlite');
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: { filename },
      useNullAsDefault: true,
    });
    await knex.raw('PRAGMA journal_mode = WAL');
    await migrate(knex);
    const store = DatabaseAccountStore.create({
      client: knex,
      secretBox: SecretBox.create([keyA]),
    });

    const account = await store.createAccount(
      entityRef,
      {
        name: 'Admin',
        username: 'admin',
        password: KNOWN_PASSWORD,
        notes: KNOWN_NOTES,
      },
      'user:default/alice',
    );
    await store.updateAccount(
      entityRef,
      account.id,
      {
        name: 'Admin',
        username: 'admin',
        password: `${KNOWN_PASSWORD}-2`,
        notes: KNOWN_NOTES,
      },
      'user:default/alice',
    );

    // Read the files while the WAL still contains the latest pages, then again
    // after a checkpoint has moved them into the main file.
    const filesBefore = await readDatabaseFiles(directory);
    await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    await knex.destroy();
    const filesAfter = await readDatabaseFiles(directory);

    expect(filesBefore.map(f => f.name)).toContain('plugin.sqlite-wal');
    for (const file of [...filesBefore, ...filesAfter]) {
      expect({
        file: file.name,
        found: file.content.includes(KNOWN_PASSWORD),
      }).toEqual({ file: file.name, found: false });
      expect({
        file: file.name,
        found: file.content.includes('Canary-Notes-91bd'),
      }).toEqual({ file: file.name, found: false });
    }
    // The plaintext columns are there, which shows the scan reads real data.
    expect(filesAfter.some(f => f.content.includes(Buffer.from('Admin')))).toBe(
      true,
    );
  });
});

async function readDatabaseFiles(directory: string) {
  const names = await readdir(directory);
  return Promise.all(
    names.map(async name => ({
      name,
      content: await readFile(join(directory, name)),
    })),
  );
}
