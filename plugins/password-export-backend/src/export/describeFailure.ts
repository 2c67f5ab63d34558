import { isError } from '@backstage/errors';

/** Names of the errors whose messages the plugin wrote for users. */
const USER_FACING_ERRORS = new Set([
  'InputError',
  'NotAllowedError',
  'NotFoundError',
  'ConflictError',
  'ServiceUnavailableError',
]);

/**
 * Returns the message of a failure to keep in the history or show on a
 * synced copy: the message of an error written for users, or a generic one
 * for any other error, whose message may quote a request or a secret.
 */
export function describeFailure(
  error: unknown,
  operation: 'export' | 're-sync' | 'stop' | 'deletion' = 'export',
): string {
  if (isError(error) && USER_FACING_ERRORS.has(error.name)) {
    return error.message.slice(0, 2000);
  }
  return `The ${operation} failed because of an internal error; the backend log has the details`;
}
