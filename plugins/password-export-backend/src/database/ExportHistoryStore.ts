import {
  ExportDestination,
  ExportFormat,
} from '@internal/backstage-plugin-password-export-common';

/** Result of an export attempt. */
export type ExportOutcome = 'succeeded' | 'denied' | 'failed';

/**
 * Kind of history entry: an export, or the re-sync, stop or deletion of a
 * synced copy.
 */
export type HistoryAction = 'export' | 'resync' | 'stop' | 'delete';

/** One export attempt; never contains a secret. */
export interface ExportHistoryEntry {
  id: string;
  /** Kind of entry; `export` when absent. */
  action?: HistoryAction;
  userEntityRef: string;
  entityRefs: string[];
  format: ExportFormat;
  destination: ExportDestination;
  reason?: string;
  sha256?: string;
  outcome: ExportOutcome;
  accountCount: number;
  createdAt: string;
  /** Place of the uploaded file, for cloud destinations. */
  location?: string;
  /** Message of the error that stopped the export, as the user saw it. */
  error?: string;
}

/** Filters and page of {@link ExportHistoryStore.listEntries}. */
export interface ExportHistoryQuery {
  /** Only entries of this user. */
  userEntityRef?: string;
  /** Only entries that exported this entity. */
  entityRef?: string;
  /** Only entries of this destination. */
  destination?: string;
  /** Only entries created at or after this time, ISO 8601. */
  from?: string;
  /** Only entries created before this time, ISO 8601. */
  to?: string;
  /** Number of matching entries to skip. */
  offset: number;
  /** Maximum number of entries to return. */
  limit: number;
}

/** Storage of the export history. */
export interface ExportHistoryStore {
  /** Records an export attempt. */
  addEntry(entry: ExportHistoryEntry): Promise<void>;

  /** Lists the matching entries, newest first, with their total count. */
  listEntries(
    query: ExportHistoryQuery,
  ): Promise<{ items: ExportHistoryEntry[]; totalCount: number }>;
}
