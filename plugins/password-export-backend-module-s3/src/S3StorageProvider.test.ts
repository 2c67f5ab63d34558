import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { createHash, randomBytes } from 'node:crypto';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';
import { startRelayProxy } from './__testUtils__/startRelayProxy';
import { startS3rver, TestKeyPair } from './__testUtils__/startS3rver';
import { S3StorageProvider } from './S3StorageProvider';

const alice: TestKeyPair = {
  accessKeyId: 'AKIAALICE0000000TEST',
  secretAccessKey: 'alice-secret-0123456789abcdefghijklmnopq',
};
const bob: TestKeyPair = {
  accessKeyId: 'AKIABOB00000000TEST1',
  secretAccessKey: 'bob-secret-0123456789abcdefghijklmnopqrst',
};
const environmentKeys = {
  accessKeyId: 'AKIAENVIRONMENTBOGUS',
  secretAccessKey: 'environment-secret-that-must-never-be-used',
};

const environmentVariables = [
  'AWS_EC2_METADATA_DISABLED',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_PROFILE',
  'AWS_ENDPOINT_URL',
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'NO_PROXY',
  'no_proxy',
];

function sha256(content: Buffer) {
  return createHash('sha256').update(content).digest('hex');
}

function htmlFile(name: string, content: Buffer) {
  return {
    name,
    content,
    sha256: sha256(content),
    contentType: 'text/html; charset=utf-8',
    metadata: { 'format-version': '1' },
  };
}

describe('S3StorageProvider against s3rver', () => {
  const savedEnvironment: Record<string, string | undefined> = {};
  let s3rver: Awaited<ReturnType<typeof startS3rver>>;
  let provider: S3StorageProvider;

  beforeAll(async () => {
    for (const name of environmentVariables) {
      savedEnvironment[name] = process.env[name];
      delete process.env[name];
    }
    // Server-side credentials that must never sign a user's request. s3rver
    // does not know this key id, so a request signed with it would fail.
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    process.env.AWS_ACCESS_KEY_ID = environmentKeys.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = environmentKeys.secretAccessKey;

    s3rver = await startS3rver({
      buckets: ['alice-exports', 'bob-exports'],
      keyPairs: [alice, bob],
    });
    provider = S3StorageProvider.fromConfig(
      new ConfigReader({
        passwordExport: { providers: { s3: { allowCustomEndpoints: true } } },
      }),
      { retry: { baseDelayMs: 1 } },
    );
  });

  afterAll(async () => {
    await s3rver?.stop();
    for (const name of environmentVariables) {
      if (savedEnvironment[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = savedEnvironment[name];
      }
    }
  });

  afterEach(() => {
    delete process.env.HTTP_PROXY;
    delete process.env.NO_PROXY;
  });

  function connectionInput(keys: TestKeyPair, bucket: string) {
    return {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: keys.secretAccessKey,
      bucket,
      region: 'us-east-1',
      endpoint: s3rver.endpoint,
    };
  }

  /** Creates a plain SDK client, independent of the provider, to read back objects. */
  function readerClient(keys: TestKeyPair) {
    return new S3Client({
      region: 'us-east-1',
      endpoint: s3rver.endpoint,
      forcePathStyle: true,
      credentials: keys,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }

  async function readObject(keys: TestKeyPair, bucket: string, key: string) {
    const client = readerClient(keys);
    try {
      const output = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key }),
      );
      const bytes = Buffer.from(await output.Body!.transformToByteArray());
      return { bytes, output };
    } finally {
      client.destroy();
    }
  }

  async function listKeys(keys: TestKeyPair, bucket: string) {
    const client = readerClient(keys);
    try {
      const output = await client.send(
        new ListObjectsV2Command({ Bucket: bucket }),
      );
      return (output.Contents ?? []).map(object => object.Key);
    } finally {
      client.destroy();
    }
  }

  async function connect(keys: TestKeyPair, bucket: string) {
    const { context } = createTestContext();
    return provider.connect({
      ...context,
      input: connectionInput(keys, bucket),
    });
  }

  async function expectConnectError(
    input: Record<string, string>,
    expected: Partial<CloudStorageError>,
  ) {
    const { context, logLines } = createTestContext();
    const error = await provider.connect({ ...context, input }).then(
      () => undefined,
      (e: unknown) => e as CloudStorageError,
    );

    expect(error).toBeInstanceOf(CloudStorageError);
    expect(error).toMatchObject(expected);
    expect(error?.message).not.toContain(input.secretAccessKey || '\u0000');
    expect(logLines.join('\n')).not.toContain(
      input.secretAccessKey || '\u0000',
    );
    return error!;
  }

  it('connects by writing and deleting a marker object', async () => {
    const requestsBefore = s3rver.requests.length;

    const connection = await connect(alice, 'alice-exports');

    expect(connection.accountLabel).toBe(
      `bucket alice-exports at ${s3rver.endpoint}`,
    );
    expect(connection.credentials).toEqual({
      ...alice,
      bucket: 'alice-exports',
      region: 'us-east-1',
      endpoint: s3rver.endpoint,
    });
    const requests = s3rver.requests.slice(requestsBefore);
    expect(requests.map(r => r.method)).toEqual(['PUT', 'DELETE']);
    expect(requests[0].url).toMatch(
      /^\/alice-exports\/password-exports\/\.connection-check-/,
    );
    await expect(listKeys(alice, 'alice-exports')).resolves.toEqual([]);
  });

  it('uploads 1 MB of random bytes intact with metadata', async () => {
    const { credentials } = await connect(alice, 'alice-exports');
    const content = randomBytes(1024 * 1024);
    const { context } = createTestContext();

    const result = await provider.upload({
      ...context,
      credentials,
      file: htmlFile('random.bin.html', content),
    });

    expect(result).toEqual({
      location: 's3://alice-exports/password-exports/random.bin.html',
      remoteId: 'password-exports/random.bin.html',
    });
    const { bytes, output } = await readObject(
      alice,
      'alice-exports',
      result.remoteId,
    );
    expect(bytes.length).toBe(content.length);
    expect(bytes.equals(content)).toBe(true);
    expect(output.ContentType).toBe('text/html; charset=utf-8');
    expect(output.Metadata).toEqual({
      'format-version': '1',
      sha256: sha256(content),
    });
  });

  it('uploads an HTML file byte for byte', async () => {
    const { credentials } = await connect(alice, 'alice-exports');
    const html = Buffer.from(
      '<!doctype html><html lang="de"><head><meta charset="utf-8">' +
        '<title>Passwörter – orders-db</title></head>' +
        '<body><script>/* “ciphertext” */</script></body></html>\n',
      'utf8',
    );
    const { context } = createTestContext();

    const result = await provider.upload({
      ...context,
      credentials,
      file: htmlFile('orders-db.html', html),
    });

    const { bytes } = await readObject(alice, 'alice-exports', result.remoteId);
    expect(bytes.toString('utf8')).toBe(html.toString('utf8'));
    expect(bytes.equals(html)).toBe(true);
  });

  it('replaces a file uploaded under the same name', async () => {
    const { credentials } = await connect(alice, 'alice-exports');
    const { context } = createTestContext();
    const first = Buffer.from('<p>first</p>');
    const second = Buffer.from('<p>second, longer</p>');

    await provider.upload({
      ...context,
      credentials,
      file: htmlFile('replace.html', first),
    });
    const result = await provider.upload({
      ...context,
      credentials,
      file: htmlFile('replace.html', second),
    });

    const { bytes, output } = await readObject(
      alice,
      'alice-exports',
      result.remoteId,
    );
    expect(bytes.equals(second)).toBe(true);
    expect(output.Metadata?.sha256).toBe(sha256(second));
  });

  it('uses the configured prefix', async () => {
    const { credentials } = await connect(alice, 'alice-exports');
    const { context } = createTestContext({
      settings: { prefix: 'team/exports' },
    });

    const result = await provider.upload({
      ...context,
      credentials,
      file: htmlFile('prefixed.html', Buffer.from('<p>x</p>')),
    });

    expect(result.remoteId).toBe('team/exports/prefixed.html');
    const { bytes } = await readObject(alice, 'alice-exports', result.remoteId);
    expect(bytes.toString()).toBe('<p>x</p>');
  });

  it('removes an uploaded file, and again without error', async () => {
    const { credentials } = await connect(alice, 'alice-exports');
    const { context } = createTestContext();
    const { remoteId } = await provider.upload({
      ...context,
      credentials,
      file: htmlFile('to-delete.html', Buffer.from('<p>bye</p>')),
    });

    await provider.remove({ ...context, credentials, remoteId });
    await provider.remove({ ...context, credentials, remoteId });

    const client = readerClient(alice);
    await expect(
      client.send(
        new HeadObjectCommand({ Bucket: 'alice-exports', Key: remoteId }),
      ),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    client.destroy();
  });

  it('signs with the user keys, never the environment keys', async () => {
    const requestsBefore = s3rver.requests.length;
    const { logLines, context } = createTestContext();

    const { credentials } = await provider.connect({
      ...context,
      input: connectionInput(alice, 'alice-exports'),
    });
    await provider.upload({
      ...context,
      credentials,
      file: htmlFile('signed.html', Buffer.from('<p>signed</p>')),
    });

    const requests = s3rver.requests.slice(requestsBefore);
    expect(requests).toHaveLength(3);
    for (const request of requests) {
      expect(request.authorization).toContain(
        `Credential=${alice.accessKeyId}/`,
      );
      expect(request.authorization).not.toContain(environmentKeys.accessKeyId);
    }
    expect(logLines.join('\n')).not.toContain(alice.secretAccessKey);
  });

  it('keeps concurrent uploads of different users apart', async () => {
    const aliceConnection = await connect(alice, 'alice-exports');
    const bobConnection = await connect(bob, 'bob-exports');
    const requestsBefore = s3rver.requests.length;
    const jobs = [0, 1, 2, 3].flatMap(index => [
      {
        keys: alice,
        bucket: 'alice-exports',
        credentials: aliceConnection.credentials,
        file: htmlFile(
          `concurrent-${index}.html`,
          randomBytes(200_000 + index),
        ),
      },
      {
        keys: bob,
        bucket: 'bob-exports',
        credentials: bobConnection.credentials,
        file: htmlFile(
          `concurrent-${index}.html`,
          randomBytes(300_000 + index),
        ),
      },
    ]);

    const results = await Promise.all(
      jobs.map(job => {
        const { context } = createTestContext();
        return provider.upload({
          ...context,
          credentials: job.credentials,
          file: job.file,
        });
      }),
    );

    for (const [index, job] of jobs.entries()) {
      expect(results[index].location).toBe(
        `s3://${job.bucket}/password-exports/${job.file.name}`,
      );
      const { bytes } = await readObject(
        job.keys,
        job.bucket,
        results[index].remoteId,
      );
      expect(sha256(bytes)).toBe(job.file.sha256);
    }
    for (const request of s3rver.requests.slice(requestsBefore)) {
      const owner = request.url.startsWith('/alice-exports/') ? alice : bob;
      expect(request.authorization).toContain(
        `Credential=${owner.accessKeyId}/`,
      );
    }
  });

  it('sends requests through HTTP_PROXY and reports it', async () => {
    const proxy = await startRelayProxy();
    try {
      process.env.HTTP_PROXY = proxy.url;
      const { credentials } = await connect(alice, 'alice-exports');
      const { context } = createTestContext();

      const result = await provider.upload({
        ...context,
        credentials,
        file: htmlFile('proxied.html', Buffer.from('<p>via proxy</p>')),
      });
      const test = await provider.testConnection({
        ...context,
        input: { endpoint: s3rver.endpoint },
      });

      // PUT and DELETE of the marker, the upload, and the connection test.
      expect(proxy.relayed.map(r => r.method)).toEqual([
        'PUT',
        'DELETE',
        'PUT',
        'HEAD',
      ]);
      expect(proxy.relayed[2].url).toBe(
        `${s3rver.endpoint}/alice-exports/${result.remoteId}?x-id=PutObject`,
      );
      expect(proxy.relayed[2].authorization).toContain(
        `Credential=${alice.accessKeyId}/`,
      );
      expect(test.ok).toBe(true);
      expect(test.proxy).toBe(proxy.url);
      expect(test.message).toContain(`through the proxy ${proxy.url}`);
    } finally {
      await proxy.stop();
    }
  });

  it('bypasses the proxy for hosts in NO_PROXY', async () => {
    const proxy = await startRelayProxy();
    try {
      process.env.HTTP_PROXY = proxy.url;
      process.env.NO_PROXY = '127.0.0.1';
      const { credentials } = await connect(alice, 'alice-exports');
      const { context } = createTestContext();

      await provider.upload({
        ...context,
        credentials,
        file: htmlFile('direct.html', Buffer.from('<p>direct</p>')),
      });
      const test = await provider.testConnection({
        ...context,
        input: { endpoint: s3rver.endpoint },
      });

      expect(proxy.relayed).toHaveLength(0);
      expect(test.ok).toBe(true);
      expect(test.proxy).toBeUndefined();
    } finally {
      await proxy.stop();
    }
  });

  it('tests the connection to the endpoint with its duration', async () => {
    const { context } = createTestContext();

    const result = await provider.testConnection({
      ...context,
      input: { endpoint: s3rver.endpoint },
    });

    expect(result.ok).toBe(true);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    expect(result.proxy).toBeUndefined();
    expect(result.message).toContain(
      `Reached the S3 endpoint ${s3rver.endpoint}`,
    );
  });

  it('reports an unreachable endpoint in the test result', async () => {
    const { context } = createTestContext();
    // Port 9 (discard) is closed on the loopback interface of test machines.
    const result = await provider.testConnection({
      ...context,
      input: { endpoint: 'http://127.0.0.1:9' },
    });

    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/could not reach .*ECONNREFUSED/);
  });

  it('reports a disallowed endpoint in the test result', async () => {
    const { context } = createTestContext({
      settings: { allowCustomEndpoints: false },
    });

    const result = await provider.testConnection({
      ...context,
      input: { endpoint: s3rver.endpoint },
    });

    expect(result.ok).toBe(false);
    expect(result.message).toContain('Custom endpoints are disabled');
  });

  describe('rejects invalid input before any request', () => {
    const cases: Array<
      [string, Partial<Record<string, string>>, string, RegExp]
    > = [
      [
        'an invalid bucket name',
        { bucket: 'My_Bucket' },
        'bucket',
        /Bucket name "My_Bucket" is invalid/,
      ],
      [
        'a too short bucket name',
        { bucket: 'ab' },
        'bucket',
        /must have 3 to 63/,
      ],
      [
        'an IP-address bucket name',
        { bucket: '192.168.5.4' },
        'bucket',
        /IP address/,
      ],
      [
        'an invalid region',
        { region: 'Europe West' },
        'region',
        /Region "Europe West" is invalid/,
      ],
      [
        'a missing access key id',
        { accessKeyId: '' },
        'accessKeyId',
        /Access key id is missing/,
      ],
      [
        'a blank access key id',
        { accessKeyId: '   ' },
        'accessKeyId',
        /Access key id is missing/,
      ],
      [
        'a missing secret',
        { secretAccessKey: '' },
        'secretAccessKey',
        /Secret access key is missing/,
      ],
      [
        'an endpoint with a path',
        { endpoint: 'http://127.0.0.1:1/base' },
        'endpoint',
        /must not have a path/,
      ],
    ];

    it.each(cases)('%s', async (_title, override, field, message) => {
      const requestsBefore = s3rver.requests.length;
      const input = { ...connectionInput(alice, 'alice-exports'), ...override };

      const error = await expectConnectError(input as Record<string, string>, {
        kind: 'invalid-input',
        field,
      });

      expect(error.message).toMatch(message);
      expect(s3rver.requests.length).toBe(requestsBefore);
    });

    it('a region outside the AWS format without an endpoint', async () => {
      const input = {
        ...connectionInput(alice, 'alice-exports'),
        endpoint: '',
        region: 'auto',
      };

      const error = await expectConnectError(input, {
        kind: 'invalid-input',
        field: 'region',
      });

      expect(error.message).toContain('Region "auto" is invalid');
    });

    it('a custom endpoint when the admin disallows it', async () => {
      const { context } = createTestContext({
        settings: { allowCustomEndpoints: false },
      });

      await expect(
        provider.connect({
          ...context,
          input: connectionInput(alice, 'alice-exports'),
        }),
      ).rejects.toMatchObject({ kind: 'invalid-input', field: 'endpoint' });
    });

    it('stored credentials without a secret', async () => {
      const { context } = createTestContext();
      const credentials: JsonObject = {
        accessKeyId: alice.accessKeyId,
        bucket: 'alice-exports',
        region: 'us-east-1',
        endpoint: s3rver.endpoint,
      };
      const requestsBefore = s3rver.requests.length;

      await expect(
        provider.upload({
          ...context,
          credentials,
          file: htmlFile('never.html', Buffer.from('x')),
        }),
      ).rejects.toMatchObject({
        kind: 'invalid-input',
        field: 'secretAccessKey',
      });
      expect(s3rver.requests.length).toBe(requestsBefore);
    });
  });

  it('reports an unknown access key id', async () => {
    const error = await expectConnectError(
      connectionInput(
        {
          accessKeyId: 'AKIAUNKNOWNKEY000WXYZ',
          secretAccessKey: 's3cr3t-value',
        },
        'alice-exports',
      ),
      { kind: 'credentials-rejected', field: 'accessKeyId' },
    );

    expect(error.message).toContain('AKIA…WXYZ');
    expect(error.message).not.toContain('AKIAUNKNOWNKEY000WXYZ');
  });

  it('reports a bucket that does not exist', async () => {
    const error = await expectConnectError(
      connectionInput(alice, 'no-such-bucket-here'),
      { kind: 'storage-not-found', field: 'bucket' },
    );

    expect(error.message).toContain(
      'Bucket "no-such-bucket-here" was not found',
    );
  });
});
