import {
  CloudStorageError,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';

/** The calls the provider makes, each with its own error messages. */
export type DropboxOperation =
  | 'code-exchange'
  | 'token-refresh'
  | 'account'
  | 'upload'
  | 'remove'
  | 'revoke'
  | 'probe';

/** Subject of a failed call, named in the error message. */
export interface DropboxErrorSubject {
  operation: DropboxOperation;
  /** App key, which is public: it is part of every authorization URL. */
  appKey?: string;
  /** Dropbox path or file id the call was about. */
  path?: string;
  /** Size of the uploaded file, in bytes. */
  fileBytes?: number;
  /** Time after which one request is abandoned, in milliseconds. */
  timeoutMs?: number;
  /** Whether the caller aborted the operation. */
  cancelled?: boolean;
}

/** The parts of the SDK's `DropboxResponseError` that classification reads. */
interface ResponseErrorFields {
  status: number;
  headers?: { get?(name: string): string | null } | Record<string, string>;
  error?: unknown;
}

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
]);

/** Reauthorization steps, shared by the messages of the OAuth errors. */
const authorizeAgain =
  'Start connecting Dropbox again: allow access on the Dropbox page that ' +
  'opens and paste the new code that Dropbox shows.';

const reconnect = 'Reconnect Dropbox to keep syncing exports.';

/**
 * Turns an error of the Dropbox SDK, of node-fetch or of the transport into
 * a {@link CloudStorageError} with a message for the user. No message
 * quotes a response body of the token endpoint or a request URL, so none
 * contains a token, code, verifier or secret.
 */
export function classifyDropboxError(
  error: unknown,
  subject: DropboxErrorSubject,
): CloudStorageError {
  if (isCloudStorageError(error)) {
    return error;
  }

  const classified = isResponseError(error)
    ? classifyResponse(error, subject)
    : classifyNetworkError(error, subject);

  // An authorization code is single use: after a failure that Dropbox may
  // have processed, a retry would fail as "already used". Only a rate limit
  // response is known to leave the code untouched.
  if (
    subject.operation === 'code-exchange' &&
    classified.retryable &&
    classified.kind !== 'throttled'
  ) {
    return new CloudStorageError({
      kind: classified.kind,
      retryable: false,
      message: `${classified.message} ${authorizeAgain}`,
      cause: error,
    });
  }
  return classified;
}

/**
 * Tells whether an error is Dropbox's `path_lookup/not_found` response,
 * which deleting treats as success.
 */
export function isDropboxNotFound(error: unknown): boolean {
  if (!isResponseError(error) || error.status !== 409) {
    return false;
  }
  const tags = readTags(error.error);
  return tags[0] === 'path_lookup' && tags[1] === 'not_found';
}

function isResponseError(error: unknown): error is ResponseErrorFields {
  return (
    (error as { name?: unknown })?.name === 'DropboxResponseError' &&
    typeof (error as { status?: unknown }).status === 'number'
  );
}

function classifyResponse(
  error: ResponseErrorFields,
  subject: DropboxErrorSubject,
): CloudStorageError {
  const isTokenEndpoint =
    subject.operation === 'code-exchange' ||
    subject.operation === 'token-refresh';
  if (isTokenEndpoint && error.status < 500 && error.status !== 429) {
    return classifyTokenError(error, subject);
  }

  const status = error.status;
  if (status === 401) {
    return classifyAuthError(error, subject);
  }
  if (status === 403) {
    return new CloudStorageError({
      kind: 'access-denied',
      message:
        `Dropbox denied ${describeOperation(subject)} (${summaryOf(
          error,
        )}). Check that the Dropbox account may use this app, then ` +
        'reconnect Dropbox.',
      cause: error,
    });
  }
  if (status === 409) {
    return classifyRouteError(error, subject);
  }
  if (status === 429) {
    return new CloudStorageError({
      kind: 'throttled',
      message:
        `Dropbox asked the portal to slow down (${summaryOf(error)}). ` +
        'Try again in a minute.',
      retryAfterMs: retryAfterOf(error),
      cause: error,
    });
  }
  if (status >= 500) {
    return new CloudStorageError({
      kind: 'provider-error',
      retryable: true,
      message:
        `Dropbox failed with HTTP ${status} during ` +
        `${describeOperation(subject)}. Try again later; ` +
        'https://status.dropbox.com lists outages.',
      retryAfterMs: retryAfterOf(error),
      cause: error,
    });
  }
  if (status === 400) {
    return new CloudStorageError({
      kind: 'provider-error',
      message:
        `Dropbox rejected ${describeOperation(subject)} as malformed ` +
        '(HTTP 400). Ask a portal admin to check the backend log and the ' +
        'version of the Dropbox module.',
      cause: error,
    });
  }
  return new CloudStorageError({
    kind: 'provider-error',
    message: `Dropbox rejected ${describeOperation(
      subject,
    )} with HTTP ${status}.`,
    cause: error,
  });
}

/** Classifies an OAuth 2.0 error of `/oauth2/token`. */
function classifyTokenError(
  error: ResponseErrorFields,
  subject: DropboxErrorSubject,
): CloudStorageError {
  const body = error.error as { error?: unknown } | undefined;
  const code =
    typeof body?.error === 'string' ? body.error : `HTTP ${error.status}`;
  const appKey = subject.appKey ? ` "${subject.appKey}"` : '';

  if (code === 'invalid_client') {
    return new CloudStorageError({
      kind: 'provider-error',
      message:
        `Dropbox rejected the app key${appKey} or the app secret ` +
        '(invalid_client). Ask a portal admin to check the Dropbox app key ' +
        'and app secret on the Cloud Storage page.',
      cause: error,
    });
  }
  if (code === 'invalid_grant' && subject.operation === 'code-exchange') {
    return new CloudStorageError({
      kind: 'invalid-input',
      field: 'code',
      message:
        'Dropbox rejected the authorization code: it is mistyped, expired ' +
        `or already used. ${authorizeAgain}`,
      cause: error,
    });
  }
  if (code === 'invalid_grant') {
    return new CloudStorageError({
      kind: 'credentials-rejected',
      message:
        'Dropbox rejected the stored refresh token: access was removed in ' +
        `the Dropbox account settings, or the app key changed. ${reconnect}`,
      cause: error,
    });
  }
  return new CloudStorageError({
    kind: 'provider-error',
    message: `Dropbox rejected the ${
      subject.operation === 'code-exchange' ? 'code exchange' : 'token refresh'
    } (${code}). Ask a portal admin to check the Dropbox app settings.`,
    cause: error,
  });
}

/** Classifies HTTP 401, whose body is an `AuthError` union. */
function classifyAuthError(
  error: ResponseErrorFields,
  subject: DropboxErrorSubject,
): CloudStorageError {
  const [tag] = readTags(error.error);
  if (tag === 'expired_access_token') {
    return new CloudStorageError({
      kind: 'credentials-expired',
      message:
        'The Dropbox access token expired. The portal refreshes it and ' +
        'tries again.',
      cause: error,
    });
  }
  if (tag === 'missing_scope') {
    const required = (error.error as { error?: { required_scope?: unknown } })
      ?.error?.required_scope;
    const scope = typeof required === 'string' ? required : 'a permission';
    return new CloudStorageError({
      kind: 'access-denied',
      message:
        `The Dropbox app lacks the permission ${scope} for ` +
        `${describeOperation(subject)}. Ask a portal admin to enable it on ` +
        'the Permissions tab of the app in the Dropbox App Console, then ' +
        'reconnect Dropbox.',
      cause: error,
    });
  }
  if (tag === 'user_suspended') {
    return new CloudStorageError({
      kind: 'credentials-rejected',
      message:
        'Dropbox reports that the connected account is suspended. Resolve ' +
        `it with Dropbox, or connect another account. ${reconnect}`,
      cause: error,
    });
  }
  return new CloudStorageError({
    kind: 'credentials-rejected',
    message:
      `Dropbox rejected the stored access token (${
        tag ?? 'HTTP 401'
      }): access was removed in the Dropbox account settings or the ` +
      `token was revoked. ${reconnect}`,
    cause: error,
  });
}

/** Classifies HTTP 409, an endpoint-specific error union. */
function classifyRouteError(
  error: ResponseErrorFields,
  subject: DropboxErrorSubject,
): CloudStorageError {
  const tags = readTags(error.error);
  const summary = tags.join('/') || 'HTTP 409';
  const path = subject.path ? ` ${subject.path}` : '';
  const has = (tag: string) => tags.includes(tag);

  if (has('insufficient_space')) {
    const size =
      subject.fileBytes === undefined ? '' : ` (${subject.fileBytes} bytes)`;
    return new CloudStorageError({
      kind: 'quota-exceeded',
      message:
        `The Dropbox account has no space left for${path}${size}. Free ` +
        'some space in Dropbox or upgrade the plan, then sync again.',
      cause: error,
    });
  }
  if (has('too_many_write_operations')) {
    return new CloudStorageError({
      kind: 'throttled',
      message:
        'Dropbox is busy with other writes to this account ' +
        '(too_many_write_operations). Try again in a minute.',
      retryAfterMs: retryAfterOf(error),
      cause: error,
    });
  }
  if (has('conflict')) {
    return new CloudStorageError({
      kind: 'invalid-input',
      message:
        `Another item in the Dropbox app folder blocks${path} (${summary}). ` +
        'Rename or remove it in Dropbox, then sync again.',
      cause: error,
    });
  }
  if (has('malformed_path') || has('disallowed_name')) {
    return new CloudStorageError({
      kind: 'invalid-input',
      message:
        `Dropbox does not accept the path${path} (${summary}). Export ` +
        'with a shorter resource name made of letters and digits.',
      cause: error,
    });
  }
  if (
    has('no_write_permission') ||
    has('team_folder') ||
    has('restricted_content')
  ) {
    return new CloudStorageError({
      kind: 'access-denied',
      message:
        `Dropbox does not allow the portal to write${path} (${summary}). ` +
        'Check the sharing settings of the app folder, then sync again.',
      cause: error,
    });
  }
  if (has('content_hash_mismatch')) {
    return new CloudStorageError({
      kind: 'provider-error',
      retryable: true,
      message:
        `Dropbox received different bytes than were sent for${path} ` +
        '(content_hash_mismatch). Sync again.',
      cause: error,
    });
  }
  if (has('payload_too_large')) {
    return new CloudStorageError({
      kind: 'invalid-input',
      message:
        `The file${path} is larger than the 150 MiB that Dropbox accepts ` +
        'in one upload. Export fewer resources at once.',
      cause: error,
    });
  }
  if (has('not_found')) {
    return new CloudStorageError({
      kind: 'storage-not-found',
      message: `${path.trim() || 'The file'} was not found in Dropbox.`,
      cause: error,
    });
  }
  return new CloudStorageError({
    kind: 'provider-error',
    message: `Dropbox rejected ${describeOperation(subject)} (${summary}).`,
    cause: error,
  });
}

function classifyNetworkError(
  error: unknown,
  subject: DropboxErrorSubject,
): CloudStorageError {
  const name = (error as { name?: unknown })?.name;
  const code = (error as { code?: unknown })?.code;
  const origin = (error as { origin?: unknown })?.origin;
  const where = typeof origin === 'string' ? ` at ${origin}` : '';

  if (subject.cancelled) {
    return new CloudStorageError({
      kind: 'timed-out',
      retryable: false,
      message: 'The request to Dropbox was cancelled before it finished.',
      cause: error,
    });
  }
  if (
    name === 'TimeoutError' ||
    name === 'AbortError' ||
    code === 'ETIMEDOUT'
  ) {
    const limit = subject.timeoutMs ? ` within ${subject.timeoutMs} ms` : '';
    return new CloudStorageError({
      kind: 'timed-out',
      message:
        `Dropbox${where} did not respond${limit} during ` +
        `${describeOperation(subject)}. Try again later. If it keeps ` +
        'failing, ask a portal admin to check the network path and proxy.',
      cause: error,
    });
  }
  if (typeof code === 'string' && unreachableCodes.has(code)) {
    return new CloudStorageError({
      kind: 'unreachable',
      message:
        `The portal could not reach Dropbox${where} (${code}). Try again ` +
        'later. If it keeps failing, ask a portal admin to check the ' +
        'network path and the proxy settings.',
      cause: error,
    });
  }
  return new CloudStorageError({
    kind: 'provider-error',
    message:
      `${capitalize(describeOperation(subject))} failed unexpectedly. ` +
      'Try again later; the backend log has the error type.',
    cause: error,
  });
}

function describeOperation(subject: DropboxErrorSubject): string {
  const path = subject.path ? ` ${subject.path}` : '';
  switch (subject.operation) {
    case 'code-exchange':
      return 'the exchange of the authorization code';
    case 'token-refresh':
      return 'the refresh of the access token';
    case 'account':
      return 'reading the account name';
    case 'upload':
      return `the upload of${path || ' the file'}`;
    case 'remove':
      return `the deletion of${path || ' the file'}`;
    case 'revoke':
      return 'revoking the access token';
    default:
      return 'the connection test';
  }
}

/**
 * Reads the tags of a Dropbox error body, from `error_summary` such as
 * `path/conflict/file/...`, or from the nested `.tag` values.
 */
function readTags(body: unknown): string[] {
  const summary = (body as { error_summary?: unknown })?.error_summary;
  if (typeof summary === 'string') {
    return summary
      .split('/')
      .map(tag => tag.trim())
      .filter(tag => tag !== '' && !/^\.+$/.test(tag));
  }

  const tags: string[] = [];
  let union = (body as { error?: unknown })?.error;
  while (union && typeof union === 'object' && '.tag' in union) {
    const tag = String((union as Record<string, unknown>)['.tag']);
    tags.push(tag);
    union =
      (union as Record<string, unknown>)[tag] ??
      (union as Record<string, unknown>).reason;
  }
  return tags;
}

function summaryOf(error: ResponseErrorFields): string {
  return readTags(error.error).join('/') || `HTTP ${error.status}`;
}

function readHeader(
  headers: ResponseErrorFields['headers'],
  name: string,
): string | undefined {
  if (!headers) {
    return undefined;
  }
  if (typeof headers.get === 'function') {
    return headers.get(name) ?? undefined;
  }
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Reads the delay Dropbox asked for: the `Retry-After` header in seconds or
 * as an HTTP date, else the `retry_after` field of a rate limit body.
 */
function retryAfterOf(error: ResponseErrorFields): number | undefined {
  const header = readHeader(error.headers, 'retry-after')?.trim();
  if (header && /^\d+$/.test(header)) {
    return Number(header) * 1000;
  }
  if (header) {
    const date = Date.parse(header);
    if (!Number.isNaN(date)) {
      return Math.max(0, date - Date.now());
    }
  }

  const seconds = (error.error as { error?: { retry_after?: unknown } })?.error
    ?.retry_after;
  return typeof seconds === 'number' && seconds >= 0
    ? seconds * 1000
    : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
