import { SyncedCopyRecord } from '../database/SyncedCopyStore';
import { CloudStorageService } from '../providers/CloudStorageService';

/**
 * Deletes the file of a synced copy from the user's storage through the
 * provider's `remove`. A file that is already gone is not an error.
 *
 * @throws InputError when the provider is disabled or the user has no usable
 * connection, and the provider's failure as a `@backstage/errors` type.
 */
export async function removeRemoteCopy(
  cloudStorage: CloudStorageService,
  copy: SyncedCopyRecord,
  signal: AbortSignal,
): Promise<void> {
  const target = await cloudStorage.resolveExportTarget(
    copy.providerId,
    copy.userEntityRef,
  );
  await cloudStorage.remove(target, copy.remoteId, {
    userEntityRef: copy.userEntityRef,
    signal,
  });
}
