import {
  SyncedCopyStatus,
  SyncedCopyView,
} from '@internal/backstage-plugin-password-export-common';
import { SyncedCopyRecord } from '../database/SyncedCopyStore';

/**
 * Derives the status that users see from the stored state of a copy.
 * A paused copy shows as `failed`, with the message that says what to do.
 */
export function toSyncedCopyStatus(
  copy: SyncedCopyRecord,
  now: Date,
): SyncedCopyStatus {
  if (!copy.keepUpToDate) {
    return 'stopped';
  }
  if (copy.leaseExpiresAt && Date.parse(copy.leaseExpiresAt) > now.getTime()) {
    return 'syncing';
  }
  if (copy.lastError) {
    return 'failed';
  }
  return copy.changeSeq > copy.syncedSeq ? 'pending' : 'current';
}

/** Builds the view of a copy for its owner. */
export function toSyncedCopyView(
  copy: SyncedCopyRecord,
  options: { providerTitle: string; now: Date },
): SyncedCopyView {
  const status = toSyncedCopyStatus(copy, options.now);
  const view: SyncedCopyView = {
    id: copy.id,
    providerId: copy.providerId,
    providerTitle: options.providerTitle,
    entityRefs: copy.entityRefs,
    fileName: copy.fileName,
    location: copy.location,
    keepUpToDate: copy.keepUpToDate,
    status,
    lastSyncedAt: copy.lastSyncedAt,
    createdAt: copy.createdAt,
  };
  if (status === 'failed') {
    view.lastError = copy.lastError;
    // A paused copy waits for the user, not for a time.
    if (!copy.paused && copy.nextAttemptAt) {
      view.nextAttemptAt = copy.nextAttemptAt;
    }
  }
  return view;
}
