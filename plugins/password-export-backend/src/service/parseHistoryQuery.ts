import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { ExportHistoryQuery } from '../database/ExportHistoryStore';
import { parseRequestBody } from './requestSchemas';

/** Largest page of `GET /history`. */
export const MAX_HISTORY_LIMIT = 100;

/** Page size of `GET /history` when the query gives none. */
const DEFAULT_HISTORY_LIMIT = 25;

const timestamp = z
  .string({ error: 'must be a single ISO 8601 timestamp' })
  .refine(value => !Number.isNaN(Date.parse(value)), {
    error: 'must be an ISO 8601 timestamp such as 2026-12-01T00:00:00Z',
  })
  // Stored timestamps are compared as text on SQLite, so both sides use the
  // same UTC form.
  .transform(value => new Date(value).toISOString())
  .optional();

function integer(min: number, max: number) {
  return z
    .string({ error: 'must be a single integer' })
    .regex(/^\d+$/, { error: 'must be a non-negative integer' })
    .transform(Number)
    .refine(value => value >= min && value <= max, {
      error: `must be from ${min} to ${max}`,
    });
}

const historyQuerySchema = z.strictObject({
  user: z.string({ error: 'must be a single entity reference' }).optional(),
  entityRef: z
    .string({ error: 'must be a single entity reference' })
    .optional(),
  destination: z
    .string({ error: 'must be a single destination' })
    .max(32, { error: 'must be at most 32 characters' })
    .optional(),
  from: timestamp,
  to: timestamp,
  offset: integer(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: integer(1, MAX_HISTORY_LIMIT).optional(),
});

function canonicalRef(value: string, field: string, defaultKind: string) {
  try {
    return stringifyEntityRef(parseEntityRef(value, { defaultKind }));
  } catch {
    throw new InputError(
      `Invalid request: ${field} "${value}" is not a valid entity reference`,
    );
  }
}

/**
 * Validates the query of `GET /history`: filters `user`, `entityRef`,
 * `destination`, `from` (inclusive) and `to` (exclusive), and the page
 * `offset` and `limit` (1 to 100, default 25).
 *
 * @throws InputError naming each invalid parameter.
 */
export function parseHistoryQuery(query: unknown): ExportHistoryQuery {
  const parsed = parseRequestBody(historyQuerySchema, query);

  return {
    userEntityRef:
      parsed.user === undefined
        ? undefined
        : canonicalRef(parsed.user, 'user', 'user'),
    entityRef:
      parsed.entityRef === undefined
        ? undefined
        : canonicalRef(parsed.entityRef, 'entityRef', 'resource'),
    destination: parsed.destination,
    from: parsed.from,
    to: parsed.to,
    offset: parsed.offset ?? 0,
    limit: parsed.limit ?? DEFAULT_HISTORY_LIMIT,
  };
}
