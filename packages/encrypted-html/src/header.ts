/**
 * Binary header of format version 1 (FORMAT.md, "Header").
 *
 *     offset  length  field
 *          0       5  magic "EHTML"
 *          5       1  version (1)
 *          6       4  PBKDF2 iteration count, unsigned big-endian
 *         10      16  PBKDF2 salt
 *         26      12  wrap IV
 *         38      48  wrapped content key (32-byte ciphertext || 16-byte tag)
 *         86      12  content IV
 *         98          end of header
 */

/** Bytes backed by a plain ArrayBuffer, as WebCrypto expects. */
export type Bytes = Uint8Array<ArrayBuffer>;

/** ASCII "EHTML". */
export const MAGIC = Uint8Array.of(0x45, 0x48, 0x54, 0x4d, 0x4c);
export const FORMAT_VERSION = 1;

/**
 * OWASP's 2023 figure for PBKDF2-HMAC-SHA256. It costs 80 to 120 ms in
 * Node 22 on a shared 2-core AMD EPYC VM (bench/run.js).
 */
export const DEFAULT_ITERATIONS = 600_000;
export const MIN_ITERATIONS = 100_000;
export const MAX_ITERATIONS = 10_000_000;

export const SALT_LENGTH = 16;
export const IV_LENGTH = 12;
export const KEY_LENGTH = 32;
export const TAG_LENGTH = 16;
export const WRAPPED_KEY_LENGTH = KEY_LENGTH + TAG_LENGTH;

const VERSION_OFFSET = MAGIC.length;
const ITERATIONS_OFFSET = VERSION_OFFSET + 1;
const SALT_OFFSET = ITERATIONS_OFFSET + 4;
const WRAP_IV_OFFSET = SALT_OFFSET + SALT_LENGTH;
const WRAPPED_KEY_OFFSET = WRAP_IV_OFFSET + IV_LENGTH;
const CONTENT_IV_OFFSET = WRAPPED_KEY_OFFSET + WRAPPED_KEY_LENGTH;

/** Length of the part of the header bound to the wrapped key: magic to salt. */
export const KEY_HEADER_LENGTH = WRAP_IV_OFFSET;
export const HEADER_LENGTH = CONTENT_IV_OFFSET + IV_LENGTH;

/** Decoded header fields. */
export interface Header {
  iterations: number;
  salt: Bytes;
  wrapIv: Bytes;
  wrappedKey: Bytes;
  contentIv: Bytes;
}

/** Outcome of reading the fixed-position magic and version bytes. */
export type HeaderPrefix =
  | { kind: 'not-an-export' }
  | { kind: 'unsupported-version'; version: number }
  | { kind: 'v1' };

/** Serializes a header; every field must already have its exact length. */
export function encodeHeader(header: Header): Bytes {
  const bytes = new Uint8Array(HEADER_LENGTH);
  bytes.set(MAGIC, 0);
  bytes[VERSION_OFFSET] = FORMAT_VERSION;
  new DataView(bytes.buffer).setUint32(ITERATIONS_OFFSET, header.iterations);
  bytes.set(header.salt, SALT_OFFSET);
  bytes.set(header.wrapIv, WRAP_IV_OFFSET);
  bytes.set(header.wrappedKey, WRAPPED_KEY_OFFSET);
  bytes.set(header.contentIv, CONTENT_IV_OFFSET);
  return bytes;
}

/** Reads the magic and version, the only fields checked before decryption. */
export function readHeaderPrefix(blob: Bytes): HeaderPrefix {
  if (blob.length <= VERSION_OFFSET) {
    return { kind: 'not-an-export' };
  }
  for (let i = 0; i < MAGIC.length; i++) {
    if (blob[i] !== MAGIC[i]) {
      return { kind: 'not-an-export' };
    }
  }
  const version = blob[VERSION_OFFSET];
  if (version !== FORMAT_VERSION) {
    return { kind: 'unsupported-version', version };
  }
  return { kind: 'v1' };
}

/**
 * Splits a version 1 blob into header fields and the AEAD ciphertext, or
 * returns undefined when a length or parameter rule fails.
 */
export function decodeHeader(
  blob: Bytes,
): { header: Header; headerBytes: Bytes; ciphertext: Bytes } | undefined {
  // FORMAT.md "Header": the content ciphertext is at least one GCM tag long.
  if (blob.length < HEADER_LENGTH + TAG_LENGTH) {
    return undefined;
  }

  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const iterations = view.getUint32(ITERATIONS_OFFSET);

  // FORMAT.md "Key derivation": readers reject counts outside
  // [100,000, 10,000,000], so a forged header can neither weaken the KDF
  // nor make the reader spin for hours.
  if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
    return undefined;
  }

  const header: Header = {
    iterations,
    salt: blob.subarray(SALT_OFFSET, WRAP_IV_OFFSET),
    wrapIv: blob.subarray(WRAP_IV_OFFSET, WRAPPED_KEY_OFFSET),
    wrappedKey: blob.subarray(WRAPPED_KEY_OFFSET, CONTENT_IV_OFFSET),
    contentIv: blob.subarray(CONTENT_IV_OFFSET, HEADER_LENGTH),
  };
  return {
    header,
    headerBytes: blob.subarray(0, HEADER_LENGTH),
    ciphertext: blob.subarray(HEADER_LENGTH),
  };
}
