import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { decryptExport } from '@internal/encrypted-html';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import request from 'supertest';
import {
  FakeStorageProvider,
  createFakeStorageModule,
} from '../__testUtils__/createFakeStorageModule';
import {
  TestPolicy,
  captureConsole,
  dumpDatabase,
  startPasswordExportBackend,
} from '../__testUtils__/startPasswordExportBackend';

jest.setTimeout(120_000);

const ADMIN = 'user:default/admin';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const BASE = '/api/password-export';
const PASSPHRASE = 'correct horse battery staple';
const SETTINGS_SECRET = 'settings-secret-9fQ2';
const PRESET_SECRET = 'preset-secret-Zk31';
const USER_TOKEN = 'user-token-Hv82';

/** Gives the admin every permission and other users all but the settings ones. */
const adminPolicy: TestPolicy = (query, user) => {
  const userEntityRef = (
    user?.credentials.principal as { userEntityRef?: string }
  )?.userEntityRef;
  const isSettingsPermission =
    isPermission(query.permission, passwordExportSettingsReadPermission) ||
    isPermission(query.permission, passwordExportSettingsUpdatePermission);
  return isSettingsPermission && userEntityRef !== ADMIN
    ? { result: AuthorizeResult.DENY }
    : { result: AuthorizeResult.ALLOW };
};

describe('cloud storage routes', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let server: any;
    let stopBackend: () => Promise<void>;
    let consoleCapture: ReturnType<typeof captureConsole>;
    const fake = new FakeStorageProvider('fake', 'Fake Storage');
    const other = new FakeStorageProvider('other', 'Other Storage');

    beforeAll(async () => {
      consoleCapture = captureConsole();
      knex = await databases.init(databaseId);
      const backend = await startPasswordExportBackend({
        knex,
        policy: { current: adminPolicy },
        config: {
          passwordExport: {
            encryption: {
              keys: [
                { id: 'k', secret: Buffer.alloc(32, 7).toString('base64') },
              ],
            },
            kdf: { iterations: 100_000 },
            providers: {
              fake: { mode: 'safe' },
              other: { enabled: false, clientSecret: PRESET_SECRET },
            },
          },
        },
        extraFeatures: [createFakeStorageModule('fakes', [fake, other])],
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
        'accounts',
        'export_history',
        'provider_settings',
        'provider_connections',
      ]) {
        await knex(table).delete();
      }
      fake.files.clear();
      fake.uploads.length = 0;
      fake.nextError = undefined;
    });

    function as(user: string) {
      return mockCredentials.user.header(user);
    }

    function putSettings(body: object, user = ADMIN, providerId = 'fake') {
      return request(server)
        .put(`${BASE}/providers/${providerId}/settings`)
        .set('Authorization', as(user))
        .send(body);
    }

    function connect(input: object, user = ALICE, providerId = 'fake') {
      return request(server)
        .put(`${BASE}/providers/${providerId}/connection`)
        .set('Authorization', as(user))
        .send({ input });
    }

    function listProviders(user: string) {
      return request(server)
        .get(`${BASE}/providers`)
        .set('Authorization', as(user));
    }

    async function enableFake() {
      const response = await putSettings({
        enabled: true,
        values: { clientSecret: SETTINGS_SECRET },
      });
      expect(response.status).toBe(200);
    }

    async function seedAccount() {
      const response = await request(server)
        .post(`${BASE}/entities/resource/default/orders-db/accounts`)
        .set('Authorization', as(ALICE))
        .send({ name: 'Admin', username: 'admin', password: 'db-Pa55' });
      expect(response.status).toBe(201);
    }

    function exportTo(destination: string, body: object = {}, user = ALICE) {
      return request(server)
        .post(`${BASE}/exports`)
        .set('Authorization', as(user))
        .send({
          entityRefs: ['resource:default/orders-db'],
          format: 'encrypted-html',
          passphrase: PASSPHRASE,
          destination,
          ...body,
        });
    }

    describe('provider list and settings', () => {
      it('shows settings only with the read permission', async () => {
        await enableFake();

        const admin = await listProviders(ADMIN);
        const alice = await listProviders(ALICE);

        expect(admin.status).toBe(200);
        expect(admin.body.items.map((p: any) => [p.id, p.enabled])).toEqual([
          ['fake', true],
          ['other', false],
        ]);
        expect(admin.body.items[0]).toMatchObject({
          title: 'Fake Storage',
          connectionMethod: 'credentials-form',
          settings: {
            folder: 'exports',
            clientSecret: { secret: true, set: true },
            mode: 'safe',
            shared: false,
          },
          presetKeys: ['mode'],
          testConnectionFields: [
            { key: 'region', title: 'Region', type: 'string' },
          ],
        });
        expect(admin.body.items[0].settingsFields).toHaveLength(4);
        expect(admin.body.items[1].presetKeys).toEqual([
          'enabled',
          'clientSecret',
        ]);

        expect(alice.status).toBe(200);
        expect(alice.body.items).toHaveLength(1);
        expect(Object.keys(alice.body.items[0]).sort()).toEqual([
          'connectionFields',
          'connectionMethod',
          'enabled',
          'id',
          'title',
        ]);
      });

      it('rejects settings changes without the update permission', async () => {
        const update = await putSettings({ enabled: true, values: {} }, ALICE);
        const test = await request(server)
          .post(`${BASE}/providers/fake/test`)
          .set('Authorization', as(ALICE))
          .send({});

        expect(update.status).toBe(403);
        expect(update.body.error.message).toBe(
          'You are not allowed to change cloud storage settings (permission password-export.settings.update)',
        );
        expect(test.status).toBe(403);
        expect(await knex('provider_settings').select()).toEqual([]);
      });

      it('never returns or stores a secret in plaintext', async () => {
        const saved = await putSettings({
          enabled: true,
          values: { clientSecret: SETTINGS_SECRET, folder: 'team' },
        });
        const kept = await putSettings({
          enabled: true,
          values: { shared: true },
        });
        const listed = await listProviders(ADMIN);
        const test = await request(server)
          .post(`${BASE}/providers/fake/test`)
          .set('Authorization', as(ADMIN))
          .send({ input: { region: 'eu' } });

        for (const response of [saved, kept, listed, test]) {
          expect(response.status).toBe(200);
          expect(JSON.stringify(response.body)).not.toContain(SETTINGS_SECRET);
          expect(JSON.stringify(response.body)).not.toContain(PRESET_SECRET);
        }
        expect(kept.body.settings).toMatchObject({
          clientSecret: { secret: true, set: true },
          folder: 'team',
          shared: true,
        });
        expect(test.body).toEqual({
          ok: true,
          message: 'Reached the fake storage in eu region',
          durationMs: 1,
        });
        // The provider gets the decrypted secret.
        expect(fake.testedSettings.at(-1)).toMatchObject({
          clientSecret: SETTINGS_SECRET,
          mode: 'safe',
        });
        const database = await dumpDatabase(knex);
        expect(database).not.toContain(SETTINGS_SECRET);
        expect(database).toContain('team');

        const cleared = await putSettings({
          enabled: true,
          values: { clientSecret: null },
        });
        expect(cleared.body.settings.clientSecret).toEqual({
          secret: true,
          set: false,
        });

        const logs = consoleCapture.text();
        expect(logs).toContain('password-export.provider-settings-update');
        expect(logs).toContain('clientSecret');
        expect(logs).not.toContain(SETTINGS_SECRET);
      });

      it('keeps config presets read-only', async () => {
        const changed = await putSettings({
          enabled: true,
          values: { mode: 'fast' },
        });
        const same = await putSettings({
          enabled: true,
          values: { mode: 'safe' },
        });
        const enabledPreset = await putSettings(
          { enabled: true, values: {} },
          ADMIN,
          'other',
        );
        const secretPreset = await putSettings(
          { enabled: false, values: { clientSecret: PRESET_SECRET } },
          ADMIN,
          'other',
        );

        expect(changed.status).toBe(400);
        expect(changed.body.error.message).toBe(
          'values.mode is fixed by passwordExport.providers.fake.mode in the app config and cannot be changed here',
        );
        expect(same.status).toBe(200);
        expect(enabledPreset.status).toBe(400);
        expect(enabledPreset.body.error.message).toContain(
          'enabled is fixed to false by passwordExport.providers.other.enabled',
        );
        expect(secretPreset.status).toBe(400);
        expect(secretPreset.body.error.message).toContain(
          'values.clientSecret is fixed by passwordExport.providers.other.clientSecret',
        );
        expect(JSON.stringify(secretPreset.body)).not.toContain(PRESET_SECRET);
      });

      it.each([
        [
          { enabled: true, values: { colour: 'red' } },
          'unknown field(s) colour',
        ],
        [
          { enabled: true, values: { mode: 'slow' } },
          'values.mode must be one of fast, safe',
        ],
        [
          { enabled: true, values: { shared: 'yes' } },
          'values.shared must be true, false or null',
        ],
        [
          { enabled: true, values: { folder: '' } },
          'values.folder is required to enable Fake Storage',
        ],
        [{ values: {} }, 'enabled is required'],
        [{ enabled: true, extra: 1 }, 'unknown field(s) extra'],
      ])('rejects invalid settings %#', async (body, message) => {
        const response = await putSettings(body);

        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toContain(message);
      });

      it('answers 404 for an unknown provider', async () => {
        const response = await putSettings(
          { enabled: true, values: {} },
          ADMIN,
          'nowhere',
        );

        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          'Cloud storage provider "nowhere" not found; installed providers: fake, other',
        );
      });
    });

    describe('connections', () => {
      it('stores credentials encrypted and never returns them', async () => {
        await enableFake();

        const connected = await connect({ token: USER_TOKEN, bucket: 'mine' });
        const listed = await listProviders(ALICE);
        const bobView = await listProviders(BOB);

        expect(connected.status).toBe(200);
        expect(connected.body).toEqual({
          accountLabel: 'bucket mine',
          status: 'connected',
        });
        expect(listed.body.items[0].connection).toEqual(connected.body);
        expect(bobView.body.items[0].connection).toBeUndefined();
        for (const response of [connected, listed]) {
          expect(JSON.stringify(response.body)).not.toContain(USER_TOKEN);
        }
        expect(await dumpDatabase(knex)).not.toContain(USER_TOKEN);
        expect(consoleCapture.text()).not.toContain(USER_TOKEN);
        expect(consoleCapture.text()).toContain(
          'password-export.provider-connect',
        );
      });

      it.each([
        [{ bucket: 'b' }, 'input.token is required'],
        [{ token: '  ', bucket: 'b' }, 'input.token must not be empty'],
        [{ token: 't', bucket: 'b', region: 'x' }, 'unknown field(s) region'],
        [
          { token: 't', bucket: 'b', tier: 'warm' },
          'input.tier must be one of hot, cold',
        ],
        [
          { token: 'bad-token', bucket: 'b' },
          'Token is malformed: it must not start with "bad". (field token)',
        ],
      ])('rejects invalid input %#', async (input, message) => {
        await enableFake();

        const response = await connect(input);

        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
        expect(await knex('provider_connections').select()).toEqual([]);
      });

      it('maps a missing bucket to 404 naming the field', async () => {
        await enableFake();

        const response = await connect({ token: 't', bucket: 'missing' });

        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          'Bucket "missing" does not exist. (field bucket)',
        );
      });

      it('refuses connections to disabled providers', async () => {
        const response = await connect({ token: 't', bucket: 'b' });

        expect(response.status).toBe(400);
        expect(response.body.error.message).toBe(
          'Fake Storage is disabled; a portal admin must enable it on the Cloud Storage page first',
        );
      });

      it('disconnects and forgets the credentials', async () => {
        await enableFake();
        await connect({ token: USER_TOKEN, bucket: 'mine' });

        const first = await request(server)
          .delete(`${BASE}/providers/fake/connection`)
          .set('Authorization', as(ALICE));
        const second = await request(server)
          .delete(`${BASE}/providers/fake/connection`)
          .set('Authorization', as(ALICE));

        expect(first.status).toBe(204);
        expect(second.status).toBe(204);
        expect(fake.disconnected.at(-1)).toEqual({
          token: USER_TOKEN,
          bucket: 'mine',
        });
        expect(await knex('provider_connections').select()).toEqual([]);
        expect(consoleCapture.text()).toContain(
          'password-export.provider-disconnect',
        );
      });

      it('deletes or stops the synced copies of a disconnected provider', async () => {
        await enableFake();
        await seedAccount();
        await connect({ token: USER_TOKEN, bucket: 'mine' });
        expect((await exportTo('fake', { reason: 'kept copy' })).status).toBe(
          200,
        );
        expect(fake.files.size).toBe(1);

        const invalid = await request(server)
          .delete(`${BASE}/providers/fake/connection?deleteCopies=yes`)
          .set('Authorization', as(ALICE));
        expect(invalid.status).toBe(400);
        expect(invalid.body.error.message).toBe(
          'deleteCopies must be true or false, got "yes"',
        );

        const disconnected = await request(server)
          .delete(`${BASE}/providers/fake/connection?deleteCopies=true`)
          .set('Authorization', as(ALICE));

        expect(disconnected.status).toBe(204);
        expect(fake.files.size).toBe(0);
        const copies = await request(server)
          .get(`${BASE}/synced-copies`)
          .set('Authorization', as(ALICE));
        expect(copies.body.items).toEqual([]);
        expect(await knex('provider_connections').select()).toEqual([]);

        // Without deleteCopies the file stays and its copy stops syncing.
        await connect({ token: USER_TOKEN, bucket: 'mine' });
        await exportTo('fake', { reason: 'kept copy' });
        await request(server)
          .delete(`${BASE}/providers/fake/connection`)
          .set('Authorization', as(ALICE));
        expect(fake.files.size).toBe(1);
        const stopped = await request(server)
          .get(`${BASE}/synced-copies`)
          .set('Authorization', as(ALICE));
        expect(stopped.body.items).toEqual([
          expect.objectContaining({ status: 'stopped', keepUpToDate: false }),
        ]);
      });
    });

    describe('exports to providers', () => {
      it('uploads an encrypted file that decrypts', async () => {
        await enableFake();
        await seedAccount();
        await connect({ token: USER_TOKEN, bucket: 'mine' });

        const first = await exportTo('fake');
        const second = await exportTo('fake');

        expect(first.status).toBe(200);
        expect(first.body).toEqual({
          exportId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          fileName: 'passwords-orders-db.html',
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          location: 'fake://mine/exports/passwords-orders-db.html',
          providerId: 'fake',
          syncedCopyId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        });
        // The second export replaced the first file and its synced copy.
        expect(second.body.syncedCopyId).toBe(first.body.syncedCopyId);
        expect([...fake.files.keys()]).toEqual([
          'mine/exports/passwords-orders-db.html',
        ]);
        const stored = fake.files.get('mine/exports/passwords-orders-db.html')!;
        expect(createHash('sha256').update(stored.content).digest('hex')).toBe(
          second.body.sha256,
        );
        expect(stored.contentType).toBe('text/html; charset=utf-8');
        expect(stored.metadata['export-id']).toBe(second.body.exportId);
        const payload = await decryptExport(stored.content, PASSPHRASE);
        expect(payload.resources[0].accounts[0].password).toBe('db-Pa55');

        expect(fake.uploads[0]).toMatchObject({
          credentials: { token: USER_TOKEN, bucket: 'mine' },
          settings: { clientSecret: SETTINGS_SECRET, mode: 'safe' },
          timeoutMs: 30_000,
          signalAborted: false,
        });
        const history = await knex('export_history')
          .where({ id: first.body.exportId })
          .first();
        expect(history).toMatchObject({
          destination: 'fake',
          outcome: 'succeeded',
          location: first.body.location,
          sha256: first.body.sha256,
          error: null,
        });
        const listed = await listProviders(ALICE);
        expect(listed.body.items[0].connection.lastUsedAt).toEqual(
          expect.any(String),
        );
        expect(consoleCapture.text()).not.toContain(PASSPHRASE);
      });

      it.each(['csv', 'xlsx'])('rejects %s to a provider', async format => {
        await enableFake();

        const response = await exportTo('fake', {
          format,
          passphrase: undefined,
        });

        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(
          'spreadsheets can only be downloaded',
        );
      });

      it('requires a connection', async () => {
        await enableFake();
        await seedAccount();

        const response = await exportTo('fake');

        expect(response.status).toBe(400);
        expect(response.body.error.message).toMatch(
          /^Connect Fake Storage first/,
        );
        expect(fake.uploads).toHaveLength(0);
      });

      it('refuses disabled and unknown providers', async () => {
        await seedAccount();

        const disabled = await exportTo('other');
        const unknown = await exportTo('nowhere');

        expect(disabled.status).toBe(400);
        expect(disabled.body.error.message).toContain(
          'Other Storage is disabled',
        );
        expect(unknown.status).toBe(404);
      });

      it('asks for a reconnection after rejected credentials', async () => {
        await enableFake();
        await seedAccount();
        await connect({ token: USER_TOKEN, bucket: 'mine' });
        fake.nextError = new CloudStorageError({
          kind: 'credentials-rejected',
          message: 'The storage rejected the token; reconnect Fake Storage.',
        });

        const rejected = await exportTo('fake');
        const listed = await listProviders(ALICE);
        const again = await exportTo('fake');

        expect(rejected.status).toBe(400);
        expect(rejected.body.error.message).toBe(
          'The storage rejected the token; reconnect Fake Storage.',
        );
        expect(listed.body.items[0].connection.status).toBe('reconnect-needed');
        expect(again.status).toBe(400);
        expect(again.body.error.message).toMatch(
          /^Reconnect Fake Storage first/,
        );
        const failed = await knex('export_history')
          .where({ outcome: 'failed' })
          .select();
        expect(failed).toHaveLength(1);
        expect(failed[0]).toMatchObject({
          destination: 'fake',
          location: null,
          error: 'The storage rejected the token; reconnect Fake Storage.',
        });
        expect(fake.files.size).toBe(0);
      });

      it.each([
        ['access-denied' as const, 403, 'NotAllowedError'],
        ['storage-not-found' as const, 404, 'NotFoundError'],
        ['throttled' as const, 503, 'ServiceUnavailableError'],
        ['unreachable' as const, 503, 'ServiceUnavailableError'],
        ['timed-out' as const, 503, 'ServiceUnavailableError'],
        ['provider-error' as const, 503, 'ServiceUnavailableError'],
        ['invalid-input' as const, 400, 'InputError'],
      ])('maps %s to %d', async (kind, status, name) => {
        await enableFake();
        await seedAccount();
        await connect({ token: USER_TOKEN, bucket: 'mine' });
        fake.nextError = new CloudStorageError({
          kind,
          message: `Fake failure of kind ${kind}.`,
        });

        const response = await exportTo('fake');

        expect(response.status).toBe(status);
        expect(response.body.error).toEqual({
          name,
          message: `Fake failure of kind ${kind}.`,
        });
        const [row] = await knex('export_history').select();
        expect(row.outcome).toBe('failed');
        expect(row.error).toBe(`Fake failure of kind ${kind}.`);
      });

      it('hides the message of unexpected provider errors', async () => {
        await enableFake();
        await seedAccount();
        await connect({ token: USER_TOKEN, bucket: 'mine' });
        fake.nextError = new TypeError(`request failed with ${USER_TOKEN}`);

        const response = await exportTo('fake');

        expect(response.status).toBe(500);
        expect(JSON.stringify(response.body)).not.toContain(USER_TOKEN);
        expect(response.body.error.message).toBe(
          'Fake Storage failed with an unexpected error; the backend log has the details',
        );
      });
    });

    describe('history', () => {
      async function insertHistory(
        id: string,
        user: string,
        destination: string,
        createdAt: string,
        entityRefs = ['resource:default/orders-db'],
      ) {
        await knex('export_history').insert({
          id,
          user_entity_ref: user,
          entity_refs: JSON.stringify(entityRefs),
          format: 'encrypted-html',
          destination,
          outcome: 'succeeded',
          account_count: 1,
          created_at: createdAt,
        });
      }

      beforeEach(async () => {
        await insertHistory(
          'h1',
          ALICE,
          'download',
          '2026-12-01T10:00:00.000Z',
        );
        await insertHistory('h2', BOB, 'fake', '2026-12-02T10:00:00.000Z');
        await insertHistory('h3', ALICE, 'fake', '2026-12-03T10:00:00.000Z', [
          'resource:default/cache',
        ]);
        await insertHistory('h4', BOB, 'download', '2026-12-04T10:00:00.000Z');
      });

      async function history(query: string, user = ADMIN) {
        return request(server)
          .get(`${BASE}/history${query}`)
          .set('Authorization', as(user));
      }

      function ids(response: request.Response): string[] {
        return response.body.items.map((item: any) => item.id);
      }

      it('filters and pages for settings readers', async () => {
        const all = await history('');
        const bob = await history(`?user=${encodeURIComponent(BOB)}`);
        const cloud = await history('?destination=fake');
        const cache = await history('?entityRef=resource:default/cache');
        const window = await history(
          '?from=2026-12-02T00:00:00Z&to=2026-12-04T00:00:00Z',
        );
        const page = await history('?offset=1&limit=2');

        expect(all.status).toBe(200);
        expect(ids(all)).toEqual(['h4', 'h3', 'h2', 'h1']);
        expect(all.body.totalCount).toBe(4);
        expect(all.body.items[3]).toEqual({
          id: 'h1',
          action: 'export',
          createdAt: '2026-12-01T10:00:00.000Z',
          userEntityRef: ALICE,
          entityRefs: ['resource:default/orders-db'],
          format: 'encrypted-html',
          destination: 'download',
          outcome: 'succeeded',
          accountCount: 1,
        });
        expect(ids(bob)).toEqual(['h4', 'h2']);
        expect(ids(cloud)).toEqual(['h3', 'h2']);
        expect(ids(cache)).toEqual(['h3']);
        expect(ids(window)).toEqual(['h3', 'h2']);
        expect(ids(page)).toEqual(['h3', 'h2']);
        expect(page.body.totalCount).toBe(4);
      });

      it('limits other users to their own rows', async () => {
        const own = await history('?limit=100', ALICE);
        const cloud = await history('?destination=fake', ALICE);
        const someoneElse = await history(
          `?user=${encodeURIComponent(BOB)}`,
          ALICE,
        );

        expect(ids(own)).toEqual(['h3', 'h1']);
        expect(own.body.totalCount).toBe(2);
        expect(ids(cloud)).toEqual(['h3']);
        expect(someoneElse.status).toBe(403);
        expect(someoneElse.body.error.message).toContain(
          'permission password-export.settings.read',
        );
      });

      it.each([
        ['?limit=101', 'limit must be from 1 to 100'],
        ['?limit=0', 'limit must be from 1 to 100'],
        ['?offset=-1', 'offset must be a non-negative integer'],
        ['?from=yesterday', 'from must be an ISO 8601 timestamp'],
        ['?limit=1&limit=2', 'limit must be a single integer'],
        ['?entityRef=%3A', 'entityRef ":" is not a valid entity reference'],
        ['?page=2', 'unknown field(s) page'],
      ])('rejects %s', async (query, message) => {
        const response = await history(query);

        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(message);
      });
    });
  });
});
