import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import type { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
  passwordExportCreatePermission,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import {
  createPasswordExportConditionalDecision,
  passwordExportConditions,
} from '@internal/backstage-plugin-password-export-node';

/** Group whose members read and change the cloud storage settings. */
export const PORTAL_ADMINS_GROUP = 'group:default/portal-admins';

/**
 * The demo portal's policy. Owners of a resource, directly or through a
 * group, read and edit its accounts and download them as an encrypted HTML
 * file without giving a reason; every other export of theirs needs a reason of
 * at least 10 characters. Only members of the portal-admins group read and
 * change the cloud storage settings and read every user's export history.
 * Everything else is allowed.
 */
export class DemoPortalPermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;

    if (
      isPermission(permission, passwordExportAccountReadPermission) ||
      isPermission(permission, passwordExportAccountUpdatePermission)
    ) {
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }

    // Reading the settings also reveals every user's export history, with
    // each reason, so it is an admin permission like changing them.
    if (
      isPermission(permission, passwordExportSettingsReadPermission) ||
      isPermission(permission, passwordExportSettingsUpdatePermission)
    ) {
      if (!user) {
        return { result: AuthorizeResult.DENY };
      }
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return {
        result: ownershipEntityRefs.includes(PORTAL_ADMINS_GROUP)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }

    if (isPermission(permission, passwordExportCreatePermission)) {
      return createPasswordExportConditionalDecision(permission, {
        allOf: [
          passwordExportConditions.isEntityOwner(),
          {
            anyOf: [
              {
                allOf: [
                  passwordExportConditions.isFormat({
                    formats: ['encrypted-html'],
                  }),
                  passwordExportConditions.isDestination({
                    destinations: ['download'],
                  }),
                ],
              },
              passwordExportConditions.hasReason({ minLength: 10 }),
            ],
          },
        ],
      });
    }

    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs the demo portal's permission policy. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DemoPortalPermissionPolicy(userInfo));
      },
    });
  },
});
