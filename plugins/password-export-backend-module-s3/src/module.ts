import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { passwordExportProvidersExtensionPoint } from '@internal/backstage-plugin-password-export-node';
import { S3StorageProvider } from './S3StorageProvider';

/**
 * Backend module that adds the Amazon S3 provider to the password export
 * plugin.
 *
 * @public
 */
export const passwordExportModuleS3 = createBackendModule({
  pluginId: 'password-export',
  moduleId: 's3',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: passwordExportProvidersExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ providers, config }) {
        providers.addProvider(S3StorageProvider.fromConfig(config));
      },
    });
  },
});
