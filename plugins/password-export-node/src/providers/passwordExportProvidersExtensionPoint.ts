import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { CloudStorageProvider } from './CloudStorageProvider';

/**
 * Extension point through which modules add cloud storage providers.
 *
 * @public
 */
export interface PasswordExportProvidersExtensionPoint {
  /**
   * Adds a provider. Its id must differ from every other provider's, or the
   * backend fails to start.
   */
  addProvider(provider: CloudStorageProvider): void;
}

/**
 * Reference of {@link PasswordExportProvidersExtensionPoint}.
 *
 * @public
 */
export const passwordExportProvidersExtensionPoint =
  createExtensionPoint<PasswordExportProvidersExtensionPoint>({
    id: 'password-export.providers',
  });
