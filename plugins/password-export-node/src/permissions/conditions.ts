import { createConditionExports } from '@backstage/plugin-permission-node';
import { passwordExportRequestResourceRef } from './passwordExportRequestResourceRef';
import { passwordExportRequestRules } from './rules';

const { conditions, createConditionalDecision } = createConditionExports({
  resourceRef: passwordExportRequestResourceRef,
  rules: passwordExportRequestRules,
});

/**
 * Condition factories for policies that decide on export requests, such as
 * `passwordExportConditions.hasReason({ minLength: 10 })`.
 *
 * @public
 */
export const passwordExportConditions = conditions;

/**
 * Builds a conditional decision on `password-export.export.create` for a
 * permission policy.
 *
 * @public
 */
export const createPasswordExportConditionalDecision =
  createConditionalDecision;
