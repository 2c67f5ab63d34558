import { createHash } from 'node:crypto';

/** Block size of Dropbox's content hash: 4 MiB. */
const blockBytes = 4 * 1024 * 1024;

/**
 * Computes Dropbox's `content_hash` of a file: the hex SHA-256 of the
 * concatenated SHA-256 digests of its 4 MiB blocks.
 */
export function computeDropboxContentHash(content: Buffer): string {
  const overall = createHash('sha256');
  for (let offset = 0; offset < content.length; offset += blockBytes) {
    const block = content.subarray(offset, offset + blockBytes);
    overall.update(createHash('sha256').update(block).digest());
  }
  return overall.digest('hex');
}
