import {
  isPermission,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  PASSWORD_EXPORT_REQUEST_RESOURCE_TYPE,
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
  passwordExportCreatePermission,
  passwordExportPermissions,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from './permissions';

describe('passwordExportPermissions', () => {
  it('lists every permission once', () => {
    const names = passwordExportPermissions.map(p => p.name);

    expect(names).toEqual([
      'password-export.account.read',
      'password-export.account.update',
      'password-export.export.create',
      'password-export.settings.read',
      'password-export.settings.update',
    ]);
  });

  it('makes settings permissions basic', () => {
    for (const permission of [
      passwordExportSettingsReadPermission,
      passwordExportSettingsUpdatePermission,
    ]) {
      expect(permission.type).toBe('basic');
      expect(isPermission(permission, permission)).toBe(true);
    }
    expect(passwordExportSettingsReadPermission.attributes.action).toBe('read');
    expect(passwordExportSettingsUpdatePermission.attributes.action).toBe(
      'update',
    );
  });

  it('checks accounts against catalog entities', () => {
    expect(
      isResourcePermission(
        passwordExportAccountReadPermission,
        'catalog-entity',
      ),
    ).toBe(true);
    expect(passwordExportAccountReadPermission.attributes.action).toBe('read');
    expect(
      isResourcePermission(
        passwordExportAccountUpdatePermission,
        'catalog-entity',
      ),
    ).toBe(true);
    expect(passwordExportAccountUpdatePermission.attributes.action).toBe(
      'update',
    );
  });

  it('checks exports against export requests', () => {
    expect(PASSWORD_EXPORT_REQUEST_RESOURCE_TYPE).toBe(
      'password-export-request',
    );
    expect(
      isResourcePermission(
        passwordExportCreatePermission,
        'password-export-request',
      ),
    ).toBe(true);
    expect(passwordExportCreatePermission.attributes.action).toBe('create');
  });
});
