import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of an export request, the resource that
 * {@link passwordExportCreatePermission} is checked against.
 *
 * @public
 */
export const PASSWORD_EXPORT_REQUEST_RESOURCE_TYPE = 'password-export-request';

/**
 * Permission to list the accounts of a catalog entity and reveal their
 * passwords.
 *
 * @public
 */
export const passwordExportAccountReadPermission = createPermission({
  name: 'password-export.account.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Permission to create, update and delete the accounts of a catalog entity.
 *
 * @public
 */
export const passwordExportAccountUpdatePermission = createPermission({
  name: 'password-export.account.update',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Permission to export the accounts of one resource entity, checked once per
 * entity of an export request.
 *
 * @public
 */
export const passwordExportCreatePermission = createPermission({
  name: 'password-export.export.create',
  attributes: { action: 'create' },
  resourceType: PASSWORD_EXPORT_REQUEST_RESOURCE_TYPE,
});

/**
 * Permission to read the cloud storage provider settings and the export
 * history of every user.
 *
 * @public
 */
export const passwordExportSettingsReadPermission = createPermission({
  name: 'password-export.settings.read',
  attributes: { action: 'read' },
});

/**
 * Permission to change the cloud storage provider settings and to test the
 * connection to a provider.
 *
 * @public
 */
export const passwordExportSettingsUpdatePermission = createPermission({
  name: 'password-export.settings.update',
  attributes: { action: 'update' },
});

/**
 * All permissions of the password export plugins.
 *
 * @public
 */
export const passwordExportPermissions = [
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
  passwordExportCreatePermission,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
];
