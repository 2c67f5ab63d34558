import { Bytes } from './header';
import { encodePassphrase } from './passphrase';

// Node's WebCrypto, the same API the viewer uses in the browser.
const subtle = globalThis.crypto.subtle;

/**
 * Derives the key-encryption key from a passphrase with PBKDF2-HMAC-SHA256
 * (FORMAT.md, "Key derivation").
 *
 * The key is non-extractable: it can wrap or unwrap the content key but its
 * bytes never reach JavaScript.
 */
export async function deriveWrappingKey(
  passphrase: string,
  salt: Bytes,
  iterations: number,
  usages: KeyUsage[],
): Promise<CryptoKey> {
  const material = await subtle.importKey(
    'raw',
    encodePassphrase(passphrase),
    'PBKDF2',
    false,
    ['deriveKey'],
  );
  return subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    usages,
  );
}

/**
 * Encrypts the raw content key under the key-encryption key with AES-256-GCM,
 * binding the magic, version, iteration count and salt as additional data
 * (FORMAT.md, "Key wrapping").
 */
export async function wrapContentKey(
  wrappingKey: CryptoKey,
  rawContentKey: Bytes,
  wrapIv: Bytes,
  keyHeader: Bytes,
): Promise<Bytes> {
  const wrapped = await subtle.encrypt(
    { name: 'AES-GCM', iv: wrapIv, additionalData: keyHeader, tagLength: 128 },
    wrappingKey,
    rawContentKey,
  );
  return new Uint8Array(wrapped);
}

/**
 * Unwraps the content key straight into a non-extractable AES-GCM key, so a
 * reader never keeps the raw key bytes; throws when the tag does not verify.
 */
export async function unwrapContentKey(
  wrappingKey: CryptoKey,
  wrappedKey: Bytes,
  wrapIv: Bytes,
  keyHeader: Bytes,
): Promise<CryptoKey> {
  return subtle.unwrapKey(
    'raw',
    wrappedKey,
    wrappingKey,
    { name: 'AES-GCM', iv: wrapIv, additionalData: keyHeader, tagLength: 128 },
    { name: 'AES-GCM', length: 256 },
    false,
    ['decrypt'],
  );
}

/** Imports raw content key bytes as a non-extractable encryption key. */
export async function importContentKey(
  rawContentKey: Bytes,
): Promise<CryptoKey> {
  return subtle.importKey('raw', rawContentKey, 'AES-GCM', false, ['encrypt']);
}

/** Encrypts the packed payload with AES-256-GCM, the header as additional data. */
export async function encryptContent(
  contentKey: CryptoKey,
  contentIv: Bytes,
  header: Bytes,
  plaintext: Bytes,
): Promise<Bytes> {
  const ciphertext = await subtle.encrypt(
    { name: 'AES-GCM', iv: contentIv, additionalData: header, tagLength: 128 },
    contentKey,
    plaintext,
  );
  return new Uint8Array(ciphertext);
}

/** Decrypts and authenticates the content; throws when the tag does not verify. */
export async function decryptContent(
  contentKey: CryptoKey,
  contentIv: Bytes,
  header: Bytes,
  ciphertext: Bytes,
): Promise<Bytes> {
  const plaintext = await subtle.decrypt(
    { name: 'AES-GCM', iv: contentIv, additionalData: header, tagLength: 128 },
    contentKey,
    ciphertext,
  );
  return new Uint8Array(plaintext);
}
