import {
  CloudStorageError,
  CloudStorageField,
  CloudStorageSettings,
} from '@internal/backstage-plugin-password-export-node';
import { findItemNameDefect } from './findItemNameDefect';

/** Keys of the admin settings, shared by descriptors and validation. */
export const settingKeys = {
  clientId: 'clientId',
  clientSecret: 'clientSecret',
  folderName: 'folderName',
} as const;

/** Folder at the root of each user's Box that receives the exports. */
export const DEFAULT_FOLDER_NAME = 'Backstage password exports';

/**
 * Maximum length of a client ID or secret. Those in Box's API reference
 * have 32 characters, so this leaves room for a longer format.
 */
const maxCredentialLength = 128;

/**
 * The admin settings of the Box provider, validated.
 *
 * @public
 */
export interface BoxProviderSettings {
  /** Client ID of the Box app. */
  clientId: string;
  /** Client secret of the Box app. */
  clientSecret: string;
  /** Name of the folder at the root of each user's Box. */
  folderName: string;
}

/** Descriptors of the admin settings. */
export const boxSettingFields: CloudStorageField[] = [
  {
    key: settingKeys.clientId,
    title: 'Client ID',
    description:
      'Client ID of a Box app that uses OAuth 2.0 with user authentication, ' +
      'from the Configuration tab of the Box Developer Console.',
    type: 'string',
    required: true,
    placeholder: 'ly1nj6n11vionaie65emwzk575hnnmrk',
  },
  {
    key: settingKeys.clientSecret,
    title: 'Client secret',
    description:
      'Client secret of the same Box app. It is stored encrypted and never ' +
      'shown again.',
    type: 'string',
    required: true,
    secret: true,
  },
  {
    key: settingKeys.folderName,
    title: 'Folder name',
    description:
      'Folder that the portal creates at the top of each user’s Box for ' +
      'the exports: 1 to 255 characters, without "/" or "\\", and without ' +
      'leading or trailing spaces.',
    type: 'string',
    default: DEFAULT_FOLDER_NAME,
  },
];

/**
 * Validates the admin settings that every Box call needs.
 *
 * @throws CloudStorageError of kind `invalid-input`, naming the setting.
 */
export function resolveBoxSettings(
  settings: CloudStorageSettings,
): BoxProviderSettings {
  return {
    clientId: readClientCredential(settings, settingKeys.clientId, 'client ID'),
    clientSecret: readClientCredential(
      settings,
      settingKeys.clientSecret,
      'client secret',
    ),
    folderName: resolveFolderName(settings),
  };
}

/**
 * Validates the folder name setting and applies its default.
 *
 * @throws CloudStorageError of kind `invalid-input` for field `folderName`.
 */
export function resolveFolderName(settings: CloudStorageSettings): string {
  const value = settings[settingKeys.folderName];
  if (value !== undefined && typeof value !== 'string') {
    throw invalidSetting(
      settingKeys.folderName,
      'Box folder name must be text. A portal admin must correct it on the ' +
        'Cloud Storage page.',
    );
  }
  const folderName =
    value === undefined || value === '' ? DEFAULT_FOLDER_NAME : value;

  const defect = findItemNameDefect(folderName);
  if (defect) {
    throw invalidSetting(
      settingKeys.folderName,
      `Box folder name "${folderName}" is invalid: ${defect}. A portal admin ` +
        'must correct it on the Cloud Storage page.',
    );
  }
  return folderName;
}

function readClientCredential(
  settings: CloudStorageSettings,
  key: string,
  title: string,
): string {
  const value = settings[key];
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    throw invalidSetting(
      key,
      `The Box ${title} is missing. A portal admin must enter the ${title} ` +
        'of the Box app on the Cloud Storage page.',
    );
  }
  if (/\s/.test(text) || text.length > maxCredentialLength) {
    // The value is not echoed, because it may be the client secret.
    throw invalidSetting(
      key,
      `The Box ${title} is invalid: it must be at most ` +
        `${maxCredentialLength} characters without spaces. A portal admin ` +
        'must copy it again from the Box Developer Console.',
    );
  }
  return text;
}

function invalidSetting(field: string, message: string): CloudStorageError {
  return new CloudStorageError({ kind: 'invalid-input', field, message });
}
