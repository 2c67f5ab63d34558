import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { randomBytes } from 'node:crypto';
import { isInMemoryDatabase } from './isInMemoryDatabase';
import { readEncryptionKeys } from './readEncryptionKeys';
import { SecretBox } from './SecretBox';

/**
 * Builds the {@link SecretBox} of the plugin from `passwordExport.encryption.keys`.
 *
 * @throws Error when no key is configured, unless the database is SQLite in
 * memory; then a throwaway key is generated and a warning logged.
 */
export function createSecretBox(options: {
  config: Config;
  logger: LoggerService;
  pluginId: string;
}): SecretBox {
  const { config, logger, pluginId } = options;
  const keys = readEncryptionKeys(config);
  if (keys.length > 0) {
    logger.info(
      `Encrypting secrets with key ${keys[0].id}; ${keys.length} key(s) can decrypt`,
    );
    return SecretBox.create(keys);
  }

  if (!isInMemoryDatabase(config, pluginId)) {
    throw new Error(
      'passwordExport.encryption.keys is missing: the password export plugin encrypts passwords at rest and needs at least one key. ' +
        'Add an entry { id, secret } whose secret is 32 random bytes in base64, for example from ' +
        `node -e "console.log(require('crypto').randomBytes(32).toString('base64'))"`,
    );
  }

  logger.warn(
    'passwordExport.encryption.keys is not set; using a throwaway key because the database is SQLite in memory. ' +
      'Stored accounts will not survive a restart. Configure a key before using another database.',
  );
  return SecretBox.create([{ id: 'throwaway', secret: randomBytes(32) }]);
}
