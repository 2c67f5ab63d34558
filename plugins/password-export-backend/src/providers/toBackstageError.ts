import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CloudStorageError,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';

/** Maximum time of one provider operation, retries included, in milliseconds. */
export const PROVIDER_OPERATION_TIMEOUT_MS = 120_000;

/** Time after which a provider abandons one outbound request, in milliseconds. */
export const PROVIDER_REQUEST_TIMEOUT_MS = 30_000;

/** Adds the field name to a provider message that does not mention it. */
function withField(error: CloudStorageError): string {
  if (!error.field || error.message.includes(error.field)) {
    return error.message;
  }
  return `${error.message} (field ${error.field})`;
}

/**
 * Turns a failure of a provider operation into a `@backstage/errors` type
 * that carries the provider's message.
 *
 * @remarks
 *
 * Provider messages are written for users and never contain secrets. Any
 * other error may quote a request or a credential, so it is logged and
 * replaced by a generic message.
 */
export function toBackstageError(
  error: unknown,
  options: {
    providerTitle: string;
    signal: AbortSignal;
    logger: LoggerService;
  },
): Error {
  const { providerTitle, signal, logger } = options;

  if (signal.aborted && !isCloudStorageError(error)) {
    const reason = signal.reason as Error | undefined;
    if (reason?.name === 'TimeoutError') {
      return new ServiceUnavailableError(
        `${providerTitle} did not finish within ${
          PROVIDER_OPERATION_TIMEOUT_MS / 1000
        } seconds; try again later`,
      );
    }
    return new ServiceUnavailableError(
      `The request to ${providerTitle} was cancelled because the client went away`,
    );
  }

  if (!isCloudStorageError(error)) {
    logger.error(`${providerTitle} failed with an unexpected error`, {
      error: error instanceof Error ? error.name : typeof error,
    });
    return new Error(
      `${providerTitle} failed with an unexpected error; the backend log has the details`,
    );
  }

  switch (error.kind) {
    case 'invalid-input':
    case 'credentials-rejected':
    case 'credentials-expired':
      return new InputError(withField(error));
    case 'access-denied':
      return new NotAllowedError(error.message);
    case 'storage-not-found':
      return new NotFoundError(withField(error));
    case 'quota-exceeded':
      return new ConflictError(error.message);
    default:
      return new ServiceUnavailableError(error.message);
  }
}
