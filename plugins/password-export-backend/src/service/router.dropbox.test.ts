import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import passwordExportModuleDropbox from '@internal/backstage-plugin-password-export-backend-module-dropbox';
import { decryptExport } from '@internal/encrypted-html';
import { FakeDropbox, startFakeDropbox } from '@internal/local-cloud-servers';
import request from 'supertest';
import {
  TEST_KEY,
  allowAll,
  captureConsole,
  dumpDatabase,
  startPasswordExportBackend,
} from '../__testUtils__/startPasswordExportBackend';

jest.setTimeout(120_000);

const BASE = '/api/password-export';
const ALICE = 'user:default/alice';
const PASSPHRASE = 'correct horse battery staple';
const APP = {
  appKey: 'replicatestkey',
  appSecret: 'replica-test-app-secret-P4',
  name: 'Replica test',
};

describe('Dropbox connections across two backend replicas', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  let consoleCapture: ReturnType<typeof captureConsole>;

  beforeAll(() => {
    consoleCapture = captureConsole();
  });

  afterAll(() => {
    consoleCapture.restore();
  });

  it.each(databases.eachSupportedId())(
    'accepts a code pasted on the other replica, syncs a file that decrypts and re-syncs it after an edit on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const dropbox: FakeDropbox = await startFakeDropbox({ apps: [APP] });
      const config = {
        passwordExport: {
          encryption: { keys: [TEST_KEY] },
          kdf: { iterations: 100_000 },
          serviceUrls: { dropbox: dropbox.url },
          resync: { debounce: 100, interval: '1 hour' },
          providers: {
            dropbox: {
              enabled: true,
              appKey: APP.appKey,
              appSecret: APP.appSecret,
            },
          },
        },
      };
      const startReplica = () =>
        startPasswordExportBackend({
          knex,
          policy: { current: allowAll },
          config,
          extraFeatures: [passwordExportModuleDropbox],
        });
      const first = await startReplica();
      const second = await startReplica();
      const as = mockCredentials.user.header(ALICE);

      try {
        const start = await request(first.server)
          .post(`${BASE}/providers/dropbox/authorizations`)
          .set('Authorization', as);
        expect(start.status).toBe(201);
        const consentUrl = new URL(start.body.authorizationUrl);
        expect(consentUrl.searchParams.get('redirect_uri')).toBeNull();
        expect(consentUrl.searchParams.get('token_access_type')).toBe(
          'offline',
        );
        // What the user copies from Dropbox's page after "Allow".
        const code = dropbox.issueCode({
          clientId: APP.appKey,
          codeChallenge: consentUrl.searchParams.get('code_challenge')!,
          codeChallengeMethod: 'S256',
          tokenAccessType: 'offline',
        });

        const connected = await request(second.server)
          .put(`${BASE}/providers/dropbox/connection`)
          .set('Authorization', as)
          .send({ input: { code: ` ${code} ` }, state: start.body.state });
        expect(connected.status).toBe(200);
        expect(connected.body.accountLabel).toMatch(/^Dropbox account of /);

        await request(first.server)
          .post(`${BASE}/entities/resource/default/orders-db/accounts`)
          .set('Authorization', as)
          .send({ name: 'Primary', username: 'app', password: 'db-Pa55' });
        dropbox.expireAccessTokens();
        const refreshesBefore = dropbox.countTokenRequests('refresh_token');

        const exports = await Promise.all(
          [first, second, first, second].map(replica =>
            request(replica.server)
              .post(`${BASE}/exports`)
              .set('Authorization', as)
              .send({
                entityRefs: ['resource:default/orders-db'],
                format: 'encrypted-html',
                passphrase: PASSPHRASE,
                destination: 'dropbox',
                keepUpToDate: false,
              }),
          ),
        );

        expect(exports.map(response => response.status)).toEqual([
          200, 200, 200, 200,
        ]);
        expect(
          dropbox.countTokenRequests('refresh_token') - refreshesBefore,
        ).toBe(1);
        const [accountId] = [...dropbox.accounts.keys()];
        const [file] = dropbox.listFiles(accountId);
        expect(file.revisions).toBe(4);
        const payload = await decryptExport(file.content, PASSPHRASE);
        expect(payload.resources[0].accounts[0].password).toBe('db-Pa55');
        // A kept copy is replaced after an edit of the account, by a file
        // that opens with the original passphrase.
        const kept = await request(second.server)
          .post(`${BASE}/exports`)
          .set('Authorization', as)
          .send({
            entityRefs: ['resource:default/orders-db'],
            format: 'encrypted-html',
            passphrase: PASSPHRASE,
            destination: 'dropbox',
          });
        expect(kept.body.syncedCopyId).toEqual(expect.any(String));
        const [account] = (
          await request(first.server)
            .get(`${BASE}/entities/resource/default/orders-db/accounts`)
            .set('Authorization', as)
        ).body.items;
        const edit = await request(first.server)
          .put(
            `${BASE}/entities/resource/default/orders-db/accounts/${account.id}`,
          )
          .set('Authorization', as)
          .send({ name: 'Primary', username: 'app', password: 'rotated-Pa55' });
        expect(edit.status).toBe(200);
        const deadline = Date.now() + 15_000;
        while (dropbox.listFiles(accountId)[0].revisions < 6) {
          expect(Date.now()).toBeLessThan(deadline);
          await new Promise(resolve => setTimeout(resolve, 50));
        }
        const resynced = await decryptExport(
          dropbox.listFiles(accountId)[0].content,
          PASSPHRASE,
        );
        expect(resynced.resources[0].accounts[0].password).toBe('rotated-Pa55');

        expect(await dumpDatabase(knex)).not.toContain(APP.appSecret);
        expect(consoleCapture.text()).not.toContain(code);
      } finally {
        await first.stop();
        await second.stop();
        await dropbox.close();
      }
    },
  );
});
