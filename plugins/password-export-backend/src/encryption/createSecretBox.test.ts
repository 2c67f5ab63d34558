import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { randomBytes } from 'node:crypto';
import { createSecretBox } from './createSecretBox';

describe('createSecretBox', () => {
  it('encrypts with the first configured key', () => {
    const logger = mockServices.logger.mock();
    const config = new ConfigReader({
      passwordExport: {
        encryption: {
          keys: [
            { id: 'new', secret: randomBytes(32).toString('base64') },
            { id: 'old', secret: randomBytes(32).toString('base64') },
          ],
        },
      },
    });

    const box = createSecretBox({
      config,
      logger,
      pluginId: 'password-export',
    });

    expect(box.encryptionKeyId).toBe('new');
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('rejects a missing key outside memory', () => {
    const config = new ConfigReader({
      backend: {
        database: { client: 'better-sqlite3', connection: '/tmp/x.sqlite' },
      },
    });

    expect(() =>
      createSecretBox({
        config,
        logger: mockServices.logger.mock(),
        pluginId: 'password-export',
      }),
    ).toThrow('passwordExport.encryption.keys is missing');
  });

  it('generates a throwaway key in memory', () => {
    const logger = mockServices.logger.mock();
    const config = new ConfigReader({
      backend: {
        database: { client: 'better-sqlite3', connection: ':memory:' },
      },
    });

    const box = createSecretBox({
      config,
      logger,
      pluginId: 'password-export',
    });

    expect(box.encryptionKeyId).toBe('throwaway');
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('using a throwaway key'),
    );
  });
});
