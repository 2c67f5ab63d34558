import { ResponseError } from '@backstage/errors';
import { ProviderField } from '@internal/backstage-plugin-password-export-common';
import { describeError } from './describeError';

/** A failed request's message, with the form field it is about if known. */
export interface FieldErrorDescription {
  /** Key of the field the message is about; absent for the whole form. */
  field?: string;
  message: string;
}

function startsWithTitle(message: string, title: string): boolean {
  return message
    .toLocaleLowerCase('en-US')
    .startsWith(`${title.toLocaleLowerCase('en-US')} `);
}

/**
 * Describes a failed request of a form made from field descriptors, and
 * finds the field that the backend's 400 response is about: the `field`
 * property of the error body, else a field whose title starts the message,
 * as in "Bucket team-exports does not exist".
 */
export function describeFieldError(
  error: unknown,
  fields: ProviderField[],
): FieldErrorDescription {
  const message = describeError(error);
  if (!ResponseError.is(error) || error.statusCode !== 400) {
    return { message };
  }

  const namedField = (error.cause as { field?: unknown }).field;
  if (typeof namedField === 'string') {
    const known = fields.some(field => field.key === namedField);
    return known ? { field: namedField, message } : { message };
  }

  const titled = fields.find(field => startsWithTitle(message, field.title));
  return titled ? { field: titled.key, message } : { message };
}
