import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
} from '@backstage/plugin-permission-node';
import { passwordExportCreatePermission } from '@internal/backstage-plugin-password-export-common';
import {
  createPasswordExportConditionalDecision,
  passwordExportConditions,
} from '../conditions';

/**
 * Example policy: anyone, owner or not, exports with a reason of at least 20
 * characters, to any destination, but never as a spreadsheet.
 */
export class ReasonForEveryonePolicy implements PermissionPolicy {
  async handle(request: PolicyQuery): Promise<PolicyDecision> {
    const { permission } = request;

    if (isPermission(permission, passwordExportCreatePermission)) {
      return createPasswordExportConditionalDecision(permission, {
        allOf: [
          passwordExportConditions.hasReason({ minLength: 20 }),
          {
            not: passwordExportConditions.isFormat({
              formats: ['csv', 'xlsx'],
            }),
          },
        ],
      });
    }

    return { result: AuthorizeResult.ALLOW };
  }
}
