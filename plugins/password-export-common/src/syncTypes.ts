/**
 * State of a synced copy.
 *
 * @remarks
 *
 * - `current`: the remote file has the accounts as of the last change.
 * - `pending`: an account changed and a re-sync is scheduled.
 * - `syncing`: a backend replica is uploading the copy now.
 * - `failed`: the last re-sync failed; it is retried with backoff.
 * - `stopped`: the copy is no longer kept up to date.
 *
 * @public
 */
export type SyncedCopyStatus =
  | 'current'
  | 'pending'
  | 'syncing'
  | 'failed'
  | 'stopped';

/**
 * A file that a user exported to cloud storage, as listed on the user's
 * synced copies page.
 *
 * @public
 */
export interface SyncedCopyView {
  /** Id of the copy, used in the synced copy routes. */
  id: string;
  /** Id of the provider the file is in, such as `s3`. */
  providerId: string;
  /** Display name of the provider. */
  providerTitle: string;
  /** References of the resource entities the file covers. */
  entityRefs: string[];
  /** Name of the file in the user's storage. */
  fileName: string;
  /** Place of the file as the provider describes it. */
  location: string;
  /** Whether account changes re-sync the file. */
  keepUpToDate: boolean;
  /** State of the remote file relative to the accounts. */
  status: SyncedCopyStatus;
  /** Time of the last successful upload, ISO 8601. */
  lastSyncedAt?: string;
  /** Message of the last failure, while the status is `failed`. */
  lastError?: string;
  /** Time of the next attempt after a failure, ISO 8601. */
  nextAttemptAt?: string;
  /** Time of the first upload, ISO 8601. */
  createdAt: string;
}

/**
 * Response of `GET /synced-copies`.
 *
 * @public
 */
export interface SyncedCopyList {
  /** The caller's copies, newest first. */
  items: SyncedCopyView[];
}
