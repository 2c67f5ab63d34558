import { ExportFormat } from '@internal/backstage-plugin-password-export-common';

/** Minimum passphrase length used until the backend has sent its own. */
export const DEFAULT_PASSPHRASE_MIN_LENGTH = 12;

/** Maximum length of the trimmed reason, the backend's limit. */
export const REASON_MAX_LENGTH = 1000;

/** C0 and C1 control characters, which the backend rejects in a reason. */
// eslint-disable-next-line no-control-regex -- these characters are the target
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

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
 * Checks the reason as the backend does: trimmed, then at most 1000
 * characters without control characters, and at least `minLength`
 * characters when a reason is required.
 *
 * @remarks
 *
 * Lengths are UTF-16 code units, as the backend and the `hasReason` rule
 * count them, so the form never accepts a reason that the backend rejects.
 */
function validateReason(
  reason: string,
  options: { required: boolean; minLength: number },
): { valid: boolean; error?: string } {
  const trimmed = reason.trim();

  if (trimmed.length > REASON_MAX_LENGTH) {
    return {
      valid: false,
      error: `Reason must be at most ${REASON_MAX_LENGTH} characters (${trimmed.length} now).`,
    };
  }
  if (CONTROL_CHARACTERS.test(trimmed)) {
    return {
      valid: false,
      error: 'Reason must not contain control characters such as line breaks.',
    };
  }
  if (options.required && trimmed.length < options.minLength) {
    // Say nothing until the user has typed, as for the passphrase.
    const error =
      trimmed === ''
        ? undefined
        : `Reason must be at least ${options.minLength} characters (${trimmed.length} so far).`;
    return { valid: false, error };
  }
  return { valid: true };
}

/**
 * Validates the export form.
 *
 * @param values - the form values
 * @param options - `passphraseMinLength` from the backend's export options,
 *   whether a reason is required and its minimum trimmed length (1 when
 *   absent)
 */
export function validateExportForm(
  values: ExportFormValues,
  options: {
    passphraseMinLength: number;
    reasonRequired: boolean;
    reasonMinLength?: number;
  },
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

  const reason = validateReason(values.reason, {
    required: options.reasonRequired,
    minLength: options.reasonMinLength ?? 1,
  });
  errors.reason = reason.error;
  valid = valid && reason.valid;

  return { valid, errors };
}
