import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import passwordExportModuleS3 from '@internal/backstage-plugin-password-export-backend-module-s3';
import { decryptExport } from '@internal/encrypted-html';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account';
import request from 'supertest';
import {
  allowAll,
  captureConsole,
  dumpDatabase,
  startPasswordExportBackend,
} from '../__testUtils__/startPasswordExportBackend';

jest.setTimeout(120_000);

const BASE = '/api/password-export';
const ALICE = 'user:default/alice';
const PASSPHRASE = 'correct horse battery staple';
const BUCKET = 'alice-exports';
const KEYS = {
  accessKeyId: 'AKIABACKENDTEST00001',
  secretAccessKey: 'backend-test-secret-0123456789abcdefghij',
};

/** Starts s3rver on 127.0.0.1 with one bucket and one accepted key pair. */
async function startS3rver() {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-backend-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: BUCKET }],
  });
  const account = new AWSAccount(111122223333, 'password-export-backend');
  account.createKeyPair(KEYS.accessKeyId, KEYS.secretAccessKey);
  const { port } = await server.run();

  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      server.httpServer.closeAllConnections();
      await server.close();
      account.revokeAccessKey(KEYS.accessKeyId);
      await rm(directory, { recursive: true, force: true });
    },
  };
}

describe('export to Amazon S3 through the S3 module', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });
  const environment = { ...process.env };
  let s3rver: Awaited<ReturnType<typeof startS3rver>>;
  let consoleCapture: ReturnType<typeof captureConsole>;

  beforeAll(async () => {
    // The SDK must never look for the server's own credentials or reach a
    // proxy in tests.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.NO_PROXY = '127.0.0.1,localhost';
    consoleCapture = captureConsole();
    s3rver = await startS3rver();
  });

  afterAll(async () => {
    await s3rver?.stop();
    consoleCapture.restore();
    process.env = environment;
  });

  it.each(databases.eachSupportedId())(
    'puts an object that decrypts to the accounts on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const backend = await startPasswordExportBackend({
        knex,
        policy: { current: allowAll },
        config: {
          passwordExport: {
            encryption: {
              keys: [
                { id: 'k', secret: Buffer.alloc(32, 3).toString('base64') },
              ],
            },
            kdf: { iterations: 100_000 },
            providers: { s3: { enabled: true, allowCustomEndpoints: true } },
          },
        },
        extraFeatures: [passwordExportModuleS3],
      });
      const auth = mockCredentials.user.header(ALICE);

      try {
        await request(backend.server)
          .post(`${BASE}/entities/resource/default/orders-db/accounts`)
          .set('Authorization', auth)
          .send({ name: 'Admin', username: 'dba', password: 'pä$$wörd <&>' })
          .expect(201);

        const connected = await request(backend.server)
          .put(`${BASE}/providers/s3/connection`)
          .set('Authorization', auth)
          .send({
            input: {
              ...KEYS,
              bucket: BUCKET,
              region: 'us-east-1',
              endpoint: s3rver.endpoint,
            },
          });
        expect(connected.status).toBe(200);
        expect(connected.body.status).toBe('connected');
        expect(JSON.stringify(connected.body)).not.toContain(
          KEYS.secretAccessKey,
        );

        const exported = await request(backend.server)
          .post(`${BASE}/exports`)
          .set('Authorization', auth)
          .send({
            entityRefs: ['resource:default/orders-db'],
            format: 'encrypted-html',
            passphrase: PASSPHRASE,
            destination: 's3',
          });
        expect(exported.status).toBe(200);
        expect(exported.body).toMatchObject({
          providerId: 's3',
          fileName: 'passwords-orders-db.html',
          location: `s3://${BUCKET}/password-exports/passwords-orders-db.html`,
        });

        const client = new S3Client({
          region: 'us-east-1',
          endpoint: s3rver.endpoint,
          forcePathStyle: true,
          // The SDK adds a $source property to the credentials object it
          // gets, so it gets a copy.
          credentials: { ...KEYS },
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        });
        const object = await client.send(
          new GetObjectCommand({
            Bucket: BUCKET,
            Key: 'password-exports/passwords-orders-db.html',
          }),
        );
        const content = Buffer.from(await object.Body!.transformToByteArray());
        client.destroy();

        const payload = await decryptExport(content, PASSPHRASE);
        expect(payload.resources[0].accounts).toEqual([
          expect.objectContaining({
            username: 'dba',
            password: 'pä$$wörd <&>',
          }),
        ]);
        expect(object.Metadata?.['export-id']).toBe(exported.body.exportId);
        expect(await dumpDatabase(knex)).not.toContain(KEYS.secretAccessKey);
        expect(consoleCapture.text()).not.toContain(KEYS.secretAccessKey);
      } finally {
        await backend.stop();
      }
    },
  );
});
