import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreApis,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
  useApi,
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
        <OpenedExportPasswordsDialog dialog={dialog} entityRefs={entityRefs} />
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
 * Route of the Cloud Storage page in the new frontend system.
 *
 * @alpha
 */
export const cloudStorageRouteRef = createRouteRef();

/**
 * The Cloud Storage page at `/cloud-storage`, with its entry in the sidebar.
 *
 * @alpha
 */
export const cloudStoragePage = PageBlueprint.make({
  name: 'cloud-storage',
  params: {
    path: '/cloud-storage',
    title: 'Cloud Storage',
    icon: <CloudUploadIcon />,
    routeRef: cloudStorageRouteRef,
    loader: () =>
      import('./components/CloudStoragePage').then(m => (
        <Content>
          <m.CloudStorageContent />
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
  routes: { cloudStorage: cloudStorageRouteRef },
  extensions: [
    passwordExportApi,
    cloudStoragePage,
    accountsEntityCard,
    exportPasswordsEntityContextMenuItem,
  ],
});
