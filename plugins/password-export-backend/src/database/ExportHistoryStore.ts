import {
  ExportDestination,
  ExportFormat,
} from '@internal/backstage-plugin-password-export-common';

/** Result of an export attempt. */
export type ExportOutcome = 'succeeded' | 'denied' | 'failed';

/** One export attempt; never contains a secret. */
export interface ExportHistoryEntry {
  id: string;
  userEntityRef: string;
  entityRefs: string[];
  format: ExportFormat;
  destination: ExportDestination;
  reason?: string;
  sha256?: string;
  outcome: ExportOutcome;
  accountCount: number;
  createdAt: string;
}

/** Storage of the export history. */
export interface ExportHistoryStore {
  /** Records an export attempt. */
  addEntry(entry: ExportHistoryEntry): Promise<void>;

  /**
   * Lists the latest entries, newest first.
   *
   * TODO: serve this through a route once the admin page that shows the
   * history exists; until then only tests call it.
   */
  listEntries(options: { limit: number }): Promise<ExportHistoryEntry[]>;
}
