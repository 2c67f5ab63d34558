import { CustomErrorBase } from '@backstage/errors';
import { ReusableContentKey } from '@internal/encrypted-html';

/** Cause of a pending re-sync of a copy. */
export type SyncReason = 'account-change' | 'sync-now' | 'catalog-check';

/** A synced copy as stored, without its content key. */
export interface SyncedCopyRecord {
  id: string;
  userEntityRef: string;
  providerId: string;
  fileName: string;
  /** Exported entity references, in export order. */
  entityRefs: string[];
  location: string;
  /** Identifier that the provider's `remove` takes. */
  remoteId: string;
  keepUpToDate: boolean;
  /** Whether the user entity was in the catalog when the file was exported. */
  checkUserEntity: boolean;
  /** Number of changes recorded; the copy is pending while it exceeds `syncedSeq`. */
  changeSeq: number;
  /** Value of `changeSeq` that the remote file contains. */
  syncedSeq: number;
  pendingReason?: SyncReason;
  /** Time of the first change not yet synced, ISO 8601. */
  pendingSince?: string;
  /** Time after which the pending change is synced, ISO 8601. */
  dueAt?: string;
  /** Failed attempts since the last successful upload. */
  attemptCount: number;
  /** Time before which no retry starts, ISO 8601. */
  nextAttemptAt?: string;
  lastError?: string;
  /** Whether the copy waits for the user to reconnect the provider. */
  paused: boolean;
  leaseOwner?: string;
  /** Time the current lease ends, ISO 8601. */
  leaseExpiresAt?: string;
  lastSha256?: string;
  lastSyncedAt: string;
  /** Time the scheduled pass last looked up the copy's entities, ISO 8601. */
  catalogCheckedAt?: string;
  /**
   * Time the export policy last allowed the copy for its user, ISO 8601:
   * the export, or the user's last visit to the synced copies page.
   */
  accessConfirmedAt: string;
  /** Reason the user gave when exporting the copy. */
  reason?: string;
  createdAt: string;
  updatedAt: string;
}

/** A copy claimed for upload, with the state read at claim time. */
export interface ClaimedCopy {
  copy: SyncedCopyRecord;
  /** The decrypted content key of the file. */
  contentKey: ReusableContentKey;
}

/**
 * Error of a claimed copy whose content key cannot be decrypted, because
 * the key that sealed it was removed from the configuration or does not
 * match. The copy stays leased to the caller, which records the failure.
 */
export class ContentKeyUnavailableError extends CustomErrorBase {
  name = 'ContentKeyUnavailableError' as const;
  readonly copy: SyncedCopyRecord;
  /** Id of the configured key that sealed the content key. */
  readonly keyId: string;

  constructor(copy: SyncedCopyRecord, keyId: string, cause: unknown) {
    super(
      `The content key of synced copy ${copy.id} was encrypted with key "${keyId}", which this backend cannot use`,
      cause,
    );
    this.copy = copy;
    this.keyId = keyId;
  }
}

/** A file that was just exported to cloud storage. */
export interface ExportedCopy {
  userEntityRef: string;
  providerId: string;
  fileName: string;
  entityRefs: string[];
  location: string;
  remoteId: string;
  sha256: string;
  /** Content key to keep; absent when the copy is not kept up to date. */
  contentKey?: ReusableContentKey;
  checkUserEntity: boolean;
  exportedAt: Date;
  /** Reason the user gave for the export. */
  reason?: string;
}

/** Selection of the copies that are due for a re-sync. */
export interface DueCopyQuery {
  now: Date;
  /**
   * Copies pending since before this time are due even while changes keep
   * arriving, so that a steady stream of edits cannot delay a sync forever.
   */
  pendingCutoff: Date;
  limit: number;
}

/** Result of a failed attempt. */
export interface SyncFailure {
  error: string;
  attemptCount: number;
  nextAttemptAt: Date;
}

/** Result of a successful upload. */
export interface SyncSuccess {
  /** The `changeSeq` read when the copy was claimed. */
  syncedSeq: number;
  sha256: string;
  location: string;
  remoteId: string;
  syncedAt: Date;
}

/**
 * Storage of the synced copies, with content keys encrypted at rest.
 *
 * @remarks
 *
 * Every state change that a re-sync depends on is a single conditional
 * UPDATE, so that several backend replicas can share one database. A copy
 * is claimed with a lease before its upload; only the lease owner can then
 * record the outcome.
 */
export interface SyncedCopyStore {
  /**
   * Records an export to cloud storage. A copy of the same user, provider
   * and file name is replaced: its key, sequence numbers, errors and lease
   * are reset, and its id stays.
   *
   * @returns the copy's id, or undefined when the export is not kept up to
   * date and no copy of the file existed.
   */
  saveExportedCopy(copy: ExportedCopy): Promise<string | undefined>;

  getCopy(id: string): Promise<SyncedCopyRecord | undefined>;

  /** Lists the copies of a user, newest first. */
  listCopies(userEntityRef: string): Promise<SyncedCopyRecord[]>;

  /** Lists the copies of a user on one provider. */
  listCopiesOfProvider(
    userEntityRef: string,
    providerId: string,
  ): Promise<SyncedCopyRecord[]>;

  /**
   * Marks every kept copy that covers one of the entities as pending, due at
   * `dueAt`. A later change moves `dueAt` again, which debounces bursts.
   *
   * @returns the number of copies marked.
   */
  recordChange(
    entityRefs: string[],
    options: { now: Date; dueAt: Date },
  ): Promise<number>;

  /**
   * Marks a kept copy as pending and due, clearing a pause and the wait for
   * the next retry.
   *
   * @param reason - Why the re-sync runs; defaults to `sync-now`.
   * @param dueAt - When the re-sync runs; defaults to `now`.
   * @returns false when the copy does not exist or is stopped.
   */
  requestSync(
    id: string,
    now: Date,
    reason?: SyncReason,
    dueAt?: Date,
  ): Promise<boolean>;

  /** Lists the ids of the copies that are due, unpaused and not leased. */
  listDueCopyIds(query: DueCopyQuery): Promise<string[]>;

  /**
   * Returns the earliest time at which an unpaused pending copy becomes due
   * and unleased, or undefined when none is pending.
   *
   * @param maxDelayMs - Time after `pendingSince` at which a copy is due
   * even while changes keep arriving.
   */
  findNextDueTime(maxDelayMs: number): Promise<Date | undefined>;

  /**
   * Claims a due copy with a conditional UPDATE. Fails when another owner
   * holds a lease that has not expired, or when the copy is no longer due.
   *
   * @throws ContentKeyUnavailableError when the copy was claimed but its
   * content key cannot be decrypted; the caller then holds the lease.
   */
  claimCopy(
    id: string,
    options: {
      owner: string;
      leaseExpiresAt: Date;
      now: Date;
      pendingCutoff: Date;
    },
  ): Promise<ClaimedCopy | undefined>;

  /**
   * Records a successful upload and releases the lease. Changes recorded
   * after the claim keep the copy pending.
   *
   * @returns false when the lease was lost meanwhile.
   */
  completeSync(
    id: string,
    owner: string,
    success: SyncSuccess,
  ): Promise<boolean>;

  /** Records a failed attempt and releases the lease; false when it was lost. */
  failSync(id: string, owner: string, failure: SyncFailure): Promise<boolean>;

  /**
   * Pauses a copy until the user reconnects the provider and releases the
   * lease; false when it was lost.
   */
  pauseSync(id: string, owner: string, error: string): Promise<boolean>;

  /**
   * Lists the paused copies that are kept up to date, those whose
   * connection was checked longest ago first.
   */
  listPausedCopies(limit: number): Promise<SyncedCopyRecord[]>;

  /**
   * Records that the connections of paused copies were checked and are
   * still unusable, which moves the copies to the end of
   * {@link SyncedCopyStore.listPausedCopies}.
   */
  markConnectionChecked(ids: string[], now: Date): Promise<void>;

  /**
   * Lists the copies that are kept up to date, paused or not, those whose
   * entities were looked up in the catalog longest ago first. A copy never
   * checked counts as checked at its creation.
   */
  listCopiesForCatalogCheck(limit: number): Promise<SyncedCopyRecord[]>;

  /**
   * Records that the entities of copies were looked up in the catalog,
   * which moves the copies to the end of
   * {@link SyncedCopyStore.listCopiesForCatalogCheck}.
   */
  markCatalogChecked(ids: string[], now: Date): Promise<void>;

  /** Ends the pause of a copy and makes it due now; false when not paused. */
  resumeCopy(id: string, now: Date): Promise<boolean>;

  /** Records that the export policy allowed the copy for its user again. */
  confirmAccess(id: string, at: Date): Promise<void>;

  /**
   * Stops keeping a copy up to date: deletes its content key and clears
   * the pending state and the lease. The record stays, so the user can
   * still delete the remote file.
   *
   * @returns false when there is no such copy.
   */
  stopCopy(id: string): Promise<boolean>;

  /** Deletes a copy record; returns false when there was none. */
  deleteCopy(id: string): Promise<boolean>;
}
