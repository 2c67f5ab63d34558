import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { passwordExportApiRef, PasswordExportClient } from './api';
import { cloudStorageRouteRef, syncedCopiesRouteRef } from './routes';
import type { ExportPasswordsDialogProps } from './components/ExportPasswordsDialog';
import type { ExportPasswordsMenuItemProps } from './components/ExportPasswordsMenuItem';

/**
 * The password export plugin for the legacy frontend system.
 *
 * @public
 */
export const passwordExportPlugin = createPlugin({
  id: 'password-export',
  apis: [
    createApiFactory({
      api: passwordExportApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PasswordExportClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    cloudStorage: cloudStorageRouteRef,
    syncedCopies: syncedCopiesRouteRef,
  },
});

/**
 * The Cloud Storage page: cloud storage provider settings, the user's
 * connections and the recent exports, and a "My synced copies" tab at
 * `synced-copies` below the page. Mount it on a route of the app, such as
 * `/cloud-storage`.
 *
 * @public
 */
export const CloudStoragePage: () => JSX.Element = passwordExportPlugin.provide(
  createRoutableExtension({
    name: 'CloudStoragePage',
    component: () =>
      import('./components/CloudStoragePage').then(m => m.CloudStoragePage),
    mountPoint: cloudStorageRouteRef,
  }),
);

/**
 * The "Accounts" card of the entity on the current entity page, for
 * Resource entity pages.
 *
 * @public
 */
export const EntityAccountsCard: () => JSX.Element =
  passwordExportPlugin.provide(
    createComponentExtension({
      name: 'EntityAccountsCard',
      component: {
        lazy: () =>
          import('./components/AccountsCard').then(m => m.EntityAccountsCard),
      },
    }),
  );

/**
 * The dialog that exports the passwords of resource entities.
 *
 * @public
 */
export const ExportPasswordsDialog: (
  props: ExportPasswordsDialogProps,
) => JSX.Element = passwordExportPlugin.provide(
  createComponentExtension({
    name: 'ExportPasswordsDialog',
    component: {
      lazy: () =>
        import('./components/ExportPasswordsDialog').then(
          m => m.ExportPasswordsDialog,
        ),
    },
  }),
);

/**
 * A Material UI menu item that opens the export dialog.
 *
 * @public
 */
export const ExportPasswordsMenuItem: (
  props: ExportPasswordsMenuItemProps,
) => JSX.Element = passwordExportPlugin.provide(
  createComponentExtension({
    name: 'ExportPasswordsMenuItem',
    component: {
      lazy: () =>
        import('./components/ExportPasswordsMenuItem').then(
          m => m.ExportPasswordsMenuItem,
        ),
    },
  }),
);
