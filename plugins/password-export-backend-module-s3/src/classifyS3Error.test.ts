import { S3ServiceException } from '@aws-sdk/client-s3';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { classifyS3Error, describeStorage } from './classifyS3Error';

const subject = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  bucket: 'my-exports',
  region: 'eu-west-1',
  key: 'password-exports/orders.html',
};

function serviceError(name: string, status: number, headers = {}) {
  const error = new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
  // The SDK's deserializers attach the raw response after construction.
  error.$response = { statusCode: status, headers, body: undefined };
  return error;
}

describe('classifyS3Error', () => {
  it.each([
    ['InvalidAccessKeyId', 403, 'credentials-rejected', 'accessKeyId', false],
    [
      'SignatureDoesNotMatch',
      403,
      'credentials-rejected',
      'secretAccessKey',
      false,
    ],
    ['ExpiredToken', 400, 'credentials-rejected', 'accessKeyId', false],
    ['NoSuchBucket', 404, 'storage-not-found', 'bucket', false],
    ['NotFound', 404, 'storage-not-found', 'bucket', false],
    ['AccessDenied', 403, 'access-denied', undefined, false],
    ['Forbidden', 403, 'access-denied', undefined, false],
    ['AuthorizationHeaderMalformed', 400, 'invalid-input', 'region', false],
    ['PermanentRedirect', 301, 'invalid-input', 'region', false],
    ['KMS.NotFoundException', 400, 'access-denied', undefined, false],
    ['QuotaExceeded', 403, 'quota-exceeded', undefined, false],
    ['XMinioStorageFull', 507, 'quota-exceeded', undefined, false],
    ['SlowDown', 503, 'throttled', undefined, true],
    ['TooManyRequests', 429, 'throttled', undefined, true],
    ['InternalError', 500, 'provider-error', undefined, true],
    ['ServiceUnavailable', 503, 'provider-error', undefined, true],
    ['InvalidBucketName', 400, 'invalid-input', 'bucket', false],
    ['EntityTooLarge', 400, 'provider-error', undefined, false],
    ['XAmzContentSHA256Mismatch', 400, 'provider-error', undefined, false],
    ['BadDigest', 400, 'provider-error', undefined, false],
  ])(
    'classifies %s (HTTP %d) as %s',
    (code, status, kind, field, retryable) => {
      const error = classifyS3Error(serviceError(code, status), subject);

      expect(error).toBeInstanceOf(CloudStorageError);
      expect(error.kind).toBe(kind);
      expect(error.field).toBe(field);
      expect(error.retryable).toBe(retryable);
      expect(error.message).not.toContain(subject.accessKeyId);
    },
  );

  it('reads the Retry-After delay of a throttling response', () => {
    const error = classifyS3Error(
      serviceError('SlowDown', 503, { 'retry-after': '3' }),
      subject,
    );

    expect(error.retryAfterMs).toBe(3000);
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN'])(
    'classifies the network error %s as unreachable',
    code => {
      const cause = Object.assign(new Error(`connect ${code}`), { code });
      const error = classifyS3Error(cause, subject);

      expect(error.kind).toBe('unreachable');
      expect(error.retryable).toBe(true);
      expect(error.message).toContain(code);
      expect(error.cause).toBe(cause);
    },
  );

  it('classifies a TimeoutError with the limit', () => {
    const cause = Object.assign(new Error('socket timed out'), {
      name: 'TimeoutError',
    });
    const error = classifyS3Error(cause, { ...subject, timeoutMs: 1500 });

    expect(error.kind).toBe('timed-out');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('did not respond within 1500 ms');
  });

  it('classifies a cancelled request as not retryable', () => {
    const cause = Object.assign(new Error('aborted'), { name: 'AbortError' });

    expect(classifyS3Error(cause, subject)).toMatchObject({
      kind: 'timed-out',
      retryable: false,
    });
  });

  it('returns a CloudStorageError unchanged', () => {
    const original = new CloudStorageError({ kind: 'throttled', message: 'm' });

    expect(classifyS3Error(original, subject)).toBe(original);
  });

  it('classifies anything else as a provider error', () => {
    expect(classifyS3Error('weird', subject)).toMatchObject({
      kind: 'provider-error',
      retryable: false,
    });
  });
});

describe('describeStorage', () => {
  it('names Amazon S3 with the region, or the endpoint', () => {
    expect(describeStorage({ region: 'eu-west-1' })).toBe(
      'Amazon S3 in eu-west-1',
    );
    expect(
      describeStorage({ region: 'auto', endpoint: 'https://minio:9000' }),
    ).toBe('the S3 endpoint https://minio:9000');
  });
});
