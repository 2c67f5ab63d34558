import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { inspect } from 'node:util';
import {
  BoxErrorSubject,
  classifyBoxError,
  parseRetryAfter,
} from './classifyBoxError';

const subject: BoxErrorSubject = {
  operation: 'api',
  service: 'Box',
  target: 'the file "a.html"',
  timeoutMs: 1000,
  timedOut: false,
};

/** Builds an error shaped like box-node-sdk's BoxApiError. */
function apiError(
  statusCode: number,
  body?: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return Object.assign(new Error(`HTTP ${statusCode}`), {
    name: 'BoxApiError',
    requestInfo: {
      headers: { Authorization: 'Bearer secret-access-token' },
      body: 'client_secret=secret-client-secret&code=secret-code',
    },
    responseInfo: { statusCode, headers, body },
  });
}

describe('classifyBoxError', () => {
  it.each([
    [
      apiError(401, undefined, {
        'www-authenticate': 'Bearer realm="Service", error="invalid_token"',
      }),
      'credentials-expired',
    ],
    [
      apiError(401, undefined, {
        'www-authenticate': 'Bearer realm="Service"',
      }),
      'credentials-rejected',
    ],
    [
      apiError(403, { code: 'access_denied_insufficient_permissions' }),
      'access-denied',
    ],
    [apiError(403), 'access-denied'],
    [apiError(403, { code: 'storage_limit_exceeded' }), 'quota-exceeded'],
    [apiError(403, { code: 'file_size_limit_exceeded' }), 'quota-exceeded'],
    [apiError(507), 'quota-exceeded'],
    [apiError(404, { code: 'not_found' }), 'storage-not-found'],
    [apiError(400, { code: 'item_name_invalid' }), 'invalid-input'],
    [apiError(413), 'invalid-input'],
    [apiError(407), 'unreachable'],
    [apiError(429, { code: 'rate_limit_exceeded' }), 'throttled'],
    [apiError(500), 'provider-error'],
    [apiError(418, { code: 'teapot' }), 'provider-error'],
  ])('classifies %s', (error, kind) => {
    expect(classifyBoxError(error, subject).kind).toBe(kind);
  });

  it.each([
    [apiError(429), true],
    [apiError(503), true],
    [apiError(400, { code: 'bad_digest' }), true],
    [apiError(409, { code: 'name_temporarily_reserved' }), true],
    [apiError(409, { code: 'item_name_in_use' }), false],
    [apiError(403, { code: 'forbidden' }), false],
  ])('marks %s retryable: %s', (error, retryable) => {
    expect(classifyBoxError(error, subject).retryable).toBe(retryable);
  });

  it('reads Retry-After of a 429 and a 503', () => {
    const throttled = classifyBoxError(
      apiError(429, {}, { 'retry-after': '3' }),
      subject,
    );
    const unavailable = classifyBoxError(
      apiError(503, {}, { 'retry-after': '2' }),
      subject,
    );

    expect(throttled.retryAfterMs).toBe(3000);
    expect(throttled.message).toContain('It asked to wait 3 s');
    expect(unavailable.retryAfterMs).toBe(2000);
  });

  it.each([
    ['code-exchange' as const, 'invalid-input', 'code'],
    ['refresh' as const, 'credentials-rejected', undefined],
    ['revoke' as const, 'credentials-rejected', undefined],
  ])('classifies invalid_grant of a %s', (operation, kind, field) => {
    const error = classifyBoxError(
      apiError(400, { error: 'invalid_grant', error_description: 'x' }),
      { ...subject, operation },
    );

    expect(error.kind).toBe(kind);
    expect(error.field).toBe(field);
  });

  it('names the client settings for invalid_client', () => {
    const error = classifyBoxError(apiError(400, { error: 'invalid_client' }), {
      ...subject,
      operation: 'refresh',
    });

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'clientId' });
  });

  it('classifies a timed-out request before the answer', () => {
    const error = classifyBoxError(new Error('aborted'), {
      ...subject,
      timedOut: true,
    });

    expect(error).toMatchObject({ kind: 'timed-out', retryable: true });
    expect(error.message).toContain('did not respond within 1000 ms');
  });

  it('classifies network errors that the SDK wraps', () => {
    const wrapped = Object.assign(new Error('request failed'), {
      name: 'BoxSdkError',
      error: Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      }),
    });

    const error = classifyBoxError(wrapped, subject);

    expect(error).toMatchObject({ kind: 'unreachable', retryable: true });
    expect(error.message).toContain('(ECONNREFUSED)');
  });

  it('passes on a CloudStorageError, also wrapped by the SDK', () => {
    const original = new CloudStorageError({
      kind: 'unreachable',
      message: 'The proxy URL is invalid.',
    });

    expect(classifyBoxError(original, subject)).toBe(original);
    expect(
      classifyBoxError(
        Object.assign(new Error('x'), { name: 'BoxSdkError', error: original }),
        subject,
      ),
    ).toBe(original);
  });

  it('keeps the request and its secrets out of the error', () => {
    const error = classifyBoxError(
      apiError(400, { error: 'invalid_grant', request_id: 'req-42' }),
      { ...subject, operation: 'code-exchange' },
    );
    const text = [
      error.message,
      inspect(error, { depth: 10 }),
      JSON.stringify(error),
      String(error.cause),
    ].join('\n');

    expect(text).not.toMatch(/secret-/);
    expect(String(error.cause)).toContain(
      'Box responded with HTTP 400 invalid_grant (request id req-42)',
    );
  });
});

describe('parseRetryAfter', () => {
  it.each([
    ['5', 5000],
    ['0', 0],
    ['1.5', 1500],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
  ])('reads %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value)).toBe(expected);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('2026-12-04T10:00:00Z');

    expect(parseRetryAfter('Fri, 04 Dec 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 09:59:00 GMT', now)).toBe(0);
  });
});
