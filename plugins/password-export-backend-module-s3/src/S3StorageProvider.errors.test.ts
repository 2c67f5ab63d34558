import { ConfigReader } from '@backstage/config';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { createHash } from 'node:crypto';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';
import { FakeS3Reply, startFakeS3 } from './__testUtils__/startFakeS3';
import { S3StorageProvider } from './S3StorageProvider';

// s3rver does not verify signatures, so these cases run against a loopback
// server that responds with the XML error documents and status codes of
// Amazon S3, driven through the real SDK.

const keys = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
};

const errors = {
  invalidAccessKeyId: {
    status: 403,
    code: 'InvalidAccessKeyId',
    message:
      'The AWS Access Key Id you provided does not exist in our records.',
  },
  signatureDoesNotMatch: {
    status: 403,
    code: 'SignatureDoesNotMatch',
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  accessDenied: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
  noSuchBucket: {
    status: 404,
    code: 'NoSuchBucket',
    message: 'The specified bucket does not exist',
  },
  wrongRegion: {
    status: 400,
    code: 'AuthorizationHeaderMalformed',
    message:
      "The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-west-1'",
  },
  slowDown: {
    status: 503,
    code: 'SlowDown',
    message: 'Please reduce your request rate.',
  },
  internalError: {
    status: 500,
    code: 'InternalError',
    message: 'We encountered an internal error. Please try again.',
  },
  kmsDisabled: {
    status: 400,
    code: 'KMS.DisabledException',
    message: 'The KMS key is disabled.',
  },
};

describe('S3StorageProvider error handling', () => {
  let fake: Awaited<ReturnType<typeof startFakeS3>> | undefined;
  const provider = S3StorageProvider.fromConfig(
    new ConfigReader({
      passwordExport: { providers: { s3: { allowCustomEndpoints: true } } },
    }),
    { retry: { baseDelayMs: 1, maxAttempts: 3 } },
  );

  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  async function connectWith(replies: FakeS3Reply[], timeoutMs = 5000) {
    fake = await startFakeS3(replies);
    const { context, logLines } = createTestContext({ timeoutMs });
    const result = await provider
      .connect({
        ...context,
        input: {
          ...keys,
          bucket: 'team-exports',
          region: 'us-east-1',
          endpoint: fake.endpoint,
        },
      })
      .then(
        value => ({ value, error: undefined }),
        (error: CloudStorageError) => ({ value: undefined, error }),
      );

    // No message or log line may contain the secret.
    expect(result.error?.message ?? '').not.toContain(keys.secretAccessKey);
    expect(logLines.join('\n')).not.toContain(keys.secretAccessKey);
    return result;
  }

  it('classifies InvalidAccessKeyId with a masked key id', async () => {
    const { error } = await connectWith([errors.invalidAccessKeyId]);

    expect(error).toBeInstanceOf(CloudStorageError);
    expect(error).toMatchObject({
      kind: 'credentials-rejected',
      field: 'accessKeyId',
      retryable: false,
    });
    expect(error?.message).toContain('access key id AKIA…MPLE');
    expect(error?.message).not.toContain(keys.accessKeyId);
    expect(fake?.requests).toHaveLength(1);
  });

  it('classifies SignatureDoesNotMatch as a bad secret', async () => {
    const { error } = await connectWith([errors.signatureDoesNotMatch]);

    expect(error).toMatchObject({
      kind: 'credentials-rejected',
      field: 'secretAccessKey',
    });
    expect(error?.message).toMatch(/rejected the secret access key/);
  });

  it('classifies AccessDenied with the permissions to grant', async () => {
    const { error } = await connectWith([errors.accessDenied]);

    expect(error).toMatchObject({ kind: 'access-denied', retryable: false });
    expect(error?.message).toContain('s3:PutObject');
    expect(error?.message).toContain('arn:aws:s3:::team-exports/*');
  });

  it('classifies a denied delete after a successful write', async () => {
    const { error } = await connectWith(['success', errors.accessDenied]);

    expect(error).toMatchObject({ kind: 'access-denied' });
    expect(fake?.requests.map(r => r.method)).toEqual(['PUT', 'DELETE']);
  });

  it('classifies NoSuchBucket', async () => {
    const { error } = await connectWith([errors.noSuchBucket]);

    expect(error).toMatchObject({ kind: 'storage-not-found', field: 'bucket' });
  });

  it('classifies a 404 without an error document', async () => {
    const { error } = await connectWith([
      { status: 404, code: 'NotFound', message: 'Not Found' },
    ]);

    expect(error).toMatchObject({ kind: 'storage-not-found', field: 'bucket' });
  });

  it('classifies a wrong region', async () => {
    const { error } = await connectWith([errors.wrongRegion]);

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'region' });
    expect(error?.message).toContain('is not in region us-east-1');
  });

  it('classifies KMS errors as a setting to check', async () => {
    const { error } = await connectWith([errors.kmsDisabled]);

    expect(error).toMatchObject({ kind: 'access-denied' });
    expect(error?.message).toContain('KMS key id setting');
  });

  it('retries SlowDown, then succeeds', async () => {
    const { value, error } = await connectWith([
      errors.slowDown,
      'success',
      'success',
    ]);

    expect(error).toBeUndefined();
    expect(value?.accountLabel).toContain('bucket team-exports');
    expect(fake?.requests.map(r => r.method)).toEqual(['PUT', 'PUT', 'DELETE']);
  });

  it('retries a 500 InternalError, then succeeds', async () => {
    const { error } = await connectWith([
      errors.internalError,
      'success',
      'success',
    ]);

    expect(error).toBeUndefined();
    expect(fake?.requests).toHaveLength(3);
  });

  it('gives up after the maximum attempts on repeated 503', async () => {
    const { error } = await connectWith([errors.slowDown]);

    expect(error).toMatchObject({ kind: 'throttled', retryable: true });
    expect(fake?.requests).toHaveLength(3);
  });

  it('honours Retry-After on throttling', async () => {
    const startedAt = Date.now();
    const { error } = await connectWith([
      { ...errors.slowDown, headers: { 'Retry-After': '1' } },
      'success',
      'success',
    ]);

    expect(error).toBeUndefined();
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(950);
  });

  it('classifies a request that gets no answer as timed out', async () => {
    const startedAt = Date.now();
    const { error } = await connectWith(['hang'], 300);

    expect(error).toMatchObject({ kind: 'timed-out', retryable: true });
    expect(error?.message).toContain('did not respond within 300 ms');
    expect(fake?.requests).toHaveLength(3);
    expect(Date.now() - startedAt).toBeLessThan(5000);
  });

  it('uploads and checks the ETag the store returns', async () => {
    fake = await startFakeS3(['success']);
    const { context } = createTestContext();
    const content = Buffer.from('<p>checked</p>');

    const result = await provider.upload({
      ...context,
      credentials: {
        ...keys,
        bucket: 'team-exports',
        region: 'us-east-1',
        endpoint: fake.endpoint,
      },
      file: {
        name: 'checked.html',
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
        contentType: 'text/html; charset=utf-8',
        metadata: { 'format-version': '1' },
      },
    });

    expect(result.remoteId).toBe('password-exports/checked.html');
  });

  it.each([
    [
      'SSE-KMS',
      { serverSideEncryption: 'aws:kms', kmsKeyId: 'alias/exports' },
      {
        'x-amz-server-side-encryption': 'aws:kms',
        'x-amz-server-side-encryption-aws-kms-key-id': 'alias/exports',
      },
    ],
    [
      'SSE-S3',
      { serverSideEncryption: 'AES256' },
      { 'x-amz-server-side-encryption': 'AES256' },
    ],
  ])(
    'sends the %s headers the admin chose',
    async (_mode, settings, headers) => {
      fake = await startFakeS3(['success']);
      const { context } = createTestContext({ settings });
      const content = Buffer.from('x');

      await provider.upload({
        ...context,
        credentials: {
          ...keys,
          bucket: 'team-exports',
          region: 'us-east-1',
          endpoint: fake.endpoint,
        },
        file: {
          name: 'encrypted.html',
          content,
          sha256: createHash('sha256').update(content).digest('hex'),
          contentType: 'text/html; charset=utf-8',
          metadata: {},
        },
      });

      expect(fake.requests).toHaveLength(1);
      expect(fake.requests[0].headers).toMatchObject(headers);
    },
  );

  it('sends no encryption header by default', async () => {
    fake = await startFakeS3(['success']);
    const { context } = createTestContext();
    const content = Buffer.from('x');

    await provider.upload({
      ...context,
      credentials: {
        ...keys,
        bucket: 'team-exports',
        region: 'us-east-1',
        endpoint: fake.endpoint,
      },
      file: {
        name: 'plain.html',
        content,
        sha256: createHash('sha256').update(content).digest('hex'),
        contentType: 'text/html; charset=utf-8',
        metadata: {},
      },
    });

    const sent = fake.requests[0].headers;
    expect(sent['x-amz-server-side-encryption']).toBeUndefined();
    expect(sent['x-amz-content-sha256']).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
    expect(sent.authorization).toContain('x-amz-content-sha256');
    expect(sent['x-amz-checksum-sha256']).toBe(
      createHash('sha256').update(content).digest('base64'),
    );
  });

  it('rejects SSE-KMS without a key id before any request', async () => {
    fake = await startFakeS3(['success']);
    const { context } = createTestContext({
      settings: { serverSideEncryption: 'aws:kms' },
    });

    await expect(
      provider.upload({
        ...context,
        credentials: {
          ...keys,
          bucket: 'team-exports',
          region: 'us-east-1',
          endpoint: fake.endpoint,
        },
        file: {
          name: 'x.html',
          content: Buffer.from('x'),
          sha256: createHash('sha256').update('x').digest('hex'),
          contentType: 'text/html; charset=utf-8',
          metadata: {},
        },
      }),
    ).rejects.toMatchObject({ kind: 'invalid-input', field: 'kmsKeyId' });
    expect(fake.requests).toHaveLength(0);
  });

  it('rejects a store that kept different bytes', async () => {
    // The fake normally returns the MD5 of the bytes it received as ETag. A
    // store that kept other bytes returns another ETag, here a fixed one.
    fake = await startFakeS3([{ etag: '00000000000000000000000000000000' }]);
    const { context } = createTestContext();
    const content = Buffer.from('<p>framed</p>');

    const error = await provider
      .upload({
        ...context,
        credentials: {
          ...keys,
          bucket: 'team-exports',
          region: 'us-east-1',
          endpoint: fake.endpoint,
        },
        file: {
          name: 'framed.html',
          content,
          sha256: createHash('sha256').update(content).digest('hex'),
          contentType: 'text/html; charset=utf-8',
          metadata: {},
        },
      })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'provider-error', retryable: true });
    expect((error as Error).message).toContain('different checksum');
    // The mismatch is retried like any transient failure, up to 3 attempts.
    expect(fake.requests).toHaveLength(3);
  });

  it('rejects a malformed SHA-256 before any request', async () => {
    fake = await startFakeS3(['success']);
    const { context } = createTestContext();

    await expect(
      provider.upload({
        ...context,
        credentials: {
          ...keys,
          bucket: 'team-exports',
          region: 'us-east-1',
          endpoint: fake.endpoint,
        },
        file: {
          name: 'x.html',
          content: Buffer.from('x'),
          sha256: 'ABC',
          contentType: 'text/html; charset=utf-8',
          metadata: {},
        },
      }),
    ).rejects.toMatchObject({ kind: 'invalid-input' });
    expect(fake.requests).toHaveLength(0);
  });

  it('reports a body that does not match its SHA-256', async () => {
    fake = await startFakeS3([
      {
        status: 400,
        code: 'XAmzContentSHA256Mismatch',
        message:
          "The provided 'x-amz-content-sha256' header does not match what was computed.",
      },
    ]);
    const { context } = createTestContext();

    const error = await provider
      .upload({
        ...context,
        credentials: {
          ...keys,
          bucket: 'team-exports',
          region: 'us-east-1',
          endpoint: fake.endpoint,
        },
        file: {
          name: 'x.html',
          content: Buffer.from('x'),
          sha256: createHash('sha256').update('y').digest('hex'),
          contentType: 'text/html; charset=utf-8',
          metadata: {},
        },
      })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ kind: 'provider-error', retryable: false });
    expect((error as Error).message).toContain('does not match its checksum');
    expect(fake.requests).toHaveLength(1);
  });
});
