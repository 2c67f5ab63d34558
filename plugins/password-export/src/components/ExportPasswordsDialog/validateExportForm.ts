import { ExportFormat } from '@internal/backstage-plugin-password-export-common';

/** Minimum passphrase length used until the backend has sent its own. */
export const DEFAULT_PASSPHRASE_MIN_LENGTH = 12;

/** Values of the export form, as typed by the user. */
export interface ExportFormValues {
  format: ExportFormat;
  passphrase: string;
  confirmation: string;
  reason: string;
}

/** Messages of the export form, by field. */
export interface ExportFormErrors {
  passphrase?: string;
  confirmation?: string;
  reason?: string;
}

/** Result of {@link validateExportForm}. */
export interface ExportFormValidation {
  /** Whether the form may be submitted. */
  valid: boolean;
  /**
   * Messages to show now. A rule that the user cannot yet have met, such as
   * a matching confirmation before anything was typed in it, gives none but
   * still makes the form invalid.
   */
  errors: ExportFormErrors;
}

/**
 * Counts characters as the user sees them: code points, so that an emoji
 * counts once rather than as two UTF-16 units.
 */
export function countCharacters(value: string): number {
  return Array.from(value).length;
}

function validatePassphrase(
  passphrase: string,
  minLength: number,
): string | undefined {
  if (passphrase === '') {
    return undefined;
  }
  // Readers trim the passphrase they are given, so a passphrase with outer
  // whitespace could never be typed back; the backend rejects it too.
  if (passphrase.trim() !== passphrase) {
    return 'The passphrase must not start or end with a space or other whitespace character.';
  }
  const length = countCharacters(passphrase);
  if (length < minLength) {
    return `The passphrase must be at least ${minLength} characters long (${length} so far).`;
  }
  return undefined;
}

/**
 * Validates the export form.
 *
 * @param values - the form values
 * @param options - `passphraseMinLength` from the backend's export options,
 *   and whether a reason is required
 */
export function validateExportForm(
  values: ExportFormValues,
  options: { passphraseMinLength: number; reasonRequired: boolean },
): ExportFormValidation {
  const errors: ExportFormErrors = {};
  let valid = true;

  if (values.format === 'encrypted-html') {
    errors.passphrase = validatePassphrase(
      values.passphrase,
      options.passphraseMinLength,
    );

    if (
      values.confirmation !== '' &&
      values.confirmation !== values.passphrase
    ) {
      errors.confirmation = 'The passphrases do not match.';
    }

    valid =
      values.passphrase !== '' &&
      errors.passphrase === undefined &&
      values.confirmation === values.passphrase;
  }

  if (options.reasonRequired && values.reason.trim() === '') {
    valid = false;
  }

  return { valid, errors };
}
