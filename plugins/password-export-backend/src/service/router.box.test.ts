import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import passwordExportModuleBox from '@internal/backstage-plugin-password-export-backend-module-box';
import { decryptExport } from '@internal/encrypted-html';
import {
  FakeBox,
  startFakeBox,
  submitFakeBoxConsent,
} from '@internal/local-cloud-servers';
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
const CLIENT = {
  clientId: 'replica-test-client',
  clientSecret: 'replica-test-secret-K9',
};

function countVersions(box: FakeBox): number {
  return box.controls.files().flatMap(file => file.versions).length;
}

function latestVersion(box: FakeBox): Buffer {
  const versions = box.controls.files().flatMap(file => file.versions);
  return versions[versions.length - 1].bytes;
}

async function waitFor(condition: () => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`Condition not met within ${timeoutMs} ms`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

describe('Box connections across two backend replicas', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const environment = { ...process.env };
  let consoleCapture: ReturnType<typeof captureConsole>;

  beforeAll(() => {
    // box-node-sdk sends even loopback requests to HTTP_PROXY otherwise.
    process.env.NO_PROXY = '127.0.0.1,localhost';
    consoleCapture = captureConsole();
  });

  afterAll(() => {
    consoleCapture.restore();
    process.env = environment;
  });

  it.each(databases.eachSupportedId())(
    'connects through a callback on the other replica, refreshes once for ten syncs and re-syncs after an edit on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const box: FakeBox = await startFakeBox({ clients: [CLIENT] });
      const config = {
        passwordExport: {
          encryption: { keys: [TEST_KEY] },
          kdf: { iterations: 100_000 },
          serviceUrls: { box: box.url },
          resync: { debounce: 100, interval: '1 hour' },
          providers: { box: { enabled: true, ...CLIENT } },
        },
      };
      const replicas = [
        await startPasswordExportBackend({
          knex,
          policy: { current: allowAll },
          config,
          extraFeatures: [passwordExportModuleBox],
        }),
        await startPasswordExportBackend({
          knex,
          policy: { current: allowAll },
          config,
          extraFeatures: [passwordExportModuleBox],
        }),
      ];
      const as = mockCredentials.user.header(ALICE);

      try {
        const badFolder = await request(replicas[0].server)
          .put(`${BASE}/providers/box/settings`)
          .set('Authorization', as)
          .send({ enabled: true, values: { folderName: 'a/b' } });
        expect(badFolder.status).toBe(400);
        expect(badFolder.body.error.message).toMatch(
          /^values\.folderName is invalid: /,
        );

        const start = await request(replicas[0].server)
          .post(`${BASE}/providers/box/authorizations`)
          .set('Authorization', as);
        expect(start.status).toBe(201);
        const consent = await submitFakeBoxConsent(start.body.authorizationUrl);
        if (!('redirectedTo' in consent)) {
          throw new Error(`Consent failed: ${consent.error}`);
        }
        const callbackUrl = consent.redirectedTo;
        expect(callbackUrl.pathname).toBe(`${BASE}/oauth/callback`);

        // The browser returns to whichever replica the load balancer picks.
        const callback = await request(replicas[1].server).get(
          `${callbackUrl.pathname}${callbackUrl.search}`,
        );
        expect(callback.status).toBe(200);
        expect(callback.text).toContain('Connected Box: Box account of');

        await request(replicas[0].server)
          .post(`${BASE}/entities/resource/default/orders-db/accounts`)
          .set('Authorization', as)
          .send({ name: 'Primary', username: 'app', password: 'db-Pa55' });

        box.controls.expireAccessTokens();
        box.controls.setTokenLatency(300);
        const refreshesBefore = box.controls.tokenRequests();

        const exports = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            request(replicas[i % 2].server)
              .post(`${BASE}/exports`)
              .set('Authorization', as)
              .send({
                entityRefs: ['resource:default/orders-db'],
                format: 'encrypted-html',
                passphrase: PASSPHRASE,
                destination: 'box',
                keepUpToDate: false,
              }),
          ),
        );

        expect(exports.map(response => response.status)).toEqual(
          Array(10).fill(200),
        );
        const refreshes = box.controls.tokenRequests();
        expect(
          (refreshes.refresh_token ?? 0) - (refreshesBefore.refresh_token ?? 0),
        ).toBe(1);
        expect(countVersions(box)).toBe(10);
        const payload = await decryptExport(latestVersion(box), PASSPHRASE);
        expect(payload.resources[0].accounts[0].password).toBe('db-Pa55');

        // A kept copy follows an edit of the account with a new version
        // that opens with the original passphrase.
        const kept = await request(replicas[1].server)
          .post(`${BASE}/exports`)
          .set('Authorization', as)
          .send({
            entityRefs: ['resource:default/orders-db'],
            format: 'encrypted-html',
            passphrase: PASSPHRASE,
            destination: 'box',
          });
        expect(kept.body.syncedCopyId).toEqual(expect.any(String));
        const [account] = (
          await request(replicas[0].server)
            .get(`${BASE}/entities/resource/default/orders-db/accounts`)
            .set('Authorization', as)
        ).body.items;
        const edit = await request(replicas[0].server)
          .put(
            `${BASE}/entities/resource/default/orders-db/accounts/${account.id}`,
          )
          .set('Authorization', as)
          .send({ name: 'Primary', username: 'app', password: 'rotated-Pa55' });
        expect(edit.status).toBe(200);
        await waitFor(() => countVersions(box) === 12);
        const resynced = latestVersion(box);
        const updated = await decryptExport(resynced, PASSPHRASE);
        expect(updated.resources[0].accounts[0].password).toBe('rotated-Pa55');

        const dump = await dumpDatabase(knex);
        expect(dump).not.toContain(CLIENT.clientSecret);
        expect(consoleCapture.text()).not.toContain(CLIENT.clientSecret);
      } finally {
        for (const replica of replicas) {
          await replica.stop();
        }
        await box.close();
      }
    },
  );
});
