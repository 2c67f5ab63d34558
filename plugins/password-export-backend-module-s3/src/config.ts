import { Config } from '@backstage/config';
import {
  CloudStorageError,
  CloudStorageField,
  CloudStorageSettings,
} from '@internal/backstage-plugin-password-export-node';

/**
 * Server-side encryption that S3 applies to uploaded files: none, SSE-S3
 * (`AES256`) or SSE-KMS (`aws:kms`).
 *
 * @public
 */
export type S3ServerSideEncryption = 'none' | 'AES256' | 'aws:kms';

/**
 * The admin settings of the S3 provider, validated and with defaults applied.
 *
 * @public
 */
export interface S3ProviderSettings {
  /** Object key prefix: empty, or ending with `/`. */
  prefix: string;
  /** Server-side encryption mode. */
  serverSideEncryption: S3ServerSideEncryption;
  /** KMS key id or ARN, used only with `aws:kms`. */
  kmsKeyId?: string;
  /** Whether users may connect S3-compatible stores at their own endpoint. */
  allowCustomEndpoints: boolean;
}

/** Keys of the admin settings, shared by config, descriptors and validation. */
export const settingKeys = {
  prefix: 'prefix',
  serverSideEncryption: 'serverSideEncryption',
  kmsKeyId: 'kmsKeyId',
  allowCustomEndpoints: 'allowCustomEndpoints',
} as const;

const builtInDefaults: S3ProviderSettings = {
  prefix: 'password-exports/',
  serverSideEncryption: 'none',
  allowCustomEndpoints: false,
};

const encryptionModes: ReadonlyArray<S3ServerSideEncryption> = [
  'none',
  'AES256',
  'aws:kms',
];

/** Maximum prefix length; S3 object keys are at most 1024 bytes in total. */
const maxPrefixLength = 512;

/**
 * Reads the presets under `passwordExport.providers.s3`, which replace the
 * built-in defaults of the admin settings.
 *
 * @public
 */
export function readS3ProviderDefaults(config: Config): S3ProviderSettings {
  const s3Config = config.getOptionalConfig('passwordExport.providers.s3');
  const presets: CloudStorageSettings = {
    prefix: s3Config?.getOptionalString('prefix'),
    serverSideEncryption: s3Config?.getOptionalString('serverSideEncryption'),
    kmsKeyId: s3Config?.getOptionalString('kmsKeyId'),
    allowCustomEndpoints: s3Config?.getOptionalBoolean('allowCustomEndpoints'),
  };

  try {
    const resolved = resolveS3Settings(presets, builtInDefaults);
    // Kept without SSE-KMS too, so that the admin form shows the preset key
    // when the admin switches to SSE-KMS.
    const kmsKeyId = s3Config?.getOptionalString('kmsKeyId');
    return { ...resolved, kmsKeyId: kmsKeyId ?? resolved.kmsKeyId };
  } catch (error) {
    // Config errors stop the backend at startup with the config path named.
    throw new Error(
      `Invalid config at passwordExport.providers.s3: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * Validates admin settings and fills absent values from the defaults.
 *
 * @throws CloudStorageError of kind `invalid-input`, naming the setting.
 * @public
 */
export function resolveS3Settings(
  settings: CloudStorageSettings,
  defaults: S3ProviderSettings,
): S3ProviderSettings {
  const prefix = normalizePrefix(
    readString(settings, settingKeys.prefix) ?? defaults.prefix,
  );
  const serverSideEncryption = readEncryptionMode(settings, defaults);
  const kmsKeyId = readKmsKeyId(settings, defaults, serverSideEncryption);
  const allowCustomEndpoints = readBoolean(
    settings,
    settingKeys.allowCustomEndpoints,
    defaults.allowCustomEndpoints,
  );

  return { prefix, serverSideEncryption, kmsKeyId, allowCustomEndpoints };
}

/**
 * Builds the descriptors of the admin settings, with the given values as
 * defaults.
 *
 * @public
 */
export function createS3SettingFields(
  defaults: S3ProviderSettings,
): CloudStorageField[] {
  return [
    {
      key: settingKeys.prefix,
      title: 'Object key prefix',
      description:
        'Folder in each bucket that receives the exports, such as ' +
        '"password-exports/". Leave empty to write at the top of the bucket.',
      type: 'string',
      default: defaults.prefix,
    },
    {
      key: settingKeys.serverSideEncryption,
      title: 'Server-side encryption',
      description:
        'Encryption that S3 applies at rest, on top of the passphrase ' +
        'encryption of the file.',
      type: 'enum',
      options: [
        { value: 'none', title: 'None (bucket default)' },
        { value: 'AES256', title: 'SSE-S3 (AES256)' },
        { value: 'aws:kms', title: 'SSE-KMS (AWS KMS key)' },
      ],
      default: defaults.serverSideEncryption,
    },
    {
      key: settingKeys.kmsKeyId,
      title: 'KMS key id',
      description:
        'Key id or ARN of the AWS KMS key for SSE-KMS. Every user must be ' +
        'allowed to use it with kms:GenerateDataKey.',
      type: 'string',
      default: defaults.kmsKeyId,
    },
    {
      key: settingKeys.allowCustomEndpoints,
      title: 'Allow custom endpoints',
      description:
        'Lets users connect S3-compatible stores, such as MinIO or Ceph, ' +
        'by entering their endpoint URL.',
      type: 'boolean',
      default: defaults.allowCustomEndpoints,
    },
  ];
}

function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim();
  if (trimmed === '') {
    return '';
  }

  if (trimmed.startsWith('/')) {
    throw invalidSetting(
      settingKeys.prefix,
      `Object key prefix "${trimmed}" is invalid: it must not start with "/". ` +
        'Remove the leading slash.',
    );
  }
  if (trimmed.split('/').some(segment => segment === '.' || segment === '..')) {
    throw invalidSetting(
      settingKeys.prefix,
      `Object key prefix "${trimmed}" is invalid: it must not contain "." or ` +
        '".." segments.',
    );
  }
  // Control characters would break the object key in the request headers.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(trimmed)) {
    throw invalidSetting(
      settingKeys.prefix,
      'Object key prefix is invalid: it contains control characters.',
    );
  }
  if (trimmed.length > maxPrefixLength) {
    throw invalidSetting(
      settingKeys.prefix,
      `Object key prefix is too long: ${trimmed.length} characters, at most ` +
        `${maxPrefixLength} are allowed.`,
    );
  }

  return trimmed.endsWith('/') ? trimmed : `${trimmed}/`;
}

function readEncryptionMode(
  settings: CloudStorageSettings,
  defaults: S3ProviderSettings,
): S3ServerSideEncryption {
  const value =
    readString(settings, settingKeys.serverSideEncryption) ??
    defaults.serverSideEncryption;
  const mode = encryptionModes.find(candidate => candidate === value);
  if (!mode) {
    throw invalidSetting(
      settingKeys.serverSideEncryption,
      `Server-side encryption "${value}" is invalid. Choose one of: ` +
        `${encryptionModes.join(', ')}.`,
    );
  }
  return mode;
}

function readKmsKeyId(
  settings: CloudStorageSettings,
  defaults: S3ProviderSettings,
  mode: S3ServerSideEncryption,
): string | undefined {
  if (mode !== 'aws:kms') {
    return undefined;
  }

  const kmsKeyId =
    readString(settings, settingKeys.kmsKeyId)?.trim() || defaults.kmsKeyId;
  if (!kmsKeyId) {
    throw invalidSetting(
      settingKeys.kmsKeyId,
      'KMS key id is missing: SSE-KMS needs a key id or ARN. Set the KMS key ' +
        'id or choose another server-side encryption.',
    );
  }
  return kmsKeyId;
}

function readString(
  settings: CloudStorageSettings,
  key: string,
): string | undefined {
  const value = settings[key];
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw invalidSetting(key, `Setting "${key}" must be a string.`);
  }
  return value;
}

function readBoolean(
  settings: CloudStorageSettings,
  key: string,
  fallback: boolean,
): boolean {
  const value = settings[key];
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'boolean') {
    throw invalidSetting(key, `Setting "${key}" must be true or false.`);
  }
  return value;
}

function invalidSetting(field: string, message: string): CloudStorageError {
  return new CloudStorageError({ kind: 'invalid-input', field, message });
}
