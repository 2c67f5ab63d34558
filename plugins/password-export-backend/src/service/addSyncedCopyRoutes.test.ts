import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { SyncedCopyView } from '@internal/backstage-plugin-password-export-common';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { decryptExport } from '@internal/encrypted-html';
import { Knex } from 'knex';
import request from 'supertest';
import {
  FakeStorageProvider,
  createFakeStorageModule,
} from '../__testUtils__/createFakeStorageModule';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  TEST_KEY,
  TestPolicy,
  allowAll,
  captureConsole,
  dumpDatabase,
  startPasswordExportBackend,
} from '../__testUtils__/startPasswordExportBackend';
import { unwrapContentKey } from '../__testUtils__/unwrapContentKey';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const BASE = '/api/password-export';
const ORDERS = `${BASE}/entities/resource/default/orders-db`;
const PASSPHRASE = 'correct horse battery staple';
const USER_TOKEN = 'user-token-Rs41';
const DEBOUNCE_MS = 500;
const MISSING_ID = '8a5b2f0e-0000-4000-8000-000000000000';

/** Polls `read` until `accept` holds, and returns the accepted value. */
async function waitFor<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 15_000,
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

describe('synced copy routes', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let server: any;
    let stopBackend: () => Promise<void>;
    let consoleCapture: ReturnType<typeof captureConsole>;
    const fake = new FakeStorageProvider('fake', 'Fake Storage');
    const policy: { current: TestPolicy } = { current: allowAll };

    beforeAll(async () => {
      consoleCapture = captureConsole();
      knex = await databases.init(databaseId);
      const backend = await startPasswordExportBackend({
        knex,
        policy,
        config: {
          passwordExport: {
            encryption: { keys: [TEST_KEY] },
            kdf: { iterations: 100_000 },
            providers: { fake: { enabled: true } },
            resync: { debounce: DEBOUNCE_MS, interval: '1 hour' },
          },
        },
        extraFeatures: [createFakeStorageModule('fakes', [fake])],
      });
      server = backend.server;
      stopBackend = () => backend.stop();
    });

    afterAll(async () => {
      await stopBackend?.();
      consoleCapture.restore();
    });

    beforeEach(async () => {
      for (const table of [
        'synced_copy_entities',
        'synced_copies',
        'accounts',
        'export_history',
        'provider_connections',
      ]) {
        await knex(table).delete();
      }
      fake.files.clear();
      fake.uploads.length = 0;
      fake.nextError = undefined;
    });

    const as = (user: string) => mockCredentials.user.header(user);

    async function connect(user: string, bucket: string) {
      await request(server)
        .put(`${BASE}/providers/fake/connection`)
        .set('Authorization', as(user))
        .send({ input: { token: USER_TOKEN, bucket } })
        .expect(200);
    }

    async function addAccount(password: string) {
      const response = await request(server)
        .post(`${ORDERS}/accounts`)
        .set('Authorization', as(ALICE))
        .send({ name: 'Admin', username: 'dba', password });
      expect(response.status).toBe(201);
      return response.body.id as string;
    }

    async function setPassword(accountId: string, password: string) {
      await request(server)
        .put(`${ORDERS}/accounts/${accountId}`)
        .set('Authorization', as(ALICE))
        .send({ name: 'Admin', username: 'dba', password })
        .expect(200);
    }

    function exportTo(user: string, body: object = {}) {
      return request(server)
        .post(`${BASE}/exports`)
        .set('Authorization', as(user))
        .send({
          entityRefs: ['resource:default/orders-db'],
          format: 'encrypted-html',
          passphrase: PASSPHRASE,
          destination: 'fake',
          ...body,
        });
    }

    /** Connects the user and exports orders-db into the user's bucket. */
    async function exportCopy(user: string, bucket: string) {
      await connect(user, bucket);
      const response = await exportTo(user);
      expect(response.status).toBe(200);
      return response.body.syncedCopyId as string;
    }

    async function listCopies(user: string): Promise<SyncedCopyView[]> {
      const response = await request(server)
        .get(`${BASE}/synced-copies`)
        .set('Authorization', as(user));
      expect(response.status).toBe(200);
      return response.body.items;
    }

    it('pauses re-syncs until the user confirms access, and stops copies the policy denies', async () => {
      await connect(ALICE, 'mine');
      const accountId = await addAccount('first-Pa55');
      const exported = await request(server)
        .post(`${BASE}/exports`)
        .set('Authorization', as(ALICE))
        .send({
          entityRefs: ['resource:default/orders-db'],
          format: 'encrypted-html',
          passphrase: PASSPHRASE,
          destination: 'fake',
          reason: 'on-call laptop',
        });
      expect(exported.status).toBe(200);
      const uploadsAfterExport = fake.uploads.length;
      await knex('synced_copies').update({
        access_confirmed_at: new Date(
          Date.now() - 8 * 24 * 60 * 60_000,
        ).toISOString(),
      });

      await setPassword(accountId, 'second-Pa55');
      const paused = await waitFor(
        () => knex('synced_copies').first(),
        row => Boolean(row.paused),
      );
      expect(paused.last_error).toContain('confirm your access');
      expect(fake.uploads.length).toBe(uploadsAfterExport);

      // Asking for a sync, like opening the list, evaluates the policy for
      // the present user.
      const copyId = exported.body.syncedCopyId;
      const synced = await request(server)
        .post(`${BASE}/synced-copies/${copyId}/sync`)
        .set('Authorization', as(ALICE));
      expect(synced.status).toBe(200);
      expect(synced.body.status).toBe('current');
      const current = await waitFor(
        async () =>
          (
            await request(server)
              .get(`${BASE}/synced-copies`)
              .set('Authorization', as(ALICE))
          ).body.items[0] as SyncedCopyView,
        copy => copy.status === 'current',
      );
      expect(current.keepUpToDate).toBe(true);
      expect(fake.uploads.length).toBe(uploadsAfterExport + 1);

      policy.current = query =>
        query.permission.name === 'password-export.export.create'
          ? { result: AuthorizeResult.DENY }
          : { result: AuthorizeResult.ALLOW };
      try {
        const afterDenial = await request(server)
          .get(`${BASE}/synced-copies`)
          .set('Authorization', as(ALICE));
        expect(afterDenial.body.items[0]).toMatchObject({
          status: 'stopped',
          keepUpToDate: false,
        });
      } finally {
        policy.current = allowAll;
      }
    });

    it('lists only the caller’s own copies', async () => {
      await addAccount('list-Pa55');
      const aliceCopy = await exportCopy(ALICE, 'alice-bucket');
      const bobCopy = await exportCopy(BOB, 'bob-bucket');

      const alice = await listCopies(ALICE);
      const bob = await listCopies(BOB);

      expect(alice).toEqual([
        {
          id: aliceCopy,
          providerId: 'fake',
          providerTitle: 'Fake Storage',
          entityRefs: ['resource:default/orders-db'],
          fileName: 'passwords-orders-db.html',
          location: 'fake://alice-bucket/exports/passwords-orders-db.html',
          keepUpToDate: true,
          status: 'current',
          lastSyncedAt: expect.any(String),
          createdAt: expect.any(String),
        },
      ]);
      expect(bob.map(copy => copy.id)).toEqual([bobCopy]);
      expect(await listCopies('user:default/carol')).toEqual([]);
    });

    it('answers another user’s copy as not found', async () => {
      const copyId = await exportCopy(ALICE, 'alice-bucket');

      for (const [method, path] of [
        ['post', `/synced-copies/${copyId}/sync`],
        ['post', `/synced-copies/${copyId}/stop`],
        ['delete', `/synced-copies/${copyId}`],
        ['post', `/synced-copies/${MISSING_ID}/sync`],
      ] as const) {
        const response = await request(server)
          [method](`${BASE}${path}`)
          .set('Authorization', as(BOB));
        expect(response.status).toBe(404);
        expect(response.body.error.message).toMatch(
          /^Synced copy [0-9a-f-]{36} not found$/,
        );
      }
      expect((await listCopies(ALICE))[0].keepUpToDate).toBe(true);
      expect(fake.files.size).toBe(1);
    });

    it('rejects malformed requests and services', async () => {
      const copyId = await exportCopy(ALICE, 'alice-bucket');

      const malformed = await request(server)
        .post(`${BASE}/synced-copies/not-a-uuid/stop`)
        .set('Authorization', as(ALICE));
      const withBody = await request(server)
        .post(`${BASE}/synced-copies/${copyId}/stop`)
        .set('Authorization', as(ALICE))
        .send({ force: true });
      const asService = await request(server)
        .get(`${BASE}/synced-copies`)
        .set('Authorization', mockCredentials.service.header());

      expect(malformed.status).toBe(400);
      expect(malformed.body.error.message).toBe(
        'Invalid request: copyId must be the UUID of a synced copy',
      );
      expect(withBody.status).toBe(400);
      expect(withBody.body.error.message).toBe(
        'Invalid request: unknown field(s) force',
      );
      // Copies belong to users; a service has none to list.
      expect(asService.status).toBe(403);
    });

    it('syncs a copy now with fresh accounts', async () => {
      const accountId = await addAccount('before-Pa55');
      const copyId = await exportCopy(ALICE, 'alice-bucket');
      await knex('accounts')
        .where({ id: accountId })
        .update({ name: 'Renamed outside the API' });

      const response = await request(server)
        .post(`${BASE}/synced-copies/${copyId}/sync`)
        .set('Authorization', as(ALICE));

      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: copyId, status: 'current' });
      expect(fake.uploads).toHaveLength(2);
      const file = fake.files.get(
        'alice-bucket/exports/passwords-orders-db.html',
      )!;
      const payload = await decryptExport(file.content, PASSPHRASE);
      expect(payload.resources[0].accounts[0].name).toBe(
        'Renamed outside the API',
      );
      const [row] = await knex('export_history').where({ action: 'resync' });
      expect(row).toMatchObject({
        outcome: 'succeeded',
        reason: 're-sync requested by the user',
        user_entity_ref: ALICE,
      });
      expect(file.metadata['export-id']).toBe(row.id);
    });

    it('stops a copy and deletes its content key', async () => {
      const accountId = await addAccount('stop-Pa55');
      const copyId = await exportCopy(ALICE, 'alice-bucket');

      const stopped = await request(server)
        .post(`${BASE}/synced-copies/${copyId}/stop`)
        .set('Authorization', as(ALICE));
      await setPassword(accountId, 'after-stop-Pa55');
      await new Promise(resolve => setTimeout(resolve, DEBOUNCE_MS + 1500));
      const syncNow = await request(server)
        .post(`${BASE}/synced-copies/${copyId}/sync`)
        .set('Authorization', as(ALICE));

      expect(stopped.status).toBe(200);
      expect(stopped.body).toMatchObject({
        id: copyId,
        status: 'stopped',
        keepUpToDate: false,
      });
      expect(fake.uploads).toHaveLength(1);
      expect(syncNow.status).toBe(409);
      expect(syncNow.body.error.message).toContain(
        'is stopped and its content key is deleted',
      );
      const row = await knex('synced_copies').where({ id: copyId }).first();
      expect(row.content_key_encrypted).toBeNull();
      const [stop] = await knex('export_history').where({ action: 'stop' });
      expect(stop).toMatchObject({
        reason: 'stopped by the user',
        outcome: 'succeeded',
      });
      expect(consoleCapture.text()).toContain(
        'password-export.synced-copy-stop',
      );
    });

    it('deletes the remote file and the copy', async () => {
      const copyId = await exportCopy(ALICE, 'alice-bucket');

      const deleted = await request(server)
        .delete(`${BASE}/synced-copies/${copyId}`)
        .set('Authorization', as(ALICE));
      const again = await request(server)
        .delete(`${BASE}/synced-copies/${copyId}`)
        .set('Authorization', as(ALICE));

      expect(deleted.status).toBe(204);
      expect(fake.files.size).toBe(0);
      expect(await listCopies(ALICE)).toEqual([]);
      expect(again.status).toBe(404);
      const [row] = await knex('export_history').where({ action: 'delete' });
      expect(row).toMatchObject({
        reason: 'deleted by the user',
        outcome: 'succeeded',
        location: 'fake://alice-bucket/exports/passwords-orders-db.html',
      });
    });

    describe('removal from the list', () => {
      function removeFromList(copyId: string, keepRemoteFile = 'true') {
        return request(server)
          .delete(`${BASE}/synced-copies/${copyId}`)
          .query({ keepRemoteFile })
          .set('Authorization', as(ALICE));
      }

      it('forgets a stopped copy and keeps its file', async () => {
        const copyId = await exportCopy(ALICE, 'alice-bucket');
        await request(server)
          .post(`${BASE}/synced-copies/${copyId}/stop`)
          .set('Authorization', as(ALICE))
          .expect(200);

        const response = await removeFromList(copyId);

        expect(response.status).toBe(204);
        expect(await listCopies(ALICE)).toEqual([]);
        expect([...fake.files.keys()]).toEqual([
          'alice-bucket/exports/passwords-orders-db.html',
        ]);
        const [row] = await knex('export_history').where({ action: 'delete' });
        expect(row).toMatchObject({
          outcome: 'succeeded',
          reason: 'removed from the list by the user; the remote file was kept',
          location: 'fake://alice-bucket/exports/passwords-orders-db.html',
        });
        expect(consoleCapture.text()).toContain(
          'password-export.synced-copy-delete',
        );
      });

      it('forgets a kept copy without a connection', async () => {
        const copyId = await exportCopy(ALICE, 'alice-bucket');
        await knex('provider_connections')
          .where({ user_entity_ref: ALICE })
          .delete();

        const response = await removeFromList(copyId);

        expect(response.status).toBe(204);
        expect(await listCopies(ALICE)).toEqual([]);
        expect(fake.files.size).toBe(1);
      });

      it('rejects a kept copy with a connection', async () => {
        const copyId = await exportCopy(ALICE, 'alice-bucket');

        const response = await removeFromList(copyId);

        expect(response.status).toBe(409);
        expect(response.body.error.message).toBe(
          `Synced copy ${copyId} is still kept up to date through your Fake Storage connection; stop it first to keep its remote file, or delete the remote file with it`,
        );
        expect(await listCopies(ALICE)).toHaveLength(1);
      });

      it('rejects an invalid keepRemoteFile value', async () => {
        const copyId = await exportCopy(ALICE, 'alice-bucket');

        const response = await removeFromList(copyId, 'yes');

        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(
          'keepRemoteFile must be true or false, got "yes"',
        );
        expect(await listCopies(ALICE)).toHaveLength(1);
      });

      it('answers another user’s copy as not found', async () => {
        const copyId = await exportCopy(ALICE, 'alice-bucket');

        const response = await request(server)
          .delete(`${BASE}/synced-copies/${copyId}`)
          .query({ keepRemoteFile: 'true' })
          .set('Authorization', as(BOB));

        expect(response.status).toBe(404);
        expect(await listCopies(ALICE)).toHaveLength(1);
      });
    });

    it('rejects keepUpToDate true for a download', async () => {
      const response = await exportTo(ALICE, {
        destination: 'download',
        keepUpToDate: true,
      });

      expect(response.status).toBe(400);
      expect(response.body.error.message).toBe(
        'keepUpToDate must be false or left out for the download destination: only files in cloud storage can be kept up to date',
      );
    });

    it('accepts keepUpToDate false for a download', async () => {
      const response = await exportTo(ALICE, {
        destination: 'download',
        keepUpToDate: false,
      });

      expect(response.status).toBe(200);
      expect(response.body.syncedCopyId).toBeUndefined();
      expect(await listCopies(ALICE)).toEqual([]);
    });

    it('stops the earlier copy when a new export is not kept', async () => {
      const copyId = await exportCopy(ALICE, 'alice-bucket');

      const response = await exportTo(ALICE, { keepUpToDate: false });

      expect(response.status).toBe(200);
      expect(response.body.syncedCopyId).toBeUndefined();
      expect(await listCopies(ALICE)).toEqual([
        expect.objectContaining({ id: copyId, status: 'stopped' }),
      ]);
    });

    it('pauses a copy until the user reconnects', async () => {
      const accountId = await addAccount('pause-Pa55');
      const copyId = await exportCopy(ALICE, 'alice-bucket');
      fake.nextError = new CloudStorageError({
        kind: 'credentials-rejected',
        message: 'Fake Storage rejected the token.',
      });

      await setPassword(accountId, 'while-paused-Pa55');

      const paused = await waitFor(
        async () => (await listCopies(ALICE))[0],
        copy => copy.status === 'failed',
      );
      expect(paused.lastError).toBe(
        'Reconnect Fake Storage first: it rejected the saved credentials of bucket alice-bucket; syncing resumes after that',
      );
      expect(paused.nextAttemptAt).toBeUndefined();

      await connect(ALICE, 'alice-bucket');
      const resumed = await request(server)
        .post(`${BASE}/synced-copies/${copyId}/sync`)
        .set('Authorization', as(ALICE));

      expect(resumed.status).toBe(200);
      expect(resumed.body.status).toBe('current');
      expect(resumed.body.lastError).toBeUndefined();
      const file = fake.files.get(
        'alice-bucket/exports/passwords-orders-db.html',
      )!;
      const payload = await decryptExport(file.content, PASSPHRASE);
      expect(payload.resources[0].accounts[0].password).toBe(
        'while-paused-Pa55',
      );
    });

    it('stores no secret in plaintext', async () => {
      await addAccount('secret-Pa55word');
      await exportCopy(ALICE, 'alice-bucket');
      const file = fake.files.get(
        'alice-bucket/exports/passwords-orders-db.html',
      )!;
      const contentKey = unwrapContentKey(file.content, PASSPHRASE);

      const dump = await dumpDatabase(knex);
      const logs = consoleCapture.text();
      for (const secret of [
        contentKey.toString('base64'),
        contentKey.toString('hex'),
        PASSPHRASE,
        USER_TOKEN,
        'secret-Pa55word',
      ]) {
        expect(dump).not.toContain(secret);
        expect(logs).not.toContain(secret);
      }
      const list = await request(server)
        .get(`${BASE}/synced-copies`)
        .set('Authorization', as(ALICE));
      expect(list.text).not.toContain(contentKey.toString('base64'));
    });
  });
});
