import {
  CloudStorageError,
  CloudStorageErrorKind,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';

/**
 * The request a Box error came from, because the same response means
 * different things: `invalid_grant` is a bad code in a code exchange but a
 * dead refresh token in a refresh.
 */
export type BoxOperation = 'code-exchange' | 'refresh' | 'revoke' | 'api';

/** Values that a classified error message may name; never a token or secret. */
export interface BoxErrorSubject {
  operation: BoxOperation;
  /** "Box", or the local server that replaces it. */
  service: string;
  /** The item the request was about, such as `the folder "Exports"`. */
  target?: string;
  /** Timeout of one request, in milliseconds. */
  timeoutMs: number;
  /** Whether the request was abandoned because its timeout passed. */
  timedOut: boolean;
}

/** The parts of a box-node-sdk `BoxApiError` that classification reads. */
export interface BoxApiErrorLike {
  name: 'BoxApiError';
  responseInfo: {
    statusCode: number;
    headers: Record<string, string>;
    body?: unknown;
  };
}

/** Network error codes that mean the host could not be reached. */
const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'ETIMEDOUT',
]);

/** Tells whether a value is a box-node-sdk `BoxApiError`: an HTTP error response. */
export function isBoxApiError(error: unknown): error is BoxApiErrorLike {
  const candidate = error as Partial<BoxApiErrorLike> | undefined;
  return (
    candidate?.name === 'BoxApiError' &&
    typeof candidate.responseInfo?.statusCode === 'number'
  );
}

/** Reads a string field of the JSON body of an error response. */
export function readBodyField(
  error: BoxApiErrorLike,
  field: string,
): string | undefined {
  const body = error.responseInfo.body;
  if (typeof body !== 'object' || body === null) {
    return undefined;
  }
  const value = (body as Record<string, unknown>)[field];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads Retry-After, in seconds or as an HTTP date, as milliseconds.
 */
export function parseRetryAfter(
  value: string | undefined,
  now = Date.now(),
): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(value.trim())) {
    return Math.round(Number(value) * 1000);
  }
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Describes a failed request for logs, without the request itself: the
 * SDK's error keeps the request headers and body, which hold the access
 * token, client secret, authorization code or refresh token.
 */
function summarize(error: unknown): Error {
  let summary: string;
  if (isBoxApiError(error)) {
    const status = error.responseInfo.statusCode;
    const code = readBodyField(error, 'code') ?? readBodyField(error, 'error');
    const requestId = readBodyField(error, 'request_id');
    const parts = [`Box responded with HTTP ${status}`];
    if (code) {
      parts.push(code);
    }
    if (requestId) {
      parts.push(`(request id ${requestId})`);
    }
    summary = parts.join(' ');
  } else {
    const inner = (error as { error?: unknown })?.error ?? error;
    const name = (inner as Error)?.name ?? 'Error';
    const code = (inner as { code?: unknown })?.code;
    summary = `${name}${typeof code === 'string' ? ` ${code}` : ''}`;
  }
  const failure = new Error(summary);
  failure.name = 'BoxRequestFailure';
  return failure;
}

/**
 * Turns an error of box-node-sdk or of the network into a
 * {@link CloudStorageError} whose message states what to do.
 *
 * @remarks
 *
 * Messages are built from the status, the Box error code and the subject
 * only. The original error is replaced by a summary as `cause`, because it
 * contains the request with its credentials.
 */
export function classifyBoxError(
  error: unknown,
  subject: BoxErrorSubject,
): CloudStorageError {
  if (isCloudStorageError(error)) {
    return error;
  }
  // An error thrown while choosing the agent, such as an invalid proxy URL,
  // reaches the caller wrapped in the SDK's error.
  const inner = (error as { error?: unknown })?.error;
  if (isCloudStorageError(inner)) {
    return inner;
  }

  const cause = summarize(error);
  const make = (
    kind: CloudStorageErrorKind,
    message: string,
    extra: { field?: string; retryable?: boolean; retryAfterMs?: number } = {},
  ) => new CloudStorageError({ kind, message, cause, ...extra });

  if (subject.timedOut) {
    return make(
      'timed-out',
      `${capitalize(subject.service)} did not respond within ` +
        `${subject.timeoutMs} ms. Try again later; if it keeps failing, ask a ` +
        'portal admin to check the network path and proxy to Box.',
    );
  }
  if (isBoxApiError(error)) {
    return classifyResponse(error, subject, make);
  }

  const code = (inner as { code?: unknown })?.code;
  if ((inner as Error)?.name === 'AbortError') {
    return make(
      'timed-out',
      `The request to ${subject.service} was cancelled before it finished.`,
      { retryable: false },
    );
  }
  if (typeof code === 'string' && unreachableCodes.has(code)) {
    return make(
      'unreachable',
      `The portal could not reach ${subject.service} (${code}). Try again ` +
        'later; if it keeps failing, ask a portal admin to check the proxy ' +
        'settings and that the portal may connect to api.box.com and ' +
        'upload.box.com.',
    );
  }
  return make(
    'provider-error',
    `The request to ${subject.service} failed unexpectedly. Try again later.`,
  );
}

type MakeError = (
  kind: CloudStorageErrorKind,
  message: string,
  extra?: { field?: string; retryable?: boolean; retryAfterMs?: number },
) => CloudStorageError;

function classifyResponse(
  error: BoxApiErrorLike,
  subject: BoxErrorSubject,
  make: MakeError,
): CloudStorageError {
  const status = error.responseInfo.statusCode;
  const headers = error.responseInfo.headers ?? {};
  const code = readBodyField(error, 'code');
  const oauthError = readBodyField(error, 'error');
  const service = capitalize(subject.service);
  const target = subject.target ?? 'the item';

  if (oauthError) {
    const classified = classifyOAuthError(oauthError, status, subject, make);
    if (classified) {
      return classified;
    }
  }

  if (status === 401) {
    // Box rejects an expired and a revoked access token alike, with
    // error="invalid_token" in WWW-Authenticate. Only a refresh distinguishes them.
    if (/error="invalid_token"/.test(headers['www-authenticate'] ?? '')) {
      return make(
        'credentials-expired',
        `${service} did not accept the access token: it expired or was ` +
          'revoked. The portal refreshes it and tries again; if that fails, ' +
          'connect to Box again.',
      );
    }
    return make(
      'credentials-rejected',
      `${service} rejected the access token (HTTP 401). Connect to Box again.`,
    );
  }
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headers['retry-after']);
    const wait =
      retryAfterMs === undefined
        ? ''
        : ` It asked to wait ${Math.ceil(retryAfterMs / 1000)} s.`;
    return make(
      'throttled',
      `${service} is limiting the portal's request rate (HTTP 429).${wait} ` +
        'Try again later.',
      { retryAfterMs },
    );
  }
  if (status === 507 || code === 'storage_limit_exceeded') {
    return make(
      'quota-exceeded',
      'Your Box account is full (storage_limit_exceeded). Delete files and ' +
        'empty the Box trash, or upgrade the account, then sync again.',
    );
  }
  if (code === 'file_size_limit_exceeded') {
    return make(
      'quota-exceeded',
      'The file is larger than your Box account allows ' +
        '(file_size_limit_exceeded). Export fewer resources per file, or ' +
        'upgrade the Box account.',
    );
  }
  if (status === 407) {
    return make(
      'unreachable',
      'The proxy between the portal and Box asked for credentials (HTTP ' +
        '407). Ask a portal admin to put the proxy user and password in ' +
        'HTTPS_PROXY.',
      { retryable: false },
    );
  }
  if (status === 403 && !code) {
    // Box sends its error object with every 403; a bare 403 is typically a
    // proxy that refused the tunnel to Box.
    return make(
      'access-denied',
      `The request to ${subject.service} was refused with HTTP 403 without ` +
        'a Box error body. If the portal uses a proxy, ask a portal admin to ' +
        'allow api.box.com and upload.box.com in it.',
    );
  }
  if (status === 403) {
    return make(
      'access-denied',
      `${service} denied access to ${target} (${code ?? 'HTTP 403'}). Check ` +
        'that the Box app has the scope "Read and write all files and ' +
        'folders" and that your Box account may write there; connect to Box ' +
        'again after the app changed.',
    );
  }
  if (status === 404) {
    return make(
      'storage-not-found',
      `${service} could not find ${target} (not_found). It may have been ` +
        'deleted in Box; sync again to create it anew.',
    );
  }
  if (code === 'item_name_invalid' || code === 'item_name_too_long') {
    return make(
      'invalid-input',
      `${service} rejected the name of ${target} (${code}). Names must have ` +
        '1 to 255 characters, without "/", "\\" or leading and trailing ' +
        'spaces.',
    );
  }
  if (code === 'bad_digest') {
    return make(
      'provider-error',
      `${service} received different bytes than the portal sent for ` +
        `${target} (bad_digest). Try the sync again.`,
      { retryable: true },
    );
  }
  if (
    code === 'name_temporarily_reserved' ||
    code === 'operation_blocked_temporary'
  ) {
    return make(
      'provider-error',
      `${service} is still creating ${target} for another request (${code}). ` +
        'Try again in a moment.',
      { retryable: true },
    );
  }
  if (status === 413) {
    return make(
      'invalid-input',
      `${service} rejected ${target} as too large (HTTP 413). Export fewer ` +
        'resources per file.',
    );
  }
  if (status >= 500) {
    return make(
      'provider-error',
      `${service} failed with HTTP ${status}${code ? ` (${code})` : ''}. Try ` +
        'again later; Box lists outages at status.box.com.',
      {
        retryable: true,
        retryAfterMs: parseRetryAfter(headers['retry-after']),
      },
    );
  }
  return make(
    'provider-error',
    `${service} rejected the request with HTTP ${status}` +
      `${code ? ` (${code})` : ''}. Try again later.`,
  );
}

/** Classifies the `{ error, error_description }` responses of the OAuth endpoints. */
function classifyOAuthError(
  oauthError: string,
  status: number,
  subject: BoxErrorSubject,
  make: MakeError,
): CloudStorageError | undefined {
  const service = capitalize(subject.service);
  if (oauthError === 'invalid_client' || oauthError === 'unauthorized_client') {
    return make(
      'invalid-input',
      `${service} rejected the client ID or client secret of the Box app ` +
        `(${oauthError}). A portal admin must copy both again from the Box ` +
        'Developer Console to the Cloud Storage page.',
      { field: 'clientId' },
    );
  }
  if (oauthError !== 'invalid_grant') {
    return undefined;
  }
  if (subject.operation === 'code-exchange') {
    return make(
      'invalid-input',
      `${service} did not accept the authorization code: it is invalid, ` +
        'already used, or older than the 30 seconds Box allows. Connect to ' +
        'Box again to get a new code.',
      { field: 'code' },
    );
  }
  if (subject.operation === 'refresh') {
    return make(
      'credentials-rejected',
      `${service} did not accept the refresh token: it was revoked, was ` +
        'already used, or expired after 60 days. Connect to Box again.',
    );
  }
  return make(
    'credentials-rejected',
    `${service} did not accept the token (invalid_grant, HTTP ${status}). ` +
      'Connect to Box again.',
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
