/**
 * The single message of every {@link DecryptionError}.
 *
 * @public
 */
export const DECRYPTION_ERROR_MESSAGE = 'wrong passphrase or damaged file';

/**
 * Raised for every failure to open an encrypted export: wrong passphrase,
 * damaged or tampered data, out-of-range parameters, invalid content.
 *
 * @remarks
 * All of these carry the same message and code so that a caller, or an
 * attacker feeding modified files to it, cannot tell which check failed
 * (FORMAT.md, "Errors").
 *
 * @public
 */
export class DecryptionError extends Error {
  /** Stable error code. */
  readonly code = 'ERR_DECRYPTION_FAILED';

  constructor() {
    super(DECRYPTION_ERROR_MESSAGE);
    this.name = 'DecryptionError';
  }
}

/**
 * Raised when the input has no embedded encrypted export at all, e.g. an
 * unrelated HTML page.
 *
 * @remarks
 * The check looks only at public structure, before any key is derived, so
 * a distinct error reveals nothing about the passphrase or the content.
 *
 * @public
 */
export class NotAnExportError extends Error {
  /** Stable error code. */
  readonly code = 'ERR_NOT_AN_EXPORT';

  constructor() {
    super('file is not an encrypted export');
    this.name = 'NotAnExportError';
  }
}

/**
 * Raised when the embedded export declares a format version this reader does
 * not implement.
 *
 * @public
 */
export class UnsupportedVersionError extends Error {
  /** Stable error code. */
  readonly code = 'ERR_UNSUPPORTED_VERSION';
  /** Version byte found in the header. */
  readonly version: number;

  constructor(version: number) {
    super(
      `encrypted export format version ${version} is not supported, use a newer reader`,
    );
    this.name = 'UnsupportedVersionError';
    this.version = version;
  }
}

/**
 * Raised by writers for a passphrase that breaks the passphrase rule. The
 * message names the rule and never contains the passphrase.
 *
 * @public
 */
export class PassphraseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PassphraseError';
  }
}

/**
 * Raised by writers for a payload that does not have the `ExportPayload`
 * shape. The message names the invalid field, e.g. `resources[0].title`.
 *
 * @public
 */
export class InvalidPayloadError extends Error {
  /** Path of the invalid field, e.g. `resources[0].accounts[2].password`. */
  readonly field: string;

  constructor(field: string, problem: string) {
    super(`invalid export payload: ${field} ${problem}`);
    this.name = 'InvalidPayloadError';
    this.field = field;
  }
}

/**
 * Raised by {@link reencryptExport} for a `ReusableContentKey` with a missing
 * or malformed field. The message names the field, never its value.
 *
 * @public
 */
export class InvalidContentKeyError extends Error {
  constructor(field: string, problem: string) {
    super(`invalid reusable content key: ${field} ${problem}`);
    this.name = 'InvalidContentKeyError';
  }
}
