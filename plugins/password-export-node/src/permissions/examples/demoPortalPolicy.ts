import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
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
  passwordExportCreatePermission,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import {
  createPasswordExportConditionalDecision,
  passwordExportConditions,
} from '../conditions';

/** Group whose members read and change the cloud storage settings. */
const PORTAL_ADMINS_GROUP = 'group:default/portal-admins';

/**
 * Example policy of the demo portal, where only owners export. An owner
 * downloads an encrypted HTML file without a reason. Cloud sync and
 * spreadsheets need a reason of at least 10 characters. Only members of
 * portal-admins read or change the cloud storage settings.
 */
export class DemoPortalPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;

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

    // The account permissions are catalog entity permissions: see the
    // permissions guide for the owner-only catalog decision.
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Example module that installs {@link DemoPortalPolicy}. */
export const permissionModuleDemoPortalPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-portal-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, userInfo }) {
        policy.setPolicy(new DemoPortalPolicy(userInfo));
      },
    });
  },
});
