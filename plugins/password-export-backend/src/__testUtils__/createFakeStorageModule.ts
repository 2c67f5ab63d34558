import { createBackendModule } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  CloudStorageConnectContext,
  CloudStorageConnection,
  CloudStorageError,
  CloudStorageField,
  CloudStorageProvider,
  CloudStorageRemoveContext,
  CloudStorageSettings,
  CloudStorageTestConnectionContext,
  CloudStorageTestConnectionResult,
  CloudStorageUploadContext,
  CloudStorageUploadResult,
  CloudStorageUserContext,
  passwordExportProvidersExtensionPoint,
} from '@internal/backstage-plugin-password-export-node';

/** A file the fake storage holds. */
export interface FakeStoredFile {
  content: Buffer;
  contentType: string;
  metadata: Record<string, string>;
}

/** Context of one upload as the fake storage received it. */
export interface FakeUploadCall {
  settings: CloudStorageSettings;
  credentials: JsonObject;
  timeoutMs: number;
  signalAborted: boolean;
}

/**
 * A cloud storage provider that keeps files in memory and follows the
 * provider contract: it validates input, names the field of a bad value, and
 * throws `CloudStorageError`s. Tests set `nextError` to make the next
 * upload fail.
 */
export class FakeStorageProvider implements CloudStorageProvider {
  readonly connectionMethod = 'credentials-form' as const;
  readonly settings: CloudStorageField[] = [
    {
      key: 'folder',
      title: 'Folder',
      type: 'string',
      required: true,
      default: 'exports',
    },
    {
      key: 'clientSecret',
      title: 'Client secret',
      type: 'string',
      secret: true,
    },
    {
      key: 'mode',
      title: 'Mode',
      type: 'enum',
      options: [
        { value: 'fast', title: 'Fast' },
        { value: 'safe', title: 'Safe' },
      ],
      default: 'fast',
    },
    { key: 'shared', title: 'Shared', type: 'boolean', default: false },
  ];
  readonly connectionFields: CloudStorageField[] = [
    {
      key: 'token',
      title: 'Token',
      type: 'string',
      required: true,
      secret: true,
    },
    { key: 'bucket', title: 'Bucket', type: 'string', required: true },
    {
      key: 'tier',
      title: 'Tier',
      type: 'enum',
      options: [
        { value: 'hot', title: 'Hot' },
        { value: 'cold', title: 'Cold' },
      ],
    },
  ];
  readonly testConnectionFields: CloudStorageField[] = [
    { key: 'region', title: 'Region', type: 'string' },
  ];

  /** Files by `<bucket>/<folder>/<name>`. */
  readonly files = new Map<string, FakeStoredFile>();
  readonly uploads: FakeUploadCall[] = [];
  readonly disconnected: JsonObject[] = [];
  readonly testedSettings: CloudStorageSettings[] = [];
  /** Error thrown by the next upload, then cleared. */
  nextError?: Error;

  constructor(readonly id: string, readonly title: string) {}

  validateSettings(settings: CloudStorageSettings): void {
    if (String(settings.folder).includes('..')) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        field: 'folder',
        message: 'The folder must not contain ".."',
      });
    }
  }

  async testConnection(
    context: CloudStorageTestConnectionContext,
  ): Promise<CloudStorageTestConnectionResult> {
    this.testedSettings.push(context.settings);
    return {
      ok: true,
      message: `Reached the fake storage in ${
        context.input.region ?? 'any'
      } region`,
      durationMs: 1,
    };
  }

  async connect(
    context: CloudStorageConnectContext,
  ): Promise<CloudStorageConnection> {
    const { token, bucket } = context.input;
    if (token.startsWith('bad')) {
      throw new CloudStorageError({
        kind: 'invalid-input',
        field: 'token',
        message: 'Token is malformed: it must not start with "bad".',
      });
    }
    if (bucket === 'missing') {
      throw new CloudStorageError({
        kind: 'storage-not-found',
        field: 'bucket',
        message: 'Bucket "missing" does not exist.',
      });
    }
    return { credentials: { token, bucket }, accountLabel: `bucket ${bucket}` };
  }

  async upload(
    context: CloudStorageUploadContext,
  ): Promise<CloudStorageUploadResult> {
    this.uploads.push({
      settings: context.settings,
      credentials: context.credentials,
      timeoutMs: context.timeoutMs,
      signalAborted: context.signal.aborted,
    });
    const error = this.nextError;
    this.nextError = undefined;
    if (error) {
      throw error;
    }

    const key = `${context.credentials.bucket}/${context.settings.folder}/${context.file.name}`;
    this.files.set(key, {
      content: context.file.content,
      contentType: context.file.contentType,
      metadata: { ...context.file.metadata },
    });
    return { location: `fake://${key}`, remoteId: key };
  }

  async remove(context: CloudStorageRemoveContext): Promise<void> {
    this.files.delete(context.remoteId);
  }

  async disconnect(context: CloudStorageUserContext): Promise<void> {
    this.disconnected.push(context.credentials);
  }
}

/** Creates a backend module that adds the given providers through the real extension point. */
export function createFakeStorageModule(
  moduleId: string,
  providers: CloudStorageProvider[],
) {
  return createBackendModule({
    pluginId: 'password-export',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { extension: passwordExportProvidersExtensionPoint },
        async init({ extension }) {
          for (const provider of providers) {
            extension.addProvider(provider);
          }
        },
      });
    },
  });
}
