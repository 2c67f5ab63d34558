import { S3ServiceException } from '@aws-sdk/client-s3';
import {
  CloudStorageError,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';
import {
  connectionFieldKeys,
  maskAccessKeyId,
} from './validateConnectionInput';

/**
 * Values that a classified error message may name. The secret access key is
 * deliberately absent.
 */
export interface S3ErrorSubject {
  accessKeyId: string;
  bucket: string;
  region: string;
  endpoint?: string;
  /** Object key the request was about, if any. */
  key?: string;
  /** Timeout that applied to the request, in milliseconds. */
  timeoutMs?: number;
}

/** Network error codes that mean the endpoint could not be reached. */
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

/** Error codes of S3 and S3-compatible stores that mean "storage is full". */
const quotaCodes = new Set([
  'QuotaExceeded',
  'XMinioStorageFull',
  'XMinioAdminBucketQuotaExceeded',
  'TooManyBuckets',
]);

/** Error codes that ask the client to slow down. */
const throttlingCodes = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'TooManyRequests',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

/**
 * Turns an error of the AWS SDK or of the network into a
 * {@link CloudStorageError} whose message names the fix.
 *
 * @remarks
 *
 * Messages name the bucket, region, endpoint and a masked access key id,
 * never the secret access key. The original error stays as `cause` for logs.
 */
export function classifyS3Error(
  error: unknown,
  subject: S3ErrorSubject,
): CloudStorageError {
  if (isCloudStorageError(error)) {
    return error;
  }

  const name = (error as { name?: unknown })?.name;
  const code = (error as { code?: unknown })?.code;
  const status = httpStatusOf(error);
  const storage = describeStorage(subject);
  const storageName = capitalize(storage);

  if (name === 'AbortError') {
    return new CloudStorageError({
      kind: 'timed-out',
      retryable: false,
      message: `The request to ${storage} was cancelled before it finished.`,
      cause: error,
    });
  }
  if (
    name === 'TimeoutError' ||
    code === 'ETIMEDOUT' ||
    name === 'RequestTimeout'
  ) {
    const limit = subject.timeoutMs ? ` within ${subject.timeoutMs} ms` : '';
    return new CloudStorageError({
      kind: 'timed-out',
      message:
        `${storageName} did not respond${limit}. Try again later. If it ` +
        'keeps failing, check the network path and the proxy to S3.',
      cause: error,
    });
  }
  if (typeof code === 'string' && unreachableCodes.has(code)) {
    return new CloudStorageError({
      kind: 'unreachable',
      message:
        `The portal could not reach ${storage} (${code}). Check the endpoint ` +
        'and region, and ask a portal admin to check the proxy settings.',
      cause: error,
    });
  }
  if (typeof name === 'string' && status !== undefined) {
    return classifyServiceError(name, status, subject, error);
  }

  return new CloudStorageError({
    kind: 'provider-error',
    message: `The request to ${storage} failed unexpectedly. Try again later.`,
    cause: error,
  });
}

function classifyServiceError(
  code: string,
  status: number,
  subject: S3ErrorSubject,
  error: unknown,
): CloudStorageError {
  const storage = describeStorage(subject);
  const storageName = capitalize(storage);
  const keyId = maskAccessKeyId(subject.accessKeyId);
  const bucket = subject.bucket;

  if (code === 'InvalidAccessKeyId') {
    return new CloudStorageError({
      kind: 'credentials-rejected',
      field: connectionFieldKeys.accessKeyId,
      message:
        `${storageName} rejected the access key id ${keyId}: it does ` +
        'not exist. Check the key id in your S3 connection, or create a new ' +
        'access key.',
      cause: error,
    });
  }
  if (code === 'SignatureDoesNotMatch') {
    return new CloudStorageError({
      kind: 'credentials-rejected',
      field: connectionFieldKeys.secretAccessKey,
      message:
        `${storageName} rejected the secret access key of access key ` +
        `id ${keyId}: the request signature does not match. Enter the secret ` +
        'that was issued with this key id.',
      cause: error,
    });
  }
  if (code === 'InvalidToken' || code === 'ExpiredToken') {
    return new CloudStorageError({
      kind: 'credentials-rejected',
      field: connectionFieldKeys.accessKeyId,
      message:
        `${storageName} rejected access key id ${keyId} as temporary ` +
        'or expired. Use the long-term access key of an IAM user.',
      cause: error,
    });
  }
  if (code === 'NoSuchBucket' || (status === 404 && code !== 'NoSuchKey')) {
    return new CloudStorageError({
      kind: 'storage-not-found',
      field: connectionFieldKeys.bucket,
      message:
        `Bucket "${bucket}" was not found at ${storage}. Check the bucket ` +
        'name, or create the bucket first.',
      cause: error,
    });
  }
  if (
    code === 'AuthorizationHeaderMalformed' ||
    code === 'PermanentRedirect' ||
    code === 'IllegalLocationConstraintException' ||
    status === 301
  ) {
    return new CloudStorageError({
      kind: 'invalid-input',
      field: connectionFieldKeys.region,
      message:
        `Bucket "${bucket}" is not in region ${subject.region}. Enter the ` +
        'region the bucket was created in, as the S3 console shows it.',
      cause: error,
    });
  }
  if (code.startsWith('KMS.') || code === 'KMSKeyNotFound') {
    return new CloudStorageError({
      kind: 'access-denied',
      message:
        `The KMS key for server-side encryption could not be used with ` +
        `access key id ${keyId} (${code}). Ask a portal admin to check the ` +
        'KMS key id setting, and allow kms:GenerateDataKey on that key.',
      cause: error,
    });
  }
  if (quotaCodes.has(code) || status === 507) {
    return new CloudStorageError({
      kind: 'quota-exceeded',
      message:
        `${storageName} is out of space or quota for bucket "${bucket}" ` +
        `(${code}). Free some space or raise the quota.`,
      cause: error,
    });
  }
  if (
    code === 'AccessDenied' ||
    code === 'AllAccessDisabled' ||
    status === 403
  ) {
    const target = subject.key
      ? `s3://${bucket}/${subject.key}`
      : `bucket "${bucket}"`;
    return new CloudStorageError({
      kind: 'access-denied',
      message:
        `Access key id ${keyId} is not allowed to write to ${target}. Grant ` +
        `s3:PutObject and s3:DeleteObject on arn:aws:s3:::${bucket}/* to the ` +
        'key, or connect a bucket it may write to.',
      cause: error,
    });
  }
  if (throttlingCodes.has(code) || status === 429) {
    return new CloudStorageError({
      kind: 'throttled',
      message:
        `${storageName} asked the portal to slow down (${code}). Try again ` +
        'in a minute.',
      retryAfterMs: retryAfterOf(error),
      cause: error,
    });
  }
  if (code === 'XAmzContentSHA256Mismatch' || code === 'BadDigest') {
    return new CloudStorageError({
      kind: 'provider-error',
      message:
        `${storageName} rejected the upload to bucket "${bucket}" because ` +
        `the content does not match its checksum (${code}). Export the ` +
        'file again.',
      cause: error,
    });
  }
  if (code === 'InvalidBucketName') {
    return new CloudStorageError({
      kind: 'invalid-input',
      field: connectionFieldKeys.bucket,
      message:
        `Bucket name "${bucket}" is invalid for ${storage}. Enter the name ` +
        'exactly as the console shows it.',
      cause: error,
    });
  }
  if (status >= 500) {
    return new CloudStorageError({
      kind: 'provider-error',
      retryable: true,
      message:
        `${storageName} failed with ${code} (HTTP ${status}). Try again ` +
        'later.',
      retryAfterMs: retryAfterOf(error),
      cause: error,
    });
  }

  return new CloudStorageError({
    kind: 'provider-error',
    message:
      `${storageName} rejected the request with ${code} (HTTP ${status}) ` +
      `for bucket "${bucket}".`,
    cause: error,
  });
}

/**
 * Names the storage in messages: Amazon S3 with its region, or the custom
 * endpoint.
 */
export function describeStorage(subject: {
  region: string;
  endpoint?: string;
}): string {
  return subject.endpoint
    ? `the S3 endpoint ${subject.endpoint}`
    : `Amazon S3 in ${subject.region}`;
}

function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof S3ServiceException) {
    return error.$metadata.httpStatusCode;
  }
  const metadata = (error as { $metadata?: { httpStatusCode?: unknown } })
    ?.$metadata;
  return typeof metadata?.httpStatusCode === 'number'
    ? metadata.httpStatusCode
    : undefined;
}

/** Reads a Retry-After header given in seconds, if the response had one. */
function retryAfterOf(error: unknown): number | undefined {
  const headers = (
    error as { $response?: { headers?: Record<string, string> } }
  )?.$response?.headers;
  const value = headers?.['retry-after'];
  if (value === undefined || !/^\d+$/.test(value)) {
    return undefined;
  }
  return Number(value) * 1000;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
