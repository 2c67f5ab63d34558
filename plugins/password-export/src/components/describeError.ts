import { isError, ResponseError } from '@backstage/errors';

/**
 * Returns the message to show for a failed request: the backend's own
 * message for an error response, and the error's message otherwise.
 */
export function describeError(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause.message || error.message;
  }
  // isError checks the shape rather than the prototype, because errors from
  // another realm, such as an iframe or the test environment, fail
  // `instanceof Error`.
  if (isError(error)) {
    return error.message;
  }
  return String(error);
}
