import { Config } from '@backstage/config';
import {
  CloudStorageError,
  CloudStorageField,
  CloudStorageSettings,
} from '@internal/backstage-plugin-password-export-node';

/** Keys of the admin settings, shared by config, descriptors and validation. */
export const settingKeys = {
  appKey: 'appKey',
  appSecret: 'appSecret',
  appFolderName: 'appFolderName',
} as const;

/**
 * The admin settings of the Dropbox provider, validated.
 *
 * @public
 */
export interface DropboxProviderSettings {
  /** App key of the Dropbox app, sent as the OAuth `client_id`. */
  appKey: string;
  /** App secret, sent when refreshing tokens. Absent when not configured. */
  appSecret?: string;
  /** Name of the app folder under `/Apps`, used only in file locations. */
  appFolderName?: string;
}

/**
 * App keys are letters and digits, as the App Console shows them. The SDK
 * puts the key into URLs without encoding, so nothing else may pass.
 */
const appKeyPattern = /^[A-Za-z0-9]{1,64}$/;

/** Characters that cannot appear in a folder name shown in a location. */
// eslint-disable-next-line no-control-regex
const invalidFolderName = /[/\\\u0000-\u001f\u007f]/;

/** Descriptors of the admin settings. */
export const dropboxSettingFields: CloudStorageField[] = [
  {
    key: settingKeys.appKey,
    title: 'App key',
    description:
      'App key of the Dropbox app, from the Settings tab of the app in the ' +
      'Dropbox App Console, such as "a1b2c3d4e5f6g7h".',
    type: 'string',
    required: true,
    placeholder: 'a1b2c3d4e5f6g7h',
  },
  {
    key: settingKeys.appSecret,
    title: 'App secret',
    description:
      'App secret of the Dropbox app, if the app has one. When set, the ' +
      'portal sends it when it refreshes access tokens. It is stored ' +
      'encrypted.',
    type: 'string',
    secret: true,
  },
  {
    key: settingKeys.appFolderName,
    title: 'App folder name',
    description:
      'Name of the app folder under "Apps" in each Dropbox, as the App ' +
      'Console shows it. Used only to show users where their files are; ' +
      'leave empty to show paths inside the app folder.',
    type: 'string',
    placeholder: 'Password Export',
  },
];

/**
 * Validates the admin settings.
 *
 * @throws CloudStorageError of kind `invalid-input`, naming the setting.
 * @public
 */
export function readDropboxSettings(
  settings: CloudStorageSettings,
): DropboxProviderSettings {
  const appKey = readString(settings, settingKeys.appKey)?.trim();
  if (!appKey) {
    throw invalidSetting(
      settingKeys.appKey,
      'The Dropbox app key is not set. Ask a portal admin to set the app ' +
        'key on the Cloud Storage page.',
    );
  }
  if (!appKeyPattern.test(appKey)) {
    throw invalidSetting(
      settingKeys.appKey,
      `The Dropbox app key "${appKey.slice(0, 80)}" is invalid: it must be ` +
        '1 to 64 letters and digits, as the Dropbox App Console shows it.',
    );
  }

  const appSecret = readString(settings, settingKeys.appSecret)?.trim();
  const appFolderName = readString(settings, settingKeys.appFolderName)?.trim();
  if (appFolderName && invalidFolderName.test(appFolderName)) {
    throw invalidSetting(
      settingKeys.appFolderName,
      'The app folder name is invalid: it must not contain slashes, ' +
        'backslashes or control characters. Enter the folder name only.',
    );
  }

  return {
    appKey,
    appSecret: appSecret || undefined,
    appFolderName: appFolderName || undefined,
  };
}

/**
 * Reads `passwordExport.serviceUrls.dropbox`, the origin of a local server
 * that replaces every Dropbox host, and returns it without a trailing
 * slash.
 *
 * @throws Error naming the config path when the value is not an http or
 * https origin, so that the backend stops at startup.
 * @public
 */
export function readDropboxServiceUrl(config: Config): string | undefined {
  const configPath = 'passwordExport.serviceUrls.dropbox';
  const value = config.getOptionalString(configPath);
  if (value === undefined) {
    return undefined;
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `Invalid config at ${configPath}: the value is not a URL. Use an ` +
        'origin such as http://127.0.0.1:4569.',
    );
  }
  const hasPath = url.pathname !== '/' || url.search !== '' || url.hash !== '';
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    hasPath ||
    url.username ||
    url.password
  ) {
    throw new Error(
      `Invalid config at ${configPath}: "${url.origin}" must be an http or ` +
        'https origin without path or credentials, such as ' +
        'http://127.0.0.1:4569.',
    );
  }
  return url.origin;
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

function invalidSetting(field: string, message: string): CloudStorageError {
  return new CloudStorageError({ kind: 'invalid-input', field, message });
}
