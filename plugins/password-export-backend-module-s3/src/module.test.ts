import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  CloudStorageProvider,
  passwordExportProvidersExtensionPoint,
} from '@internal/backstage-plugin-password-export-node';
import { passwordExportModuleS3 } from './module';

/**
 * Creates a plugin with the id of the password export backend that only offers the
 * providers extension point, so that the module can be tested on its own.
 */
function createProviderCollector(providers: CloudStorageProvider[]) {
  return createBackendPlugin({
    pluginId: 'password-export',
    register(reg) {
      reg.registerExtensionPoint(passwordExportProvidersExtensionPoint, {
        addProvider: provider => providers.push(provider),
      });
      reg.registerInit({ deps: {}, async init() {} });
    },
  });
}

describe('passwordExportModuleS3', () => {
  it('registers the S3 provider', async () => {
    const providers: CloudStorageProvider[] = [];

    const backend = await startTestBackend({
      features: [createProviderCollector(providers), passwordExportModuleS3],
    });

    expect(providers.map(p => p.id)).toEqual(['s3']);
    expect(providers[0].connectionMethod).toBe('credentials-form');
    await backend.stop();
  });

  it('applies the config presets to the settings defaults', async () => {
    const providers: CloudStorageProvider[] = [];

    const backend = await startTestBackend({
      features: [
        createProviderCollector(providers),
        passwordExportModuleS3,
        mockServices.rootConfig.factory({
          data: {
            passwordExport: {
              providers: {
                s3: {
                  prefix: 'exports',
                  serverSideEncryption: 'aws:kms',
                  kmsKeyId: 'alias/exports',
                  allowCustomEndpoints: true,
                },
              },
            },
          },
        }),
      ],
    });

    const defaults = Object.fromEntries(
      providers[0].settings.map(field => [field.key, field.default]),
    );
    expect(defaults).toEqual({
      prefix: 'exports/',
      serverSideEncryption: 'aws:kms',
      kmsKeyId: 'alias/exports',
      allowCustomEndpoints: true,
    });
    await backend.stop();
  });

  it('fails to start with an invalid preset', async () => {
    await expect(
      startTestBackend({
        features: [
          createProviderCollector([]),
          passwordExportModuleS3,
          mockServices.rootConfig.factory({
            data: {
              passwordExport: {
                providers: { s3: { serverSideEncryption: 'rot13' } },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /passwordExport\.providers\.s3: Server-side encryption "rot13" is invalid/,
    );
  });
});
