import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  SyncedCopyList,
  SyncedCopyView,
} from '@internal/backstage-plugin-password-export-common';
import {
  AccountSourceConnection,
  SourceAccount,
  passwordExportAccountSourceExtensionPoint,
} from '@internal/backstage-plugin-password-export-node';
import passwordExportModuleS3 from '@internal/backstage-plugin-password-export-backend-module-s3';
import { decryptExport } from '@internal/encrypted-html';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { LocalS3, S3_KEYS, startS3rver } from '../__testUtils__/startS3rver';
import {
  TEST_ENTITIES,
  TEST_KEY,
  allowAll,
  captureConsole,
  dumpDatabase,
  startPasswordExportBackend,
} from '../__testUtils__/startPasswordExportBackend';
import { unwrapContentKey } from '../__testUtils__/unwrapContentKey';

jest.setTimeout(120_000);

const BASE = '/api/password-export';
const ORDERS = 'resource:default/orders-db';
const CACHE = 'resource:default/cache';
const PASSPHRASE = 'correct horse battery staple';
const ORDERS_FILE = 'password-exports/passwords-orders-db.html';
const CACHE_FILE = 'password-exports/passwords-cache.html';
const DEBOUNCE_MS = 1000;

const RESYNC_CONFIG = {
  passwordExport: {
    encryption: { keys: [TEST_KEY] },
    kdf: { iterations: 100_000 },
    providers: { s3: { enabled: true, allowCustomEndpoints: true } },
    resync: {
      debounce: DEBOUNCE_MS,
      // Long enough that only the timers and explicit passes sync.
      interval: '1 hour',
      retry: { initialDelay: 300, maxDelay: 1200 },
    },
  },
};

function userEntity(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1',
    kind: 'User',
    metadata: { name, uid: `uid-${name}` },
    spec: {},
  };
}

/** Polls `read` until `accept` holds, and returns the accepted value. */
async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(
          value,
        )}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/** An account source of a test vault that reports its changes. */
class VaultSource {
  readonly id = 'vault';
  accounts: SourceAccount[] = [
    { name: 'Vault admin', username: 'root', password: 'vault-pass-1' },
  ];
  connection?: AccountSourceConnection;

  servesEntity(entityRef: string) {
    return entityRef === CACHE;
  }

  async listAccounts() {
    return this.accounts;
  }

  connect(connection: AccountSourceConnection) {
    this.connection = connection;
  }
}

function createVaultModule(vault: VaultSource) {
  return createBackendModule({
    pluginId: 'password-export',
    moduleId: 'test-vault',
    register(reg) {
      reg.registerInit({
        deps: { sources: passwordExportAccountSourceExtensionPoint },
        async init({ sources }) {
          sources.addAccountSource(vault);
        },
      });
    },
  });
}

describe('synced copies on Amazon S3', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const environment = { ...process.env };
  let s3: LocalS3;
  let consoleCapture: ReturnType<typeof captureConsole>;

  beforeAll(async () => {
    // The SDK must never look for the server's own credentials or reach a
    // proxy in tests.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.NO_PROXY = '127.0.0.1,localhost';
    consoleCapture = captureConsole();
    s3 = await startS3rver();
  });

  afterAll(async () => {
    await s3?.stop();
    consoleCapture.restore();
    process.env = environment;
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    const prefix = databaseId.toLowerCase().replace('_', '-');
    const bucketOf = (user: string) => `${prefix}-${user}`;
    const catalog = catalogServiceMock({
      entities: [
        ...TEST_ENTITIES,
        ...['alice', 'carol', 'dave', 'erin'].map(userEntity),
      ],
    });
    const vault = new VaultSource();
    let knex: Knex;
    let server: any;
    let stopBackend: () => Promise<void>;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      for (const user of ['alice', 'carol', 'dave', 'erin']) {
        await s3.createBucket(bucketOf(user));
      }
      const backend = await startPasswordExportBackend({
        knex,
        policy: { current: allowAll },
        config: RESYNC_CONFIG,
        catalog,
        extraFeatures: [passwordExportModuleS3, createVaultModule(vault)],
      });
      server = backend.server;
      stopBackend = () => backend.stop();
    });

    afterAll(async () => {
      await stopBackend?.();
    });

    const as = (user: string) =>
      mockCredentials.user.header(`user:default/${user}`);

    async function connect(user: string) {
      const response = await request(server)
        .put(`${BASE}/providers/s3/connection`)
        .set('Authorization', as(user))
        .send({
          input: {
            ...S3_KEYS,
            bucket: bucketOf(user),
            region: 'us-east-1',
            endpoint: s3.endpoint,
          },
        });
      expect(response.status).toBe(200);
    }

    async function exportToS3(user: string, entityRef = ORDERS) {
      const response = await request(server)
        .post(`${BASE}/exports`)
        .set('Authorization', as(user))
        .send({
          entityRefs: [entityRef],
          format: 'encrypted-html',
          passphrase: PASSPHRASE,
          destination: 's3',
        });
      expect(response.status).toBe(200);
      expect(response.body.syncedCopyId).toMatch(/^[0-9a-f-]{36}$/);
      return response.body.syncedCopyId as string;
    }

    async function addOrdersAccount(password: string) {
      const response = await request(server)
        .post(`${BASE}/entities/resource/default/orders-db/accounts`)
        .set('Authorization', as('alice'))
        .send({ name: 'Admin', username: 'dba', password });
      expect(response.status).toBe(201);
      return response.body.id as string;
    }

    async function setPassword(accountId: string, password: string) {
      await request(server)
        .put(
          `${BASE}/entities/resource/default/orders-db/accounts/${accountId}`,
        )
        .set('Authorization', as('alice'))
        .send({ name: 'Admin', username: 'dba', password })
        .expect(200);
    }

    async function listCopies(user: string): Promise<SyncedCopyView[]> {
      const response = await request(server)
        .get(`${BASE}/synced-copies`)
        .set('Authorization', as(user));
      expect(response.status).toBe(200);
      return (response.body as SyncedCopyList).items;
    }

    async function copyOf(user: string, id: string) {
      return (await listCopies(user)).find(copy => copy.id === id);
    }

    async function historyOf(copyId: string) {
      const copy = await knex('synced_copies').where({ id: copyId }).first();
      return knex('export_history')
        .where({ user_entity_ref: copy.user_entity_ref })
        .whereNot({ action: 'export' })
        .orderBy('created_at', 'asc');
    }

    it('re-syncs a copy for the original passphrase after an edit', async () => {
      const accountId = await addOrdersAccount('first-Pa55word');
      await connect('alice');
      const copyId = await exportToS3('alice');
      const exported = (await s3.readObject(bucketOf('alice'), ORDERS_FILE))!;
      const before = await decryptExport(exported, PASSPHRASE);

      await setPassword(accountId, 'second-Pa55word');

      const synced = await waitFor(
        () => s3.readObject(bucketOf('alice'), ORDERS_FILE),
        content => content !== undefined && !content.equals(exported),
      );
      const after = await decryptExport(synced!, PASSPHRASE);
      expect(after.resources[0].accounts).toEqual([
        expect.objectContaining({
          username: 'dba',
          password: 'second-Pa55word',
        }),
      ]);
      expect(Date.parse(after.metadata.validAsOf)).toBeGreaterThan(
        Date.parse(before.metadata.validAsOf),
      );
      // The re-encrypted file keeps the key of the first one.
      expect(unwrapContentKey(synced!, PASSPHRASE)).toEqual(
        unwrapContentKey(exported, PASSPHRASE),
      );

      const view = await waitFor(
        () => copyOf('alice', copyId),
        copy => copy?.status === 'current',
      );
      expect(view).toMatchObject({
        providerId: 's3',
        providerTitle: 'Amazon S3',
        entityRefs: [ORDERS],
        fileName: 'passwords-orders-db.html',
        keepUpToDate: true,
      });
      const [resync] = await historyOf(copyId);
      expect(resync).toMatchObject({
        action: 'resync',
        outcome: 'succeeded',
        destination: 's3',
        reason: 'automatic re-sync after account change',
        sha256: createHash('sha256').update(synced!).digest('hex'),
        account_count: 1,
      });
      expect(consoleCapture.text()).toContain(
        'password-export.synced-copy-resync',
      );
    });

    it('keeps the content key out of the database and the logs', async () => {
      const content = (await s3.readObject(bucketOf('alice'), ORDERS_FILE))!;
      const contentKey = unwrapContentKey(content, PASSPHRASE);

      const dump = await dumpDatabase(knex);
      expect(dump).toContain('content_key_encrypted');
      for (const encoding of ['base64', 'hex', 'base64url'] as const) {
        expect(dump).not.toContain(contentKey.toString(encoding));
        expect(consoleCapture.text()).not.toContain(
          contentKey.toString(encoding),
        );
      }
      expect(dump).not.toContain('second-Pa55word');
      expect(consoleCapture.text()).not.toContain('second-Pa55word');
      expect(consoleCapture.text()).not.toContain(PASSPHRASE);
      expect(consoleCapture.text()).not.toContain(S3_KEYS.secretAccessKey);
    });

    it('uploads once for a burst of edits', async () => {
      const [copy] = await listCopies('alice');
      const accountId = (
        await knex('accounts').where({ entity_ref: ORDERS }).first()
      ).id;
      const putsBefore = s3.putCount(bucketOf('alice'), ORDERS_FILE);
      const rowsBefore = (await historyOf(copy.id)).length;

      for (let index = 1; index <= 5; index++) {
        await setPassword(accountId, `burst-Pa55word-${index}`);
      }

      await waitFor(
        async () => s3.putCount(bucketOf('alice'), ORDERS_FILE),
        count => count > putsBefore,
      );
      // Longer than the debounce and the timer's shortest wait, so that a
      // second upload would have happened by now.
      await new Promise(resolve => setTimeout(resolve, DEBOUNCE_MS + 2000));
      expect(s3.putCount(bucketOf('alice'), ORDERS_FILE)).toBe(putsBefore + 1);
      expect((await historyOf(copy.id)).length).toBe(rowsBefore + 1);
      const payload = await decryptExport(
        (await s3.readObject(bucketOf('alice'), ORDERS_FILE))!,
        PASSPHRASE,
      );
      expect(payload.resources[0].accounts[0].password).toBe(
        'burst-Pa55word-5',
      );
      expect((await copyOf('alice', copy.id))?.status).toBe('current');
    });

    it('deletes the remote copy of a user who left the catalog', async () => {
      await connect('carol');
      const copyId = await exportToS3('carol');
      expect(await s3.objectExists(bucketOf('carol'), ORDERS_FILE)).toBe(true);
      const accountId = (
        await knex('accounts').where({ entity_ref: ORDERS }).first()
      ).id;

      await catalog.removeEntityByUid('uid-carol');
      await setPassword(accountId, 'after-carol-left');

      await waitFor(
        () => s3.objectExists(bucketOf('carol'), ORDERS_FILE),
        exists => !exists,
      );
      await waitFor(
        async () => knex('synced_copies').where({ id: copyId }).first(),
        row => row === undefined,
      );
      expect(await listCopies('carol')).toEqual([]);
      expect(
        await knex('synced_copy_entities').where({ copy_id: copyId }),
      ).toEqual([]);
      const rows = await knex('export_history')
        .where({ user_entity_ref: 'user:default/carol', action: 'delete' })
        .select();
      expect(rows).toEqual([
        expect.objectContaining({
          outcome: 'succeeded',
          reason:
            'remote copy deleted automatically because user:default/carol is no longer in the catalog',
          location: `s3://${bucketOf('carol')}/${ORDERS_FILE}`,
        }),
      ]);
      expect(consoleCapture.text()).toContain(
        'password-export.synced-copy-delete',
      );
    });

    it('retries a failed re-sync with backoff until it succeeds', async () => {
      await connect('dave');
      const copyId = await exportToS3('dave');
      const accountId = (
        await knex('accounts').where({ entity_ref: ORDERS }).first()
      ).id;
      await s3.deleteBucket(bucketOf('dave'));

      await setPassword(accountId, 'while-bucket-missing');

      const failed = await waitFor(
        () => copyOf('dave', copyId),
        copy => copy?.status === 'failed',
      );
      expect(failed?.lastError).toContain(bucketOf('dave'));
      expect(failed?.nextAttemptAt).toBeDefined();
      const first = await knex('synced_copies').where({ id: copyId }).first();
      expect(first.attempt_count).toBe(1);
      expect(Number(first.synced_seq)).toBeLessThan(Number(first.change_seq));

      // The second attempt waits twice as long as the first.
      const second = await waitFor(
        async () => knex('synced_copies').where({ id: copyId }).first(),
        row => row.attempt_count >= 2,
      );
      const delay = (row: any) =>
        Date.parse(new Date(row.next_attempt_at).toISOString()) -
        Date.parse(new Date(row.updated_at).toISOString());
      expect(delay(second)).toBeGreaterThanOrEqual(2 * delay(first) - 50);
      expect((await copyOf('dave', copyId))?.status).not.toBe('current');
      const failures = await knex('export_history').where({
        user_entity_ref: 'user:default/dave',
        action: 'resync',
        outcome: 'failed',
      });
      expect(failures.length).toBeGreaterThanOrEqual(2);
      expect(failures[0].error).toContain(bucketOf('dave'));

      await s3.createBucket(bucketOf('dave'));

      const current = await waitFor(
        () => copyOf('dave', copyId),
        copy => copy?.status === 'current',
      );
      expect(current?.lastError).toBeUndefined();
      expect(current?.nextAttemptAt).toBeUndefined();
      const payload = await decryptExport(
        (await s3.readObject(bucketOf('dave'), ORDERS_FILE))!,
        PASSPHRASE,
      );
      expect(payload.resources[0].accounts[0].password).toBe(
        'while-bucket-missing',
      );
      const row = await knex('synced_copies').where({ id: copyId }).first();
      expect(row.attempt_count).toBe(0);
      expect(row.last_error).toBeNull();
    });

    it('re-syncs when an account source reports a change', async () => {
      expect(vault.connection).toBeDefined();
      await connect('erin');
      await exportToS3('erin', CACHE);
      const exported = (await s3.readObject(bucketOf('erin'), CACHE_FILE))!;

      vault.accounts = [
        { name: 'Vault admin', username: 'root', password: 'vault-pass-2' },
      ];
      await vault.connection!.reportChange('Resource:default/cache');

      const synced = await waitFor(
        () => s3.readObject(bucketOf('erin'), CACHE_FILE),
        content => content !== undefined && !content.equals(exported),
      );
      const payload = await decryptExport(synced!, PASSPHRASE);
      expect(payload.resources[0].accounts).toEqual([
        expect.objectContaining({ password: 'vault-pass-2' }),
      ]);
      await expect(vault.connection!.reportChange('not a ref')).rejects.toThrow(
        'Invalid entity reference "not a ref" in a change report; expected a reference such as resource:default/orders-db',
      );
    });
  });

  describe('with two backends on one PostgreSQL database', () => {
    const postgres = TestDatabases.create({ ids: ['POSTGRES_15'] });
    const itOnPostgres = postgres.eachSupportedId().length > 0 ? it : it.skip;

    /* eslint-disable jest/no-standalone-expect -- itOnPostgres is it or it.skip */
    itOnPostgres('uploads each copy once per change', async () => {
      const knex = await postgres.init('POSTGRES_15');
      const bucket = 'two-backends-alice';
      await s3.createBucket(bucket);
      const start = () =>
        startPasswordExportBackend({
          knex,
          policy: { current: allowAll },
          config: RESYNC_CONFIG,
          catalog: catalogServiceMock({
            entities: [...TEST_ENTITIES, userEntity('alice')],
          }),
          extraFeatures: [passwordExportModuleS3],
        });
      const first = await start();
      const second = await start();
      const alice = mockCredentials.user.header('user:default/alice');

      try {
        await request(first.server)
          .put(`${BASE}/providers/s3/connection`)
          .set('Authorization', alice)
          .send({
            input: {
              ...S3_KEYS,
              bucket,
              region: 'us-east-1',
              endpoint: s3.endpoint,
            },
          })
          .expect(200);
        const accountIds: Record<string, string> = {};
        for (const name of ['orders-db', 'cache']) {
          const created = await request(first.server)
            .post(`${BASE}/entities/resource/default/${name}/accounts`)
            .set('Authorization', alice)
            .send({ name: 'Admin', username: 'dba', password: 'initial' });
          accountIds[name] = created.body.id;
        }
        const keys: string[] = [];
        for (const entityRefs of [[ORDERS], [CACHE], [ORDERS, CACHE]]) {
          const exported = await request(first.server)
            .post(`${BASE}/exports`)
            .set('Authorization', alice)
            .send({
              entityRefs,
              format: 'encrypted-html',
              passphrase: PASSPHRASE,
              destination: 's3',
            })
            .expect(200);
          keys.push(`password-exports/${exported.body.fileName}`);
        }
        const edit = (
          backend: { server: any },
          name: string,
          password: string,
        ) =>
          request(backend.server)
            .put(
              `${BASE}/entities/resource/default/${name}/accounts/${accountIds[name]}`,
            )
            .set('Authorization', alice)
            .send({ name: 'Admin', username: 'dba', password })
            .expect(200);

        const putCounts = () => keys.map(key => s3.putCount(bucket, key));
        for (const round of [1, 2]) {
          // Both instances see changes, so both timers run a pass.
          await Promise.all([
            edit(first, 'orders-db', `first-${round}`),
            edit(second, 'cache', `second-${round}`),
            edit(second, 'orders-db', `second-${round}`),
          ]);

          const expected = [1 + round, 1 + round, 1 + round];
          await waitFor(
            async () => putCounts(),
            counts => counts.every(count => count >= 1 + round),
          );
          await new Promise(resolve => setTimeout(resolve, DEBOUNCE_MS + 2000));
          expect(putCounts()).toEqual(expected);
        }
        const resyncs = await knex('export_history').where({
          action: 'resync',
          outcome: 'succeeded',
        });
        expect(resyncs).toHaveLength(2 * keys.length);
        // The file has the accounts as stored after the last change; which
        // of the two concurrent orders-db edits was last is up to the
        // database.
        const both = await decryptExport(
          (await s3.readObject(bucket, keys[2]))!,
          PASSPHRASE,
        );
        const stored = await request(second.server)
          .get(
            `${BASE}/entities/resource/default/orders-db/accounts/${accountIds['orders-db']}/password`,
          )
          .set('Authorization', alice)
          .expect(200);
        expect(
          Object.fromEntries(
            both.resources.map(resource => [
              resource.entityRef,
              resource.accounts[0].password,
            ]),
          ),
        ).toEqual({ [ORDERS]: stored.body.password, [CACHE]: 'second-2' });
      } finally {
        await first.stop();
        await second.stop();
      }
    });
    /* eslint-enable jest/no-standalone-expect */
  });
});
