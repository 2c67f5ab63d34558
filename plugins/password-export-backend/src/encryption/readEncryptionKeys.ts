import { Config } from '@backstage/config';
import { SecretBoxKey } from './SecretBox';

const KEYS_CONFIG_KEY = 'passwordExport.encryption.keys';
const KEY_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads and validates `passwordExport.encryption.keys`.
 *
 * @returns the keys in config order, or an empty list when the key is absent.
 * @throws Error naming the config key and the entry when an entry is invalid.
 * The message never contains a secret.
 */
export function readEncryptionKeys(config: Config): SecretBoxKey[] {
  const entries = config.getOptionalConfigArray(KEYS_CONFIG_KEY) ?? [];
  const keys: SecretBoxKey[] = [];
  const seenIds = new Set<string>();

  entries.forEach((entry, index) => {
    const path = `${KEYS_CONFIG_KEY}[${index}]`;
    const id = entry.getString('id');
    if (!KEY_ID_PATTERN.test(id)) {
      throw new Error(
        `${path}.id "${id}" is invalid: use 1 to 64 letters, digits, dots, underscores or hyphens`,
      );
    }
    if (seenIds.has(id)) {
      throw new Error(
        `${path}.id "${id}" is used by an earlier key; key ids must be unique`,
      );
    }
    seenIds.add(id);

    const secret = entry.getString('secret').trim();
    const bytes = Buffer.from(secret, 'base64');
    if (!BASE64_PATTERN.test(secret) || bytes.length !== 32) {
      throw new Error(
        `${path}.secret of key "${id}" is invalid: it must be 32 random bytes in base64 (44 characters); generate one with node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
      );
    }
    keys.push({ id, secret: bytes });
  });

  return keys;
}
