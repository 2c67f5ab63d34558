import {
  DeleteObjectCommand,
  PutObjectCommand,
  PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { Config } from '@backstage/config';
import {
  CloudStorageConnectContext,
  CloudStorageConnection,
  CloudStorageError,
  CloudStorageField,
  CloudStorageFile,
  CloudStorageOperationContext,
  CloudStorageProvider,
  CloudStorageSettings,
  CloudStorageRemoveContext,
  CloudStorageTestConnectionContext,
  CloudStorageTestConnectionResult,
  CloudStorageUploadContext,
  CloudStorageUploadResult,
  CloudStorageUserContext,
  createOutboundAgent,
  OutboundAgent,
  RetryOptions,
  withRetries,
} from '@internal/backstage-plugin-password-export-node';
import { JsonObject } from '@backstage/types';
import { createHash, randomUUID } from 'node:crypto';
import {
  classifyS3Error,
  describeStorage,
  S3ErrorSubject,
} from './classifyS3Error';
import {
  createS3SettingFields,
  readS3ProviderDefaults,
  resolveS3Settings,
  S3ProviderSettings,
} from './config';
import {
  createS3Client,
  resolveServiceUrl,
  UserS3Client,
} from './createS3Client';
import { probeEndpoint } from './probeEndpoint';
import {
  connectionFieldKeys,
  maskAccessKeyId,
  S3ConnectionInput,
  validateConnectionInput,
  validateStorageLocation,
} from './validateConnectionInput';

/** Media type of the marker object written to prove write access. */
const markerContentType = 'text/plain; charset=utf-8';

/** Bytes hashed per event loop turn when computing the MD5 of an upload. */
const md5SliceBytes = 1024 * 1024;

/** Maximum length of an uploaded file name, in characters. */
const maxFileNameLength = 255;

/**
 * Options of {@link S3StorageProvider.fromConfig}.
 *
 * @public
 */
export interface S3StorageProviderOptions {
  /**
   * Limits of the retries of transient failures. The defaults of
   * `withRetries` apply otherwise.
   */
  retry?: Omit<RetryOptions, 'signal' | 'logger'>;
}

/**
 * Cloud storage provider that uploads exports to a user's own Amazon S3
 * bucket, or to an S3-compatible store, with the user's own access keys.
 *
 * @public
 */
export class S3StorageProvider implements CloudStorageProvider {
  readonly id = 's3';
  readonly title = 'Amazon S3';
  readonly connectionMethod = 'credentials-form' as const;
  readonly settings: CloudStorageField[];
  readonly connectionFields: CloudStorageField[] = [
    {
      key: connectionFieldKeys.accessKeyId,
      title: 'Access key id',
      description: 'Access key id of an IAM user that may write to the bucket.',
      type: 'string',
      required: true,
      placeholder: 'AKIAIOSFODNN7EXAMPLE',
    },
    {
      key: connectionFieldKeys.secretAccessKey,
      title: 'Secret access key',
      description:
        'Secret issued with the access key id. It is stored encrypted.',
      type: 'string',
      required: true,
      secret: true,
    },
    {
      key: connectionFieldKeys.bucket,
      title: 'Bucket',
      description: 'Name of an existing bucket.',
      type: 'string',
      required: true,
      placeholder: 'my-password-exports',
    },
    {
      key: connectionFieldKeys.region,
      title: 'Region',
      description: 'Region the bucket was created in.',
      type: 'string',
      required: true,
      placeholder: 'eu-west-1',
    },
    {
      key: connectionFieldKeys.endpoint,
      title: 'Endpoint (S3-compatible stores only)',
      description:
        'Base URL of an S3-compatible store, such as ' +
        'https://minio.example.com:9000. Leave empty for Amazon S3. Only ' +
        'available when a portal admin allows custom endpoints.',
      type: 'string',
    },
  ];
  readonly testConnectionFields: CloudStorageField[] = [
    {
      key: connectionFieldKeys.region,
      title: 'Region',
      description: 'Region whose S3 endpoint the portal should reach.',
      type: 'string',
      default: 'us-east-1',
    },
    {
      key: connectionFieldKeys.endpoint,
      title: 'Endpoint',
      description:
        'Base URL of an S3-compatible store to reach instead of Amazon S3.',
      type: 'string',
    },
  ];

  private readonly defaults: S3ProviderSettings;
  private readonly retry: S3StorageProviderOptions['retry'];

  /** Creates the provider with the presets in `passwordExport.providers.s3`. */
  static fromConfig(
    config: Config,
    options: S3StorageProviderOptions = {},
  ): S3StorageProvider {
    return new S3StorageProvider(readS3ProviderDefaults(config), options);
  }

  private constructor(
    defaults: S3ProviderSettings,
    options: S3StorageProviderOptions,
  ) {
    this.defaults = defaults;
    this.retry = options.retry;
    this.settings = createS3SettingFields(defaults);
  }

  validateSettings(settings: CloudStorageSettings): void {
    resolveS3Settings(settings, this.defaults);
  }

  async testConnection(
    context: CloudStorageTestConnectionContext,
  ): Promise<CloudStorageTestConnectionResult> {
    const startedAt = Date.now();
    let url: string | undefined;
    let proxy: string | undefined;
    let agent: OutboundAgent['agent'] | undefined;

    try {
      const settings = resolveS3Settings(context.settings, this.defaults);
      const location = validateStorageLocation(
        {
          region: context.input.region || 'us-east-1',
          endpoint: context.input.endpoint,
        },
        settings,
      );
      url = resolveServiceUrl(location);
      ({ agent, proxy } = createOutboundAgent(url));

      const response = await probeEndpoint(url, {
        agent,
        timeoutMs: context.timeoutMs,
        signal: context.signal,
      });
      return describeProbe(url, location, response.statusCode, {
        durationMs: Date.now() - startedAt,
        proxy,
      });
    } catch (error) {
      const classified = classifyS3Error(error, {
        accessKeyId: '',
        bucket: '',
        region: context.input.region || 'us-east-1',
        endpoint: url,
        timeoutMs: context.timeoutMs,
      });
      context.logger.warn('S3 connection test failed', {
        url: url ?? 'none',
        proxy: proxy ?? 'none',
        kind: classified.kind,
        error: (error as Error)?.message ?? String(error),
      });
      return {
        ok: false,
        durationMs: Date.now() - startedAt,
        proxy,
        message: classified.message,
      };
    } finally {
      agent?.destroy();
    }
  }

  async connect(
    context: CloudStorageConnectContext,
  ): Promise<CloudStorageConnection> {
    const settings = resolveS3Settings(context.settings, this.defaults);
    const connection = validateConnectionInput(context.input, settings);

    // A marker object proves that the keys may write and delete under the
    // prefix, which is what uploads and removals need.
    const markerKey = `${settings.prefix}.connection-check-${randomUUID()}`;
    await this.withClient(connection, context, async s3 => {
      const subject = {
        ...connection,
        key: markerKey,
        timeoutMs: context.timeoutMs,
      };
      const marker = new PutObjectCommand({
        Bucket: connection.bucket,
        Key: markerKey,
        Body: 'Written by the password export portal to check write access.',
        ContentType: markerContentType,
        ...encryptionParameters(settings),
      });
      await this.send(context, subject, abortSignal =>
        s3.client.send(marker, { abortSignal }),
      );

      const removal = new DeleteObjectCommand({
        Bucket: connection.bucket,
        Key: markerKey,
      });
      await this.send(context, subject, abortSignal =>
        s3.client.send(removal, { abortSignal }),
      );
    });

    context.logger.info('Connected S3 bucket', {
      bucket: connection.bucket,
      region: connection.region,
      endpoint: connection.endpoint ?? 'aws',
      accessKeyId: maskAccessKeyId(connection.accessKeyId),
    });
    return {
      credentials: toCredentials(connection),
      accountLabel: describeConnection(connection),
    };
  }

  async upload(
    context: CloudStorageUploadContext,
  ): Promise<CloudStorageUploadResult> {
    const settings = resolveS3Settings(context.settings, this.defaults);
    const connection = readCredentials(context.credentials, settings);
    const key = `${settings.prefix}${validateFileName(context.file.name)}`;
    validateSha256(context.file.sha256);
    const input: PutObjectCommandInput = {
      Bucket: connection.bucket,
      Key: key,
      Body: context.file.content,
      ContentLength: context.file.content.length,
      ContentType: context.file.contentType,
      Metadata: buildMetadata(context.file),
      // Amazon S3 verifies this checksum and rejects a body that differs.
      ChecksumSHA256: Buffer.from(context.file.sha256, 'hex').toString(
        'base64',
      ),
      ...encryptionParameters(settings),
    };

    const startedAt = Date.now();
    await this.withClient(connection, context, async s3 => {
      const subject = { ...connection, key, timeoutMs: context.timeoutMs };
      // The MD5 is computed in slices while the request is in flight, so
      // that hashing overlaps with the transfer.
      const md5 = computeMd5InSlices(context.file.content);
      await this.send(context, subject, async abortSignal => {
        const output = await s3.client.send(
          createPutCommand(input, context.file.sha256),
          { abortSignal },
        );
        verifyEtag(output, await md5, subject);
      });
    });

    context.logger.info('Uploaded file to S3', {
      bucket: connection.bucket,
      key,
      bytes: context.file.content.length,
      durationMs: Date.now() - startedAt,
    });
    return { location: `s3://${connection.bucket}/${key}`, remoteId: key };
  }

  async remove(context: CloudStorageRemoveContext): Promise<void> {
    const settings = resolveS3Settings(context.settings, this.defaults);
    const connection = readCredentials(context.credentials, settings);
    const key = context.remoteId;
    if (!key) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        message: 'The remote id of the file to delete is missing.',
      });
    }

    // DeleteObject succeeds on a key that no longer exists.
    await this.withClient(connection, context, async s3 => {
      const subject = { ...connection, key, timeoutMs: context.timeoutMs };
      const removal = new DeleteObjectCommand({
        Bucket: connection.bucket,
        Key: key,
      });
      await this.send(context, subject, abortSignal =>
        s3.client.send(removal, { abortSignal }),
      );
    });
    context.logger.info('Deleted file from S3', {
      bucket: connection.bucket,
      key,
    });
  }

  async disconnect(context: CloudStorageUserContext): Promise<void> {
    // Access keys belong to the user's AWS account; the portal has nothing
    // to revoke. Deleting the stored keys is the whole disconnection.
    context.logger.info('Disconnected S3 bucket', {
      bucket: String(context.credentials.bucket ?? ''),
    });
  }

  private async withClient<T>(
    connection: S3ConnectionInput,
    context: CloudStorageOperationContext,
    run: (s3: UserS3Client) => Promise<T>,
  ): Promise<T> {
    let s3: UserS3Client;
    try {
      s3 = createS3Client(connection, context.timeoutMs);
    } catch (error) {
      throw classifyS3Error(error, connection);
    }

    try {
      return await run(s3);
    } finally {
      s3.destroy();
    }
  }

  /** Sends one request, classifying errors and retrying transient ones. */
  private send<T>(
    context: CloudStorageOperationContext,
    subject: S3ErrorSubject,
    request: (abortSignal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    return withRetries(
      async () => {
        try {
          return await request(context.signal);
        } catch (error) {
          throw classifyS3Error(error, subject);
        }
      },
      { ...this.retry, signal: context.signal, logger: context.logger },
    );
  }
}

/** Turns the status of the probe into the result of "Test connection". */
function describeProbe(
  url: string,
  location: { region: string; endpoint?: string },
  statusCode: number,
  timing: { durationMs: number; proxy?: string },
): CloudStorageTestConnectionResult {
  const via = timing.proxy ? ` through the proxy ${timing.proxy}` : ' directly';
  if (statusCode >= 500) {
    return {
      ok: false,
      ...timing,
      message:
        `Reached ${url}${via}, but it answered HTTP ${statusCode}. A proxy ` +
        'answers so when it cannot reach the endpoint; check its allow list.',
    };
  }

  return {
    ok: true,
    ...timing,
    message:
      `Reached ${describeStorage(location)} at ${url}${via} in ` +
      `${timing.durationMs} ms (HTTP ${statusCode} to an unsigned request).`,
  };
}

/**
 * Creates the PutObject command with the file's SHA-256 as the signed
 * payload hash.
 *
 * @remarks
 *
 * The SigV4 signer takes the payload hash from the `x-amz-content-sha256`
 * header when it is present, instead of hashing the body again, and S3
 * rejects a body whose SHA-256 differs (XAmzContentSHA256Mismatch).
 */
function createPutCommand(
  input: PutObjectCommandInput,
  sha256: string,
): PutObjectCommand {
  const command = new PutObjectCommand(input);
  command.middlewareStack.add(
    next => async args => {
      const request = args.request as { headers?: Record<string, string> };
      if (request.headers) {
        request.headers['x-amz-content-sha256'] = sha256;
      }
      return next(args);
    },
    { step: 'build', name: 'passwordExportPayloadHash' },
  );
  return command;
}

function validateSha256(sha256: string): void {
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message:
        `File SHA-256 "${sha256}" is invalid: it must be 64 lowercase ` +
        'hexadecimal digits.',
    });
  }
}

function encryptionParameters(
  settings: S3ProviderSettings,
): Pick<PutObjectCommandInput, 'ServerSideEncryption' | 'SSEKMSKeyId'> {
  if (settings.serverSideEncryption === 'AES256') {
    return { ServerSideEncryption: 'AES256' };
  }
  if (settings.serverSideEncryption === 'aws:kms') {
    return { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: settings.kmsKeyId };
  }
  return {};
}

/**
 * Maps file metadata to S3 user metadata, which the SDK sends as
 * `x-amz-meta-<key>` headers, and adds the SHA-256 of the content.
 */
function buildMetadata(file: CloudStorageFile): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(file.metadata)) {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(key) || !/^[\x20-\x7e]*$/.test(value)) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        message:
          `Metadata entry "${key}" cannot be stored in S3: keys must be ` +
          'lowercase letters, digits and hyphens, and values printable ASCII.',
      });
    }
    metadata[key] = value;
  }
  metadata.sha256 = file.sha256;
  return metadata;
}

function validateFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const invalid = /[/\\\u0000-\u001f\u007f]/.test(name);
  if (
    !name ||
    invalid ||
    name === '.' ||
    name === '..' ||
    name.length > maxFileNameLength
  ) {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message:
        `File name "${name}" is invalid: it must be 1 to ` +
        `${maxFileNameLength} characters without slashes or control ` +
        'characters.',
    });
  }
  return name;
}

/**
 * Compares the ETag S3 returned with the MD5 of the content. S3 returns the
 * MD5 as ETag for single-part uploads without SSE-KMS, so a mismatch means
 * the store kept different bytes than were sent.
 */
function verifyEtag(
  output: { ETag?: string; ServerSideEncryption?: string },
  md5: string,
  subject: S3ErrorSubject,
): void {
  const etag = output.ETag?.replace(/"/g, '').toLowerCase();
  const kms = output.ServerSideEncryption?.startsWith('aws:kms');
  if (!etag || kms || !/^[0-9a-f]{32}$/.test(etag)) {
    return;
  }

  if (etag !== md5) {
    throw new CloudStorageError({
      kind: 'provider-error',
      retryable: true,
      message:
        `${capitalize(describeStorage(subject))} stored ` +
        `s3://${subject.bucket}/${subject.key} with a different checksum ` +
        `than was sent (ETag ${etag}, expected ${md5}). Try the sync again.`,
    });
  }
}

/**
 * Computes the hex MD5 of a buffer one slice per event loop turn, so that
 * network I/O can proceed between slices.
 */
async function computeMd5InSlices(content: Buffer): Promise<string> {
  const hash = createHash('md5');
  for (let offset = 0; offset < content.length; offset += md5SliceBytes) {
    await new Promise(resolve => setImmediate(resolve));
    hash.update(content.subarray(offset, offset + md5SliceBytes));
  }
  return hash.digest('hex');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function toCredentials(connection: S3ConnectionInput): JsonObject {
  const credentials: JsonObject = {
    accessKeyId: connection.accessKeyId,
    secretAccessKey: connection.secretAccessKey,
    bucket: connection.bucket,
    region: connection.region,
  };
  if (connection.endpoint) {
    credentials.endpoint = connection.endpoint;
  }
  return credentials;
}

/**
 * Reads stored credentials back, validating them again so that a bucket
 * whose custom endpoint an admin has since disallowed is not used.
 */
function readCredentials(
  credentials: JsonObject,
  settings: S3ProviderSettings,
): S3ConnectionInput {
  const text = (value: unknown) =>
    typeof value === 'string' ? value : undefined;
  return validateConnectionInput(
    {
      accessKeyId: text(credentials.accessKeyId),
      secretAccessKey: text(credentials.secretAccessKey),
      bucket: text(credentials.bucket),
      region: text(credentials.region),
      endpoint: text(credentials.endpoint),
    },
    settings,
  );
}

function describeConnection(connection: S3ConnectionInput): string {
  if (connection.endpoint) {
    return `bucket ${connection.bucket} at ${connection.endpoint}`;
  }
  return `bucket ${connection.bucket} (${connection.region})`;
}
