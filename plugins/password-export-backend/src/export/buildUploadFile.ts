import { CloudStorageFile } from '@internal/backstage-plugin-password-export-node';

/** Media type of encrypted HTML exports. */
export const ENCRYPTED_HTML_CONTENT_TYPE = 'text/html; charset=utf-8';

/** Replaces characters that storage metadata headers cannot carry. */
function toMetadataValue(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}

/**
 * Describes an encrypted export for a provider's upload, with the metadata
 * that ties the stored file to its history entry.
 */
export function buildUploadFile(options: {
  name: string;
  content: Buffer;
  sha256: string;
  contentType: string;
  /** Id of the history entry of this upload. */
  exportId: string;
  exportedBy: string;
  exportedAt: Date;
}): CloudStorageFile {
  return {
    name: options.name,
    content: options.content,
    sha256: options.sha256,
    contentType: options.contentType,
    metadata: {
      'export-id': options.exportId,
      'exported-by': toMetadataValue(options.exportedBy),
      'exported-at': options.exportedAt.toISOString(),
    },
  };
}
