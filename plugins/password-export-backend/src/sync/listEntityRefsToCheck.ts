import { SyncedCopyRecord } from '../database/SyncedCopyStore';

/**
 * Lists the entity references whose absence from the catalog orphans a
 * copy: its resources, and its user when the user entity was in the
 * catalog at export. A user without an entity, such as a guest, never
 * counts as deleted.
 */
export function listEntityRefsToCheck(copy: SyncedCopyRecord): string[] {
  return copy.checkUserEntity
    ? [copy.userEntityRef, ...copy.entityRefs]
    : [...copy.entityRefs];
}
