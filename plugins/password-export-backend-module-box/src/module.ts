import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { passwordExportProvidersExtensionPoint } from '@internal/backstage-plugin-password-export-node';
import { readBoxServiceUrl, SERVICE_URL_CONFIG_KEY } from './boxEndpoints';
import { BoxStorageProvider } from './BoxStorageProvider';

/**
 * Backend module that adds the Box provider to the password export plugin.
 *
 * @public
 */
export const passwordExportModuleBox = createBackendModule({
  pluginId: 'password-export',
  moduleId: 'box',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: passwordExportProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ providers, config, logger }) {
        const serviceUrl = readBoxServiceUrl(config);
        if (serviceUrl) {
          logger.warn(
            `${SERVICE_URL_CONFIG_KEY} is set: Box requests go to ` +
              `${serviceUrl} instead of Box. Use it only with a local test ` +
              'server, never in production.',
          );
        }
        providers.addProvider(new BoxStorageProvider({ serviceUrl }));
      },
    });
  },
});
