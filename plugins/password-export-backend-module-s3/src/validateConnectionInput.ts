import { isIP } from 'node:net';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';

/**
 * Connection form of an S3 bucket, validated and trimmed.
 *
 * @public
 */
export interface S3ConnectionInput {
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  region: string;
  /** Origin of an S3-compatible store, such as `https://minio.example.com:9000`. */
  endpoint?: string;
}

/** Keys of the connection fields, shared by descriptors and validation. */
export const connectionFieldKeys = {
  accessKeyId: 'accessKeyId',
  secretAccessKey: 'secretAccessKey',
  bucket: 'bucket',
  region: 'region',
  endpoint: 'endpoint',
} as const;

const maxAccessKeyIdLength = 128;
const maxSecretLength = 256;

/**
 * Validates the form a user filled in to connect a bucket. Checks only the
 * format: whether the keys work is found out by writing to the bucket.
 *
 * @throws CloudStorageError of kind `invalid-input`, naming the field.
 * @public
 */
export function validateConnectionInput(
  input: Readonly<Record<string, string | undefined>>,
  options: { allowCustomEndpoints: boolean },
): S3ConnectionInput {
  const accessKeyId = validateAccessKeyId(
    input[connectionFieldKeys.accessKeyId],
  );
  const secretAccessKey = validateSecret(
    input[connectionFieldKeys.secretAccessKey],
  );
  const bucket = validateBucketName(input[connectionFieldKeys.bucket]);
  const { region, endpoint } = validateStorageLocation(input, options);

  return { accessKeyId, secretAccessKey, bucket, region, endpoint };
}

/**
 * Validates the region and the optional custom endpoint, which together
 * decide where requests go.
 *
 * @throws CloudStorageError of kind `invalid-input`, naming the field.
 * @public
 */
export function validateStorageLocation(
  input: Readonly<Record<string, string | undefined>>,
  options: { allowCustomEndpoints: boolean },
): { region: string; endpoint?: string } {
  const endpoint = validateEndpoint(
    input[connectionFieldKeys.endpoint],
    options.allowCustomEndpoints,
  );
  const region = validateRegion(
    input[connectionFieldKeys.region],
    endpoint !== undefined,
  );

  return { region, endpoint };
}

/**
 * Shortens an access key id for messages and logs: its last four characters,
 * after the `AKIA` or `ASIA` type prefix when it has one.
 *
 * @public
 */
export function maskAccessKeyId(accessKeyId: string): string {
  if (accessKeyId.length < 8) {
    return '…';
  }

  const typePrefix = /^A[KS]IA/.test(accessKeyId)
    ? accessKeyId.slice(0, 4)
    : '';
  return `${typePrefix}…${accessKeyId.slice(-4)}`;
}

function validateAccessKeyId(value: string | undefined): string {
  const accessKeyId = value?.trim() ?? '';
  if (accessKeyId === '') {
    throw invalidField(
      connectionFieldKeys.accessKeyId,
      'Access key id is missing. Enter the access key id of an IAM user or ' +
        'role that may write to the bucket.',
    );
  }
  if (/\s/.test(accessKeyId) || accessKeyId.length > maxAccessKeyIdLength) {
    throw invalidField(
      connectionFieldKeys.accessKeyId,
      `Access key id ${maskAccessKeyId(accessKeyId)} is invalid: it must be ` +
        `at most ${maxAccessKeyIdLength} characters without spaces. Copy it ` +
        'again from the AWS console.',
    );
  }
  return accessKeyId;
}

function validateSecret(value: string | undefined): string {
  // Never a fallback to the server's own credentials: an empty secret stops
  // here, before any S3 client exists.
  const secret = value?.trim() ?? '';
  if (secret === '') {
    throw invalidField(
      connectionFieldKeys.secretAccessKey,
      'Secret access key is missing. Enter the secret that belongs to the ' +
        'access key id.',
    );
  }
  if (/\s/.test(secret) || secret.length > maxSecretLength) {
    throw invalidField(
      connectionFieldKeys.secretAccessKey,
      'Secret access key is invalid: it contains spaces or is longer than ' +
        `${maxSecretLength} characters. Copy it again from the AWS console.`,
    );
  }
  return secret;
}

/**
 * Checks a bucket name against the naming rules of S3 general purpose
 * buckets and returns the first rule it breaks.
 */
function findBucketNameDefect(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) {
    return `it has ${name.length} characters, but must have 3 to 63`;
  }
  if (!/^[a-z0-9.-]+$/.test(name)) {
    return 'it may contain only lowercase letters, digits, dots and hyphens';
  }
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) {
    return 'it must begin and end with a lowercase letter or digit';
  }
  if (name.includes('..')) {
    return 'it must not contain two adjacent dots';
  }
  if (isIP(name) === 4) {
    return 'it must not be formatted as an IP address';
  }

  const reservedPrefix = ['xn--', 'sthree-', 'amzn-s3-demo-'].find(prefix =>
    name.startsWith(prefix),
  );
  if (reservedPrefix) {
    return `it must not begin with the reserved prefix "${reservedPrefix}"`;
  }
  const reservedSuffix = [
    '-s3alias',
    '--ol-s3',
    '.mrap',
    '--x-s3',
    '--table-s3',
  ].find(suffix => name.endsWith(suffix));
  if (reservedSuffix) {
    return `it must not end with the reserved suffix "${reservedSuffix}"`;
  }
  return undefined;
}

function validateBucketName(value: string | undefined): string {
  const bucket = value?.trim() ?? '';
  if (bucket === '') {
    throw invalidField(
      connectionFieldKeys.bucket,
      'Bucket is missing. Enter the name of an existing S3 bucket.',
    );
  }

  const defect = findBucketNameDefect(bucket);
  if (defect) {
    throw invalidField(
      connectionFieldKeys.bucket,
      `Bucket name "${bucket}" is invalid: ${defect}. Enter the name exactly ` +
        'as the S3 console shows it.',
    );
  }
  return bucket;
}

function validateRegion(
  value: string | undefined,
  hasEndpoint: boolean,
): string {
  const region = value?.trim() ?? '';
  if (region === '') {
    throw invalidField(
      connectionFieldKeys.region,
      'Region is missing. Enter the region of the bucket, such as eu-west-1.',
    );
  }

  // AWS region codes read area-direction-number, such as eu-west-1 or
  // us-gov-west-1. S3-compatible stores accept other names, such as "auto".
  const awsRegionPattern = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
  const otherRegionPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;
  const pattern = hasEndpoint ? otherRegionPattern : awsRegionPattern;
  if (!pattern.test(region)) {
    throw invalidField(
      connectionFieldKeys.region,
      `Region "${region}" is invalid. Enter a region code such as ` +
        'eu-west-1 or us-east-1, as the S3 console shows it beside the bucket.',
    );
  }
  return region;
}

function validateEndpoint(
  value: string | undefined,
  allowCustomEndpoints: boolean,
): string | undefined {
  const text = value?.trim() ?? '';
  if (text === '') {
    return undefined;
  }
  if (!allowCustomEndpoints) {
    throw invalidField(
      connectionFieldKeys.endpoint,
      'Custom endpoints are disabled on this portal. Leave the endpoint ' +
        'empty to use Amazon S3, or ask a portal admin to allow custom ' +
        'endpoints.',
    );
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalidEndpoint(text, 'it is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalidEndpoint(text, 'it must start with https:// or http://');
  }
  if (url.username || url.password) {
    // The URL is not echoed, because it contains credentials.
    throw invalidField(
      connectionFieldKeys.endpoint,
      'Endpoint is invalid: it must not contain a user name or password. ' +
        'Enter the keys in their own fields.',
    );
  }
  if (url.pathname !== '/' || url.search || url.hash) {
    throw invalidEndpoint(
      text,
      'it must not have a path, query or fragment, because the bucket name ' +
        'is added as the path',
    );
  }
  if (isLinkLocalHost(url.hostname)) {
    throw invalidEndpoint(
      text,
      'link-local addresses, such as cloud instance metadata services, are ' +
        'not allowed',
    );
  }
  return url.origin;
}

/**
 * Tells whether a host is a link-local IP address, where cloud providers
 * serve instance metadata and credentials.
 */
function isLinkLocalHost(hostname: string): boolean {
  // NOTE: this checks literal addresses only. A DNS name that resolves to a
  // link-local address passes, so deployments on cloud instances should
  // also block the metadata address at the network level.
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (isIP(host) === 4) {
    return host.startsWith('169.254.');
  }
  if (isIP(host) === 6) {
    return (
      /^fe[89ab]/.test(host) ||
      host === 'fd00:ec2::254' ||
      host.startsWith('::ffff:a9fe:')
    );
  }
  return false;
}

function invalidEndpoint(text: string, defect: string): CloudStorageError {
  // A value with "@" may carry credentials in a form the URL parser did not
  // recognize, so it is not echoed.
  const subject = text.includes('@') ? 'Endpoint' : `Endpoint "${text}"`;
  return invalidField(
    connectionFieldKeys.endpoint,
    `${subject} is invalid: ${defect}. Enter the base URL of the ` +
      'S3-compatible store, such as https://minio.example.com:9000.',
  );
}

function invalidField(field: string, message: string): CloudStorageError {
  return new CloudStorageError({ kind: 'invalid-input', field, message });
}
