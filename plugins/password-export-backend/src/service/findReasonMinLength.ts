import {
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { hasReason } from '@internal/backstage-plugin-password-export-node';

/**
 * Lists the distinct `minLength` values of the `hasReason` conditions in a
 * conditional decision, smallest first, ignoring those under a `not`.
 *
 * @returns an empty list when the decision has no such condition.
 */
export function findReasonMinLengths(
  criteria: PermissionCriteria<PermissionCondition>,
): number[] {
  if ('not' in criteria) {
    return [];
  }

  let children: PermissionCriteria<PermissionCondition>[] | undefined;
  if ('allOf' in criteria) {
    children = criteria.allOf;
  } else if ('anyOf' in criteria) {
    children = criteria.anyOf;
  }
  if (children) {
    const found = new Set(children.flatMap(findReasonMinLengths));
    return [...found].sort((a, b) => a - b);
  }

  const condition = criteria as PermissionCondition;
  if (condition.rule !== hasReason.name) {
    return [];
  }
  const minLength = (condition.params as { minLength?: unknown } | undefined)
    ?.minLength;
  return typeof minLength === 'number' ? [minLength] : [];
}

/**
 * Finds the largest `minLength` of the `hasReason` conditions in a conditional
 * decision, ignoring those under a `not`.
 *
 * @returns undefined when the decision has no such condition.
 */
export function findReasonMinLength(
  criteria: PermissionCriteria<PermissionCondition>,
): number | undefined {
  const minLengths = findReasonMinLengths(criteria);
  return minLengths.length > 0 ? minLengths[minLengths.length - 1] : undefined;
}
