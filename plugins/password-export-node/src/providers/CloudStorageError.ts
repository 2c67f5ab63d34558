/**
 * Category of a {@link CloudStorageError}.
 *
 * @remarks
 *
 * - `invalid-input`: a value the user or admin entered is malformed.
 * - `credentials-rejected`: the storage rejected the credentials, or an
 *   OAuth refresh token is revoked or invalid; the user must reconnect.
 * - `credentials-expired`: an OAuth access token expired; the backend
 *   refreshes the credentials and retries the call once.
 * - `storage-not-found`: the bucket, folder or account does not exist.
 * - `access-denied`: the credentials are valid but lack a permission.
 * - `quota-exceeded`: the storage is full or a quota is used up.
 * - `throttled`: the storage asked the portal to slow down.
 * - `unreachable`: the portal could not connect to the storage.
 * - `timed-out`: the storage sent no response in time.
 * - `provider-error`: any other failure, such as an HTTP 5xx response.
 *
 * @public
 */
export type CloudStorageErrorKind =
  | 'invalid-input'
  | 'credentials-rejected'
  | 'credentials-expired'
  | 'storage-not-found'
  | 'access-denied'
  | 'quota-exceeded'
  | 'throttled'
  | 'unreachable'
  | 'timed-out'
  | 'provider-error';

/**
 * Options of the {@link CloudStorageError} constructor.
 *
 * @public
 */
export interface CloudStorageErrorOptions {
  /** Category of the failure. */
  kind: CloudStorageErrorKind;
  /**
   * Message shown to the user: what failed and what to do. It must not
   * contain a secret.
   */
  message: string;
  /**
   * Whether trying again may succeed. Defaults to true for `throttled`,
   * `unreachable` and `timed-out`, false otherwise.
   */
  retryable?: boolean;
  /** Key of the input field the failure is about, if there is one. */
  field?: string;
  /** Delay in milliseconds the storage asked for before the next attempt. */
  retryAfterMs?: number;
  /** The underlying error, for logs. */
  cause?: unknown;
}

const retryableByDefault: ReadonlySet<CloudStorageErrorKind> = new Set([
  'throttled',
  'unreachable',
  'timed-out',
]);

/**
 * Failure of a cloud storage operation, with a category, a retry hint and a
 * message meant for the user.
 *
 * @public
 */
export class CloudStorageError extends Error {
  /** Category of the failure. */
  readonly kind: CloudStorageErrorKind;
  /** Whether trying again may succeed. */
  readonly retryable: boolean;
  /** Key of the input field the failure is about, if there is one. */
  readonly field?: string;
  /** Delay in milliseconds the storage asked for before the next attempt. */
  readonly retryAfterMs?: number;

  constructor(options: CloudStorageErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'CloudStorageError';
    this.kind = options.kind;
    this.retryable = options.retryable ?? retryableByDefault.has(options.kind);
    this.field = options.field;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/**
 * Tells whether a value is a {@link CloudStorageError}, also when it comes
 * from another copy of this package.
 *
 * @public
 */
export function isCloudStorageError(
  value: unknown,
): value is CloudStorageError {
  if (value instanceof CloudStorageError) {
    return true;
  }

  return (
    value instanceof Error &&
    value.name === 'CloudStorageError' &&
    typeof (value as Partial<CloudStorageError>).kind === 'string' &&
    typeof (value as Partial<CloudStorageError>).retryable === 'boolean'
  );
}
