import { createBackendPlugin } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  CloudStorageProvider,
  passwordExportProvidersExtensionPoint,
} from '@internal/backstage-plugin-password-export-node';
import { passwordExportModuleDropbox } from './module';

/**
 * Creates a plugin with the id of the password export backend that only
 * offers the providers extension point, so that the module can be tested on
 * its own.
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

/** Creates a logger service whose warnings the test can read. */
function createWarningRecorder(warnings: string[]) {
  const logger = mockServices.logger.mock();
  logger.warn.mockImplementation(message => {
    warnings.push(message);
  });
  logger.child.mockReturnValue(logger);
  return logger;
}

describe('passwordExportModuleDropbox', () => {
  it('registers the Dropbox provider', async () => {
    const providers: CloudStorageProvider[] = [];

    const backend = await startTestBackend({
      features: [
        createProviderCollector(providers),
        passwordExportModuleDropbox,
      ],
    });

    expect(providers.map(p => p.id)).toEqual(['dropbox']);
    expect(providers[0].title).toBe('Dropbox');
    expect(providers[0].connectionMethod).toBe('oauth-code-paste');
    expect(
      providers[0].settings.map(field => [field.key, field.secret]),
    ).toEqual([
      ['appKey', undefined],
      ['appSecret', true],
      ['appFolderName', undefined],
    ]);
    expect(typeof providers[0].startAuthorization).toBe('function');
    expect(typeof providers[0].refreshCredentials).toBe('function');
    await backend.stop();
  });

  it('warns at startup when a local server replaces Dropbox', async () => {
    const providers: CloudStorageProvider[] = [];
    const warnings: string[] = [];

    const backend = await startTestBackend({
      features: [
        createProviderCollector(providers),
        passwordExportModuleDropbox,
        mockServices.rootConfig.factory({
          data: {
            passwordExport: {
              serviceUrls: { dropbox: 'http://127.0.0.1:4570' },
            },
          },
        }),
        createWarningRecorder(warnings).factory,
      ],
    });

    expect(warnings).toEqual([
      expect.stringContaining(
        'passwordExport.serviceUrls.dropbox is set: Dropbox requests go to http://127.0.0.1:4570',
      ),
    ]);
    await backend.stop();
  });

  it('fails to start with an invalid local server URL', async () => {
    await expect(
      startTestBackend({
        features: [
          createProviderCollector([]),
          passwordExportModuleDropbox,
          mockServices.rootConfig.factory({
            data: {
              passwordExport: {
                serviceUrls: { dropbox: 'ftp://127.0.0.1:4570' },
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /passwordExport\.serviceUrls\.dropbox: "ftp:\/\/127\.0\.0\.1:4570" must be an http or https origin/,
    );
  });
});
