/**
 * One account in an export.
 *
 * @public
 */
export interface ExportAccount {
  /** Display name of the account. */
  name: string;
  /** User name used to sign in. */
  username: string;
  /** Password in clear text. */
  password: string;
  /** Sign-in address, shown as text. */
  url?: string;
  /** Free-form notes. */
  notes?: string;
  /** Time of the last change, in ISO 8601. */
  updatedAt?: string;
}

/**
 * A resource and its accounts.
 *
 * @public
 */
export interface ExportResource {
  /** Catalog entity reference, e.g. `resource:default/orders-db`. */
  entityRef: string;
  /** Display name of the resource. */
  title: string;
  /** Accounts of the resource. */
  accounts: ExportAccount[];
}

/**
 * Facts about an export that the viewer shows beside the accounts.
 *
 * @public
 */
export interface ExportMetadata {
  /** User entity reference of the person who exported, e.g. `user:default/jane`. */
  exportedBy: string;
  /** Time of the export, in ISO 8601. */
  exportedAt: string;
  /** Time the accounts were read, in ISO 8601. */
  validAsOf: string;
  /** Portal title or URL shown in the viewer. */
  portal?: string;
  /** Age in days of `validAsOf` after which the viewer warns (default 30). */
  staleAfterDays?: number;
}

/**
 * The plaintext content of an encrypted export.
 *
 * @public
 */
export interface ExportPayload {
  /** Facts about the export. */
  metadata: ExportMetadata;
  /** Exported resources with their accounts. */
  resources: ExportResource[];
}

/**
 * Key material that lets a later export open with the same passphrase,
 * without the passphrase.
 *
 * @remarks
 * Every field is a string or number so the object survives `JSON.stringify`.
 * `key` is the raw content key: whoever holds this object can read every file
 * made with it, so store it encrypted.
 *
 * @public
 */
export interface ReusableContentKey {
  /** Format version the key material belongs to. */
  formatVersion: 1;
  /** Standard base64 of the 32-byte content key (secret). */
  key: string;
  /** PBKDF2 iteration count of the header. */
  iterations: number;
  /** Standard base64 of the 16-byte PBKDF2 salt. */
  salt: string;
  /** Standard base64 of the 12-byte IV used to wrap the content key. */
  wrapIv: string;
  /** Standard base64 of the 48-byte wrapped content key (ciphertext and tag). */
  wrappedKey: string;
}

/**
 * An encrypted export file and the material to re-encrypt it later.
 *
 * @public
 */
export interface EncryptedExport {
  /** The complete HTML file, UTF-8 encoded. */
  html: Buffer;
  /** Lowercase hex SHA-256 of `html`. */
  sha256: string;
  /** Key material for {@link reencryptExport}. */
  contentKey: ReusableContentKey;
}

/**
 * Options of {@link encryptExport}.
 *
 * @public
 */
export interface EncryptExportOptions {
  /** Passphrase that opens the file; see {@link checkPassphrase}. */
  passphrase: string;
  /** PBKDF2 iteration count, 100,000 to 10,000,000 (default 600,000). */
  iterations?: number;
}
