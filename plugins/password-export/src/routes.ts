import { createRouteRef, createSubRouteRef } from '@backstage/core-plugin-api';

/**
 * Route of the Cloud Storage page in the legacy frontend system.
 *
 * @public
 */
export const cloudStorageRouteRef = createRouteRef({
  id: 'password-export:cloud-storage',
});

/**
 * Route of the "My synced copies" tab of the Cloud Storage page in the
 * legacy frontend system.
 *
 * @public
 */
export const syncedCopiesRouteRef = createSubRouteRef({
  id: 'password-export:synced-copies',
  parent: cloudStorageRouteRef,
  path: '/synced-copies',
});
