import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { passwordExportProvidersExtensionPoint } from '@internal/backstage-plugin-password-export-node';
import { DropboxStorageProvider } from './DropboxStorageProvider';

/**
 * Backend module that adds the Dropbox provider to the password export
 * plugin.
 *
 * @public
 */
export const passwordExportModuleDropbox = createBackendModule({
  pluginId: 'password-export',
  moduleId: 'dropbox',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: passwordExportProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const provider = DropboxStorageProvider.fromConfig(config);
        if (provider.serviceUrl) {
          logger.warn(
            `passwordExport.serviceUrls.dropbox is set: Dropbox requests go ` +
              `to ${provider.serviceUrl} instead of Dropbox. Use it only ` +
              'for a local server in tests and demos.',
          );
        }
        providers.addProvider(provider);
      },
    });
  },
});
