import { CloudStorageError, isCloudStorageError } from './CloudStorageError';

describe('CloudStorageError', () => {
  it.each([
    ['throttled' as const, true],
    ['unreachable' as const, true],
    ['timed-out' as const, true],
    ['provider-error' as const, false],
    ['credentials-rejected' as const, false],
    ['access-denied' as const, false],
  ])('defaults retryable for %s to %s', (kind, retryable) => {
    expect(new CloudStorageError({ kind, message: 'm' }).retryable).toBe(
      retryable,
    );
  });

  it('keeps an explicit retryable flag', () => {
    const error = new CloudStorageError({
      kind: 'provider-error',
      message: 'm',
      retryable: true,
    });

    expect(error.retryable).toBe(true);
  });

  it('carries field, retry-after delay and cause', () => {
    const cause = new Error('socket hang up');
    const error = new CloudStorageError({
      kind: 'invalid-input',
      message: 'Bucket name is invalid.',
      field: 'bucket',
      retryAfterMs: 1500,
      cause,
    });

    expect(error.name).toBe('CloudStorageError');
    expect(error.message).toBe('Bucket name is invalid.');
    expect(error.field).toBe('bucket');
    expect(error.retryAfterMs).toBe(1500);
    expect(error.cause).toBe(cause);
  });
});

describe('isCloudStorageError', () => {
  it('recognizes instances', () => {
    const error = new CloudStorageError({ kind: 'throttled', message: 'm' });

    expect(isCloudStorageError(error)).toBe(true);
  });

  it('recognizes errors of the same shape from another package copy', () => {
    const error = Object.assign(new Error('m'), {
      name: 'CloudStorageError',
      kind: 'throttled',
      retryable: true,
    });

    expect(isCloudStorageError(error)).toBe(true);
  });

  it('rejects other errors', () => {
    expect(isCloudStorageError(new Error('m'))).toBe(false);
    expect(isCloudStorageError({ name: 'CloudStorageError' })).toBe(false);
    expect(isCloudStorageError(undefined)).toBe(false);
  });
});
