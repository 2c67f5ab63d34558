import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreApis,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  SubPageBlueprint,
  useApi,
  useRouteRef,
} from '@backstage/frontend-plugin-api';
import { Content } from '@backstage/core-components';
import CloudUploadIcon from '@material-ui/icons/CloudUpload';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { passwordExportAccountReadPermission } from '@internal/backstage-plugin-password-export-common';
import {
  EntityCardBlueprint,
  EntityContextMenuItemBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { passwordExportApiRef, PasswordExportClient } from './api';
import {
  EXPORT_PASSWORDS_MENU_TITLE,
  ExportPasswordsIcon,
} from './components/ExportPasswordsMenuItem';
import {
  CLOUD_STORAGE_PAGE_TITLE,
  OVERVIEW_TAB_TITLE,
  SYNCED_COPIES_PATH,
  SYNCED_COPIES_TAB_TITLE,
} from './components/CloudStoragePage/pageTitles';

/**
 * Route of the Cloud Storage page in the new frontend system.
 *
 * @alpha
 */
export const cloudStorageRouteRef = createRouteRef();

/**
 * Route of the "My synced copies" tab of the Cloud Storage page in the new
 * frontend system.
 *
 * @alpha
 */
export const syncedCopiesRouteRef = createRouteRef();

/**
 * Provides the `PasswordExportApi` through the `PasswordExportClient`.
 *
 * @alpha
 */
export const passwordExportApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: passwordExportApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new PasswordExportClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Accounts" card on the overview of Resource entities.
 *
 * @alpha
 */
export const accountsEntityCard = EntityCardBlueprint.make({
  name: 'accounts',
  params: {
    filter: { kind: 'resource' },
    loader: () =>
      import('./components/AccountsCard').then(m => <m.EntityAccountsCard />),
  },
});

function useExportPasswordsMenuItemProps() {
  const { entity } = useEntity();
  const dialogApi = useApi(coreApis.dialog);
  const entityRef = stringifyEntityRef(entity);
  // Nothing of a resource whose accounts the user may not read can be
  // exported, whatever the export policy decides, so the item is disabled.
  const read = usePermission({
    permission: passwordExportAccountReadPermission,
    resourceRef: entityRef,
  });
  // Undefined when an app leaves out the synced copies tab.
  const syncedCopiesLink = useRouteRef(syncedCopiesRouteRef)?.();

  return {
    title: EXPORT_PASSWORDS_MENU_TITLE,
    disabled: !read.loading && !read.allowed,
    onClick: async () => {
      const entityRefs = [entityRef];
      const { OpenedExportPasswordsDialog } = await import(
        './components/ExportPasswordsDialog'
      );
      // The dialog API renders at the app root, outside the entity page,
      // so the entity is passed in rather than read from context.
      dialogApi.open(({ dialog }) => (
        <OpenedExportPasswordsDialog
          dialog={dialog}
          entityRefs={entityRefs}
          syncedCopiesLink={syncedCopiesLink}
        />
      ));
    },
  };
}

/**
 * The "Export passwords…" item of the context menu of Resource entities.
 *
 * @remarks
 *
 * The item shows on every Resource entity and is disabled when the user may
 * not read the resource's accounts. Beyond that, the export policy depends on
 * the format, the destination and the reason chosen in the dialog, so the
 * dialog requests the backend's decision when it opens and shows a notice
 * when the export is not allowed.
 *
 * @alpha
 */
export const exportPasswordsEntityContextMenuItem =
  EntityContextMenuItemBlueprint.make({
    name: 'export-passwords',
    params: {
      icon: <ExportPasswordsIcon fontSize="small" />,
      filter: { kind: 'resource' },
      useProps: useExportPasswordsMenuItemProps,
    },
  });

/**
 * The Cloud Storage page at `/cloud-storage`, with its entry in the
 * sidebar. Its tabs are the sub-pages attached to it, and `/cloud-storage`
 * opens the first.
 *
 * @alpha
 */
export const cloudStoragePage = PageBlueprint.make({
  name: 'cloud-storage',
  params: {
    path: '/cloud-storage',
    title: CLOUD_STORAGE_PAGE_TITLE,
    icon: <CloudUploadIcon />,
    routeRef: cloudStorageRouteRef,
  },
});

/**
 * The "Overview" tab of the Cloud Storage page: the provider settings for
 * admins, and every user's own connections and exports.
 *
 * @alpha
 */
export const cloudStorageOverviewSubPage = SubPageBlueprint.make({
  name: 'cloud-storage-overview',
  attachTo: {
    relative: { kind: 'page', name: 'cloud-storage' },
    input: 'pages',
  },
  params: {
    path: 'overview',
    title: OVERVIEW_TAB_TITLE,
    loader: () =>
      import('./components/CloudStoragePage').then(m => (
        <Content>
          <m.CloudStorageContent />
        </Content>
      )),
  },
});

/**
 * The "My synced copies" tab of the Cloud Storage page, open to every
 * signed-in user.
 *
 * @alpha
 */
export const syncedCopiesSubPage = SubPageBlueprint.make({
  name: 'synced-copies',
  attachTo: {
    relative: { kind: 'page', name: 'cloud-storage' },
    input: 'pages',
  },
  params: {
    path: SYNCED_COPIES_PATH,
    title: SYNCED_COPIES_TAB_TITLE,
    routeRef: syncedCopiesRouteRef,
    loader: () =>
      import('./components/SyncedCopiesPage').then(m => (
        <Content>
          <m.SyncedCopiesContent />
        </Content>
      )),
  },
});

/**
 * The password export plugin for the new frontend system.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'password-export',
  info: { packageJson: () => import('../package.json') },
  routes: {
    cloudStorage: cloudStorageRouteRef,
    syncedCopies: syncedCopiesRouteRef,
  },
  extensions: [
    passwordExportApi,
    cloudStoragePage,
    cloudStorageOverviewSubPage,
    syncedCopiesSubPage,
    accountsEntityCard,
    exportPasswordsEntityContextMenuItem,
  ],
});
