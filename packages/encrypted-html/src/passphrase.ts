import { PassphraseError } from './errors';
import { Bytes } from './header';

/**
 * Checks the writer's passphrase rule (FORMAT.md, "Passphrase"): the
 * passphrase must be non-empty, well-formed Unicode, without leading or
 * trailing whitespace.
 *
 * @remarks
 * Whitespace is what ECMAScript's `String.prototype.trim` removes, the same
 * definition the viewer uses. Throws {@link PassphraseError}; the message
 * names the rule and never contains the passphrase.
 *
 * @public
 */
export function checkPassphrase(passphrase: string): void {
  if (typeof passphrase !== 'string') {
    throw new PassphraseError('passphrase must be a string');
  }
  if (passphrase.length === 0) {
    throw new PassphraseError('passphrase must not be empty');
  }
  if (passphrase.trim() !== passphrase) {
    throw new PassphraseError(
      'passphrase must not start or end with whitespace, remove the surrounding spaces or line breaks',
    );
  }

  // A lone surrogate cannot be encoded in UTF-8; TextEncoder would replace it
  // with U+FFFD, so two different passphrases would derive the same key.
  if (!passphrase.isWellFormed()) {
    throw new PassphraseError(
      'passphrase must be well-formed Unicode (it contains a lone surrogate)',
    );
  }
}

/**
 * Returns the bytes every reader and writer feeds to PBKDF2: the passphrase
 * trimmed, NFC-normalized and UTF-8 encoded (FORMAT.md, "Passphrase").
 */
export function encodePassphrase(passphrase: string): Bytes {
  const encoded = new TextEncoder().encode(passphrase.trim().normalize('NFC'));
  return new Uint8Array(encoded);
}
