import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { encryptExport, ExportPayload } from '@internal/encrypted-html';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';
import { startS3rver } from './__testUtils__/startS3rver';
import { S3StorageProvider } from './S3StorageProvider';

const cliPath = resolve(
  __dirname,
  '../../../packages/encrypted-html/bin/encrypted-html',
);

const keys = {
  accessKeyId: 'AKIAROUNDTRIP000TEST',
  secretAccessKey: 'round-trip-secret-0123456789abcdefghijkl',
};

/** Runs the format package's CLI with the passphrase on standard input. */
function decryptWithCli(file: string, passphrase: string) {
  return new Promise<string>((done, fail) => {
    const child = execFile(
      process.execPath,
      [cliPath, 'decrypt', file],
      { timeout: 60_000 },
      (error, stdout, stderr) => {
        if (error) {
          fail(new Error(`CLI failed: ${stderr}`));
          return;
        }
        done(stdout);
      },
    );
    child.stdin?.end(`${passphrase}\n`);
  });
}

describe('S3StorageProvider with an encrypted HTML export', () => {
  let s3rver: Awaited<ReturnType<typeof startS3rver>>;
  let directory: string;

  beforeAll(async () => {
    s3rver = await startS3rver({
      buckets: ['field-exports'],
      keyPairs: [keys],
    });
    directory = await mkdtemp(join(tmpdir(), 'encrypted-html-s3-'));
  });

  afterAll(async () => {
    await s3rver?.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('uploads a file that the CLI decrypts after download', async () => {
    const passphrase = 'correct horse battery staple';
    const payload: ExportPayload = {
      metadata: {
        exportedBy: 'user:development/guest',
        exportedAt: '2026-12-04T10:00:00.000Z',
        validAsOf: '2026-12-04T09:59:58.000Z',
        portal: 'Demo portal',
      },
      resources: [
        {
          entityRef: 'resource:default/orders-db',
          title: 'Orders database',
          accounts: [
            {
              name: 'Admin console',
              username: 'dba',
              password: 'pä$$wörd <&> "quoted"',
              url: 'https://orders-db.example.com',
            },
          ],
        },
      ],
    };
    const encrypted = await encryptExport(payload, {
      passphrase,
      iterations: 100_000,
    });
    const provider = S3StorageProvider.fromConfig(
      new ConfigReader({
        passwordExport: { providers: { s3: { allowCustomEndpoints: true } } },
      }),
    );
    const { context } = createTestContext();
    const { credentials } = await provider.connect({
      ...context,
      input: {
        ...keys,
        bucket: 'field-exports',
        region: 'us-east-1',
        endpoint: s3rver.endpoint,
      },
    });

    const { remoteId } = await provider.upload({
      ...context,
      credentials,
      file: {
        name: 'orders-db.html',
        content: encrypted.html,
        sha256: encrypted.sha256,
        contentType: 'text/html; charset=utf-8',
        metadata: { 'format-version': '1' },
      },
    });

    const client = new S3Client({
      region: 'us-east-1',
      endpoint: s3rver.endpoint,
      forcePathStyle: true,
      credentials: keys,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    const output = await client.send(
      new GetObjectCommand({ Bucket: 'field-exports', Key: remoteId }),
    );
    const downloaded = Buffer.from(await output.Body!.transformToByteArray());
    client.destroy();
    const file = join(directory, 'orders-db.html');
    await writeFile(file, downloaded);

    expect(downloaded.equals(encrypted.html)).toBe(true);
    const decrypted = JSON.parse(await decryptWithCli(file, passphrase));
    expect(decrypted).toEqual(payload);
  });
});
