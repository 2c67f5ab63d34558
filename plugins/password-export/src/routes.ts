import { createRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Cloud Storage page in the legacy frontend system.
 *
 * @public
 */
export const cloudStorageRouteRef = createRouteRef({
  id: 'password-export:cloud-storage',
});
