import {
  CloudStorageOperationContext,
  RetryOptions,
  withRetries,
} from '@internal/backstage-plugin-password-export-node';
import { BoxOperation, classifyBoxError } from './classifyBoxError';

/**
 * Sends one Box request with retries: `request` gets the signal to pass to
 * the SDK as cancellation token, and `target` names the item for messages.
 */
export type CallBox = <T>(
  target: string | undefined,
  request: (signal: AbortSignal) => Promise<T>,
) => Promise<T>;

/**
 * Creates the function that sends the Box requests of one operation.
 *
 * @remarks
 *
 * Each attempt gets its own timeout of `context.timeoutMs`. Errors are
 * classified into {@link CloudStorageError}s and the retryable ones, such
 * as 429 and 5xx responses, are retried by `withRetries`, which waits at
 * least as long as Retry-After requests and gives up when the total wait would
 * exceed its budget.
 */
export function createBoxCaller(options: {
  context: CloudStorageOperationContext;
  operation: BoxOperation;
  service: string;
  retry?: Omit<RetryOptions, 'signal' | 'logger'>;
}): CallBox {
  const { context } = options;
  return (target, request) =>
    withRetries(
      async () => {
        const timeout = AbortSignal.timeout(context.timeoutMs);
        const signal = AbortSignal.any([context.signal, timeout]);
        try {
          return await request(signal);
        } catch (error) {
          throw classifyBoxError(error, {
            operation: options.operation,
            service: options.service,
            target,
            timeoutMs: context.timeoutMs,
            timedOut: timeout.aborted && !context.signal.aborted,
          });
        }
      },
      { ...options.retry, signal: context.signal, logger: context.logger },
    );
}
