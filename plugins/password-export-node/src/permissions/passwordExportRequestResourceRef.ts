import {
  PASSWORD_EXPORT_REQUEST_RESOURCE_TYPE,
  PasswordExportRequestResource,
} from '@internal/backstage-plugin-password-export-common';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';

/**
 * A query fragment produced by the export request rules.
 *
 * @remarks
 *
 * Export requests are never listed from a store, so the fragment only names the
 * rule and its parameters, which is enough to describe a decision in a log.
 *
 * @public
 */
export interface PasswordExportRequestQuery {
  /** Name of the rule. */
  rule: string;
  /** Parameters of the rule. */
  params?: Record<string, unknown>;
}

/**
 * Permission resource reference of the export request.
 *
 * @public
 */
export const passwordExportRequestResourceRef = createPermissionResourceRef<
  PasswordExportRequestResource,
  PasswordExportRequestQuery
>().with({
  pluginId: 'password-export',
  resourceType: PASSWORD_EXPORT_REQUEST_RESOURCE_TYPE,
});
