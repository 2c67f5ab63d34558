import { createPermissionRule } from '@backstage/plugin-permission-node';
import { z } from 'zod';
import { passwordExportRequestResourceRef } from './passwordExportRequestResourceRef';

/**
 * Rule that passes when the request has a reason of at least `minLength`
 * characters, counted after trimming.
 *
 * @public
 */
export const hasReason = createPermissionRule({
  name: 'HAS_REASON',
  description:
    'Allow exports whose reason has at least the given number of characters',
  resourceRef: passwordExportRequestResourceRef,
  paramsSchema: z.object({
    minLength: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .describe('Minimum number of characters of the reason'),
  }),
  apply: (resource, { minLength }) =>
    (resource.reason?.trim().length ?? 0) >= minLength,
  toQuery: ({ minLength }) => ({
    rule: 'HAS_REASON',
    params: { minLength },
  }),
});

/**
 * Rule that passes when the export goes to one of the given destinations.
 *
 * @public
 */
export const isDestination = createPermissionRule({
  name: 'IS_DESTINATION',
  description: 'Allow exports to one of the given destinations',
  resourceRef: passwordExportRequestResourceRef,
  paramsSchema: z.object({
    destinations: z
      .array(z.string())
      .describe('Allowed destinations, such as "download"'),
  }),
  apply: (resource, { destinations }) =>
    destinations.includes(resource.destination),
  toQuery: ({ destinations }) => ({
    rule: 'IS_DESTINATION',
    params: { destinations },
  }),
});

/**
 * Rule that passes when the export uses one of the given formats.
 *
 * @public
 */
export const isFormat = createPermissionRule({
  name: 'IS_FORMAT',
  description: 'Allow exports in one of the given file formats',
  resourceRef: passwordExportRequestResourceRef,
  paramsSchema: z.object({
    formats: z
      .array(z.enum(['encrypted-html', 'csv', 'xlsx']))
      .describe('Allowed formats'),
  }),
  apply: (resource, { formats }) => formats.includes(resource.format),
  toQuery: ({ formats }) => ({ rule: 'IS_FORMAT', params: { formats } }),
});

/**
 * Rule that passes when the requesting user, or one of the groups they belong
 * to, owns the exported entity.
 *
 * @public
 */
export const isEntityOwner = createPermissionRule({
  name: 'IS_ENTITY_OWNER',
  description:
    'Allow exports by a user who, directly or through a group, owns the entity',
  resourceRef: passwordExportRequestResourceRef,
  apply: resource => {
    const owners = new Set(resource.entityOwnerRefs);
    const requesterRefs = [
      resource.requestedBy,
      ...resource.requesterOwnershipRefs,
    ];
    return requesterRefs.some(ref => owners.has(ref));
  },
  toQuery: () => ({ rule: 'IS_ENTITY_OWNER' }),
});

/**
 * All rules of the export request resource type.
 *
 * @public
 */
export const passwordExportRequestRules = {
  hasReason,
  isDestination,
  isFormat,
  isEntityOwner,
};
