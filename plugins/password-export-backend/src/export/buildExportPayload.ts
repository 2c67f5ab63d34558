import { ExportPayload } from '@internal/encrypted-html';
import { SpreadsheetResource } from './toSpreadsheetRows';

/** Facts about an encrypted export that the viewer shows. */
export interface ExportPayloadMetadata {
  /** User entity reference of the person who exported. */
  exportedBy: string;
  exportedAt: Date;
  /** Time the accounts were read. */
  validAsOf: Date;
  /** Portal title shown in the viewer. */
  portal?: string;
  /** Age in days after which the viewer warns that the file is stale. */
  staleAfterDays: number;
}

/**
 * Builds the plaintext of an encrypted export, for the first encryption and
 * for every re-encryption of a synced copy.
 */
export function buildExportPayload(
  metadata: ExportPayloadMetadata,
  resources: SpreadsheetResource[],
): ExportPayload {
  return {
    metadata: {
      exportedBy: metadata.exportedBy,
      exportedAt: metadata.exportedAt.toISOString(),
      validAsOf: metadata.validAsOf.toISOString(),
      portal: metadata.portal,
      staleAfterDays: metadata.staleAfterDays,
    },
    // The source of each account goes into spreadsheets only.
    resources: resources.map(resource => ({
      entityRef: resource.entityRef,
      title: resource.title,
      accounts: resource.accounts,
    })),
  };
}

/** Counts the accounts of all resources. */
export function countAccounts(resources: SpreadsheetResource[]): number {
  return resources.reduce((sum, resource) => sum + resource.accounts.length, 0);
}
