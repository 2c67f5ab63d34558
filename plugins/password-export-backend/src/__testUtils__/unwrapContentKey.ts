import { createDecipheriv, pbkdf2Sync } from 'node:crypto';

const BLOB_START_TAG =
  '<script id="encrypted-export" type="application/octet-stream">';

/**
 * Recovers the raw content key of an encrypted export from its passphrase,
 * following the key derivation and key wrapping of the format's spec, so
 * that tests can look for the key in stored rows.
 */
export function unwrapContentKey(html: Buffer, passphrase: string): Buffer {
  const text = html.toString('utf8');
  const start = text.indexOf(BLOB_START_TAG) + BLOB_START_TAG.length;
  const blob = Buffer.from(
    text.slice(start, text.indexOf('</script>', start)),
    'base64',
  );

  const iterations = blob.readUInt32BE(6);
  const salt = blob.subarray(10, 26);
  const wrapIv = blob.subarray(26, 38);
  const wrappedKey = blob.subarray(38, 86);
  const wrappingKey = pbkdf2Sync(
    passphrase.trim().normalize('NFC'),
    salt,
    iterations,
    32,
    'sha256',
  );

  const decipher = createDecipheriv('aes-256-gcm', wrappingKey, wrapIv);
  decipher.setAAD(blob.subarray(0, 26));
  decipher.setAuthTag(wrappedKey.subarray(32));
  return Buffer.concat([
    decipher.update(wrappedKey.subarray(0, 32)),
    decipher.final(),
  ]);
}
