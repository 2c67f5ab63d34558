import { SyncedCopyRecord } from '../database/SyncedCopyStore';

/**
 * Whether the export policy last allowed a copy for its user longer ago than
 * the maximum age, so that its re-syncs must wait for the user to confirm.
 */
export function isAccessStale(
  copy: Pick<SyncedCopyRecord, 'accessConfirmedAt'>,
  maxAgeMs: number,
  now = Date.now(),
): boolean {
  return now - Date.parse(copy.accessConfirmedAt) > maxAgeMs;
}
