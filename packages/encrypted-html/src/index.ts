/**
 * Passphrase-encrypted, self-contained HTML files of exported accounts.
 *
 * @packageDocumentation
 */

export type {
  EncryptedExport,
  EncryptExportOptions,
  ExportAccount,
  ExportMetadata,
  ExportPayload,
  ExportResource,
  ReusableContentKey,
} from './types';
export {
  DECRYPTION_ERROR_MESSAGE,
  DecryptionError,
  InvalidContentKeyError,
  InvalidPayloadError,
  NotAnExportError,
  PassphraseError,
  UnsupportedVersionError,
} from './errors';
export { checkPassphrase } from './passphrase';
export { parseExportPayload, MAX_PAYLOAD_BYTES } from './payload';
export { encryptExport, reencryptExport } from './encryptExport';
export { decryptExport } from './decryptExport';
