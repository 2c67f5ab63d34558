import { decodeBase64 } from './base64';
import {
  DecryptionError,
  NotAnExportError,
  UnsupportedVersionError,
} from './errors';
import { decodeHeader, KEY_HEADER_LENGTH, readHeaderPrefix } from './header';
import { extractBlobText } from './html';
import { decryptContent, deriveWrappingKey, unwrapContentKey } from './keys';
import { unpackPayload } from './payload';
import { ExportPayload } from './types';

function toText(html: string | Uint8Array): string {
  if (typeof html === 'string') {
    return html;
  }
  // Non-fatal decoding: the blob is ASCII, and damage elsewhere in the page
  // must not stop a reader from finding it.
  return new TextDecoder('utf-8').decode(html);
}

/**
 * Decrypts an encrypted export file with its passphrase.
 *
 * @remarks
 * The passphrase is trimmed and NFC-normalized first, as in the viewer.
 * Throws {@link NotAnExportError} when the input contains no embedded export,
 * {@link UnsupportedVersionError} for a version this reader does not know,
 * and {@link DecryptionError}, with one message, for every other failure:
 * wrong passphrase, invalid base64, wrong lengths, iteration count out of
 * range, failed authentication, failed decompression or invalid content.
 *
 * @public
 */
export async function decryptExport(
  html: string | Uint8Array,
  passphrase: string,
): Promise<ExportPayload> {
  const blobText = extractBlobText(toText(html));
  if (blobText === undefined) {
    throw new NotAnExportError();
  }
  if (blobText === null) {
    throw new DecryptionError();
  }

  const blob = decodeBase64(blobText);
  if (blob === undefined) {
    throw new DecryptionError();
  }

  // Magic and version are public structure, so naming them in the error
  // reveals nothing about the passphrase or the content.
  const prefix = readHeaderPrefix(blob);
  if (prefix.kind === 'unsupported-version') {
    throw new UnsupportedVersionError(prefix.version);
  }
  if (prefix.kind === 'not-an-export') {
    throw new DecryptionError();
  }

  const parts = decodeHeader(blob);
  if (parts === undefined || typeof passphrase !== 'string') {
    throw new DecryptionError();
  }
  const { header, headerBytes, ciphertext } = parts;

  try {
    const wrappingKey = await deriveWrappingKey(
      passphrase,
      header.salt,
      header.iterations,
      ['unwrapKey'],
    );
    const contentKey = await unwrapContentKey(
      wrappingKey,
      header.wrappedKey,
      header.wrapIv,
      headerBytes.subarray(0, KEY_HEADER_LENGTH),
    );
    const packed = await decryptContent(
      contentKey,
      header.contentIv,
      headerBytes,
      ciphertext,
    );
    return await unpackPayload(packed);
  } catch {
    // Every cause (bad tag, bad deflate stream, bad UTF-8, bad JSON, bad
    // shape) becomes the same error: no decryption oracle.
    throw new DecryptionError();
  }
}
