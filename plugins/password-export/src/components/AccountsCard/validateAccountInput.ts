import { AccountInput } from '@internal/backstage-plugin-password-export-common';

// Limits of the backend's account validation, see `AccountInput`.
/** Maximum number of characters of an account name. */
export const ACCOUNT_NAME_MAX_LENGTH = 200;
/** Maximum number of characters of a user name. */
export const ACCOUNT_USERNAME_MAX_LENGTH = 200;
/** Maximum number of characters of a password. */
export const ACCOUNT_PASSWORD_MAX_LENGTH = 4096;
/** Maximum number of characters of the notes. */
export const ACCOUNT_NOTES_MAX_LENGTH = 10_000;
/** Maximum number of characters of a URL, as the backend enforces. */
export const ACCOUNT_URL_MAX_LENGTH = 2048;

/** Values of the account form, all as typed by the user. */
export interface AccountFormValues {
  name: string;
  username: string;
  password: string;
  url: string;
  notes: string;
}

/** Error messages of the account form, by field. */
export type AccountFormErrors = Partial<
  Record<keyof AccountFormValues, string>
>;

/**
 * Checks whether a string is an absolute http or https URL, the only links
 * that the accounts card renders as clickable.
 */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Validates the account form against the backend's limits.
 *
 * @param values - the form values
 * @param options - `passwordRequired` is false when editing, where an empty
 *   password keeps the stored one
 * @returns one message per invalid field; empty when the form is valid
 */
export function validateAccountForm(
  values: AccountFormValues,
  options: { passwordRequired: boolean },
): AccountFormErrors {
  const errors: AccountFormErrors = {};

  if (values.name.trim() === '') {
    errors.name = 'Enter a name.';
  } else if (values.name.length > ACCOUNT_NAME_MAX_LENGTH) {
    errors.name = `The name must be at most ${ACCOUNT_NAME_MAX_LENGTH} characters long.`;
  }

  if (values.username.length > ACCOUNT_USERNAME_MAX_LENGTH) {
    errors.username = `The username must be at most ${ACCOUNT_USERNAME_MAX_LENGTH} characters long.`;
  }

  if (options.passwordRequired && values.password === '') {
    errors.password = 'Enter a password.';
  } else if (values.password.length > ACCOUNT_PASSWORD_MAX_LENGTH) {
    errors.password = `The password must be at most ${ACCOUNT_PASSWORD_MAX_LENGTH} characters long.`;
  }

  const url = values.url.trim();
  if (url.length > ACCOUNT_URL_MAX_LENGTH) {
    errors.url = `The URL must be at most ${ACCOUNT_URL_MAX_LENGTH} characters long.`;
  } else if (url !== '' && !isHttpUrl(url)) {
    errors.url =
      'Enter a URL that starts with http:// or https://, or leave it empty.';
  }

  if (values.notes.length > ACCOUNT_NOTES_MAX_LENGTH) {
    errors.notes = `The notes must be at most ${ACCOUNT_NOTES_MAX_LENGTH} characters long.`;
  }

  return errors;
}

/**
 * Converts valid form values into the request body: the URL is trimmed,
 * empty optional fields are left out, and an empty password is left out so
 * that an update keeps the stored one.
 */
export function toAccountInput(values: AccountFormValues): AccountInput {
  const input: AccountInput = {
    name: values.name.trim(),
    username: values.username,
  };

  if (values.password !== '') {
    input.password = values.password;
  }

  const url = values.url.trim();
  if (url !== '') {
    input.url = url;
  }

  if (values.notes !== '') {
    input.notes = values.notes;
  }

  return input;
}
