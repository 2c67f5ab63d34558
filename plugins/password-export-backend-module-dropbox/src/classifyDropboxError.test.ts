import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { DropboxResponseError } from 'dropbox';
import {
  classifyDropboxError,
  DropboxErrorSubject,
  isDropboxNotFound,
} from './classifyDropboxError';
import { DropboxNetworkError } from './createDropboxTransport';

/** Builds the error the SDK throws for a response that is not OK. */
function responseError(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return new DropboxResponseError(status, new Headers(headers), body);
}

function apiError(status: number, summary: string, error: object = {}) {
  return responseError(status, { error_summary: summary, error });
}

const upload: DropboxErrorSubject = {
  operation: 'upload',
  path: '/passwords-orders-db.html',
  fileBytes: 2048,
};

describe('classifyDropboxError', () => {
  it.each([
    [401, 'expired_access_token/...', 'credentials-expired', false],
    [401, 'invalid_access_token/...', 'credentials-rejected', false],
    [401, 'user_suspended/...', 'credentials-rejected', false],
    [401, 'missing_scope/...', 'access-denied', false],
    [403, 'no_permission/...', 'access-denied', false],
    [409, 'path/insufficient_space/...', 'quota-exceeded', false],
    [409, 'path/conflict/folder/...', 'invalid-input', false],
    [409, 'path/malformed_path/...', 'invalid-input', false],
    [409, 'path/disallowed_name/..', 'invalid-input', false],
    [409, 'path/no_write_permission/.', 'access-denied', false],
    [409, 'path/too_many_write_operations/...', 'throttled', true],
    [409, 'content_hash_mismatch/...', 'provider-error', true],
    [409, 'payload_too_large/...', 'invalid-input', false],
    [409, 'path_lookup/not_found/...', 'storage-not-found', false],
    [409, 'something_new/...', 'provider-error', false],
    [429, 'too_many_requests/...', 'throttled', true],
    [500, '', 'provider-error', true],
    [503, '', 'provider-error', true],
    [418, '', 'provider-error', false],
  ])('classifies HTTP %i %s as %s', (status, summary, kind, retryable) => {
    const error = classifyDropboxError(apiError(status, summary), upload);

    expect(error).toBeInstanceOf(CloudStorageError);
    expect(error.kind).toBe(kind);
    expect(error.retryable).toBe(retryable);
  });

  it('names the missing scope', () => {
    const error = classifyDropboxError(
      apiError(401, 'missing_scope/...', {
        '.tag': 'missing_scope',
        required_scope: 'files.content.write',
      }),
      upload,
    );

    expect(error.message).toMatch(/lacks the permission files\.content\.write/);
  });

  it('names the path and size when the account is full', () => {
    const error = classifyDropboxError(
      apiError(409, 'path/insufficient_space/...'),
      upload,
    );

    expect(error.message).toBe(
      'The Dropbox account has no space left for /passwords-orders-db.html ' +
        '(2048 bytes). Free some space in Dropbox or upgrade the plan, then ' +
        'sync again.',
    );
  });

  it('reads tags from the union when there is no summary', () => {
    const error = classifyDropboxError(
      responseError(409, {
        error: { '.tag': 'path', reason: { '.tag': 'insufficient_space' } },
      }),
      upload,
    );

    expect(error.kind).toBe('quota-exceeded');
  });

  it('reads Retry-After in seconds', () => {
    const error = classifyDropboxError(
      responseError(
        429,
        { error_summary: 'too_many_requests/...', error: { retry_after: 9 } },
        { 'Retry-After': '3' },
      ),
      upload,
    );

    expect(error.retryAfterMs).toBe(3000);
  });

  it('reads Retry-After as an HTTP date', () => {
    const at = new Date(Date.now() + 10_000).toUTCString();

    const error = classifyDropboxError(
      responseError(503, 'Service Unavailable', { 'Retry-After': at }),
      upload,
    );

    expect(error.retryAfterMs).toBeGreaterThan(8000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(10_000);
  });

  it('falls back to retry_after of the body', () => {
    const error = classifyDropboxError(
      responseError(429, {
        error_summary: 'too_many_requests/...',
        error: { reason: { '.tag': 'too_many_requests' }, retry_after: 4 },
      }),
      upload,
    );

    expect(error.retryAfterMs).toBe(4000);
  });

  describe('token endpoint', () => {
    const body = (error: string) => ({
      error,
      error_description: 'code=abc verifier=def',
    });

    it('asks to authorize again for a rejected code', () => {
      const error = classifyDropboxError(
        responseError(400, body('invalid_grant')),
        { operation: 'code-exchange', appKey: 'appkey1' },
      );

      expect(error).toMatchObject({ kind: 'invalid-input', field: 'code' });
      expect(error.message).toMatch(/paste the new code/);
    });

    it('asks to reconnect for a rejected refresh token', () => {
      const error = classifyDropboxError(
        responseError(400, body('invalid_grant')),
        { operation: 'token-refresh', appKey: 'appkey1' },
      );

      expect(error.kind).toBe('credentials-rejected');
      expect(error.message).toMatch(/Reconnect Dropbox/);
    });

    it('names the app key for an invalid client', () => {
      const error = classifyDropboxError(
        responseError(400, body('invalid_client')),
        { operation: 'token-refresh', appKey: 'appkey1' },
      );

      expect(error.kind).toBe('provider-error');
      expect(error.message).toContain('app key "appkey1"');
    });

    it('never quotes the error description', () => {
      const error = classifyDropboxError(
        responseError(400, body('invalid_request')),
        { operation: 'code-exchange' },
      );

      expect(error.message).toContain('(invalid_request)');
      expect(error.message).not.toContain('abc');
    });

    it('does not retry a code exchange after HTTP 500', () => {
      const error = classifyDropboxError(responseError(500, 'Internal'), {
        operation: 'code-exchange',
      });

      expect(error).toMatchObject({ kind: 'provider-error', retryable: false });
      expect(error.message).toMatch(/Start connecting Dropbox again/);
    });

    it('retries a code exchange after HTTP 429', () => {
      const error = classifyDropboxError(
        responseError(429, 'Too Many Requests', { 'Retry-After': '2' }),
        { operation: 'code-exchange' },
      );

      expect(error).toMatchObject({
        kind: 'throttled',
        retryable: true,
        retryAfterMs: 2000,
      });
    });
  });

  describe('network errors', () => {
    const network = (
      name: 'FetchError' | 'TimeoutError' | 'AbortError',
      code?: string,
    ) =>
      new DropboxNetworkError({
        name,
        code,
        origin: 'https://api.dropboxapi.com',
        message: 'failed',
      });

    it('reports refused connections as unreachable', () => {
      const error = classifyDropboxError(
        network('FetchError', 'ECONNREFUSED'),
        upload,
      );

      expect(error).toMatchObject({ kind: 'unreachable', retryable: true });
      expect(error.message).toContain(
        'could not reach Dropbox at https://api.dropboxapi.com (ECONNREFUSED)',
      );
    });

    it('reports timeouts with the limit', () => {
      const error = classifyDropboxError(network('TimeoutError', 'ETIMEDOUT'), {
        ...upload,
        timeoutMs: 30_000,
      });

      expect(error).toMatchObject({ kind: 'timed-out', retryable: true });
      expect(error.message).toContain('did not respond within 30000 ms');
    });

    it('does not retry after the caller cancelled', () => {
      const error = classifyDropboxError(network('AbortError'), {
        ...upload,
        cancelled: true,
      });

      expect(error).toMatchObject({ kind: 'timed-out', retryable: false });
    });

    it('hides unexpected errors behind a generic message', () => {
      const error = classifyDropboxError(
        new TypeError('token sl.secret'),
        upload,
      );

      expect(error.kind).toBe('provider-error');
      expect(error.message).not.toContain('sl.secret');
    });
  });

  it('passes a CloudStorageError through', () => {
    const original = new CloudStorageError({
      kind: 'invalid-input',
      message: 'x',
    });

    expect(classifyDropboxError(original, upload)).toBe(original);
  });
});

describe('isDropboxNotFound', () => {
  it('recognizes path_lookup/not_found only', () => {
    expect(isDropboxNotFound(apiError(409, 'path_lookup/not_found/..'))).toBe(
      true,
    );
    expect(
      isDropboxNotFound(apiError(409, 'path_lookup/malformed_path/')),
    ).toBe(false);
    expect(isDropboxNotFound(apiError(404, 'path_lookup/not_found/'))).toBe(
      false,
    );
    expect(isDropboxNotFound(new Error('not_found'))).toBe(false);
  });
});
