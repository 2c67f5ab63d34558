import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { hasReason } from '@internal/backstage-plugin-password-export-node';

/**
 * Finds the largest `minLength` of the `hasReason` conditions in a conditional
 * decision, ignoring those under a `not`.
 *
 * @returns undefined when the decision has no such condition.
 */
export function findReasonMinLength(
  criteria: PermissionCriteria<PermissionCondition>,
): number | undefined {
  if ('not' in criteria) {
    return undefined;
  }

  let children: PermissionCriteria<PermissionCondition>[] | undefined;
  if ('allOf' in criteria) {
    children = criteria.allOf;
  } else if ('anyOf' in criteria) {
    children = criteria.anyOf;
  }
  if (children) {
    const found = children
      .map(findReasonMinLength)
      .filter((value): value is number => value !== undefined);
    return found.length > 0 ? Math.max(...found) : undefined;
  }

  const condition = criteria as PermissionCondition;
  if (condition.rule !== hasReason.name) {
    return undefined;
  }
  const minLength = (condition.params as { minLength?: unknown } | undefined)
    ?.minLength;
  return typeof minLength === 'number' ? minLength : undefined;
}
