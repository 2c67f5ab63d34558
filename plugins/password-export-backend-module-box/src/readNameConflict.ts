import { isBoxApiError } from './classifyBoxError';

/** The item whose name a create or upload request collided with. */
export interface NameConflict {
  type: string;
  id: string;
}

/**
 * Reads the conflicting item of a 409 `item_name_in_use` response.
 *
 * @remarks
 *
 * Box lists it in `context_info.conflicts`: an array when a folder is
 * created, a single object when a file is uploaded. The code is compared in
 * the JSON body, because the SDK's `responseInfo.code` keeps JSON quotes.
 */
export function readNameConflict(error: unknown): NameConflict | undefined {
  if (!isBoxApiError(error) || error.responseInfo.statusCode !== 409) {
    return undefined;
  }
  const body = error.responseInfo.body as
    | { code?: unknown; context_info?: { conflicts?: unknown } }
    | undefined;
  if (body?.code !== 'item_name_in_use') {
    return undefined;
  }

  const conflicts = body.context_info?.conflicts;
  const first = Array.isArray(conflicts) ? conflicts[0] : conflicts;
  const { type, id } = (first ?? {}) as { type?: unknown; id?: unknown };
  if (typeof type !== 'string' || typeof id !== 'string') {
    return undefined;
  }
  return { type, id };
}

/** Tells whether an error is a 404 response of Box. */
export function isNotFound(error: unknown): boolean {
  return isBoxApiError(error) && error.responseInfo.statusCode === 404;
}
