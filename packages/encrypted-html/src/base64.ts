import { Bytes } from './header';

const BASE64_PATTERN =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Encodes bytes as standard, padded base64 (RFC 4648 section 4). */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    'base64',
  );
}

/**
 * Decodes canonical standard base64, or returns undefined.
 *
 * Node's decoder skips invalid characters and ignores non-zero padding bits;
 * FORMAT.md "Conventions" requires readers to reject both, so the encoding
 * of a file is unique.
 */
export function decodeBase64(text: string): Bytes | undefined {
  if (!BASE64_PATTERN.test(text)) {
    return undefined;
  }
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) {
    return undefined;
  }
  return new Uint8Array(bytes);
}
