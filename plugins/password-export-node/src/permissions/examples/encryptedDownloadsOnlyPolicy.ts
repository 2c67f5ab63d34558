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
 * Example policy: owners download encrypted HTML files without a reason, and
 * nothing else is exported: no spreadsheets and no cloud storage at all.
 */
export class EncryptedDownloadsOnlyPolicy implements PermissionPolicy {
  async handle(request: PolicyQuery): Promise<PolicyDecision> {
    const { permission } = request;

    if (isPermission(permission, passwordExportCreatePermission)) {
      return createPasswordExportConditionalDecision(permission, {
        allOf: [
          passwordExportConditions.isEntityOwner(),
          passwordExportConditions.isFormat({ formats: ['encrypted-html'] }),
          passwordExportConditions.isDestination({
            destinations: ['download'],
          }),
        ],
      });
    }

    return { result: AuthorizeResult.ALLOW };
  }
}
