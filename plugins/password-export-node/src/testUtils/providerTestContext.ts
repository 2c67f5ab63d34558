import { LoggerService } from '@backstage/backend-plugin-api';
import {
  CloudStorageOperationContext,
  CloudStorageSettings,
} from '@internal/backstage-plugin-password-export-node';

/**
 * Creates a logger that keeps every line as text, errors and their causes
 * included, so that tests can check that no secret was logged.
 *
 * @public
 */
export function createRecordingLogger(lines: string[] = []): LoggerService {
  const record =
    (level: string) => (message: string, meta?: Error | object) => {
      lines.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
    };
  return {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    child: () => createRecordingLogger(lines),
  };
}

/**
 * Creates the part of a provider call's context that every test needs.
 *
 * @public
 */
export function createTestContext(
  options: { settings?: CloudStorageSettings; timeoutMs?: number } = {},
): { logLines: string[]; context: CloudStorageOperationContext } {
  const logLines: string[] = [];
  return {
    logLines,
    context: {
      settings: options.settings ?? {},
      logger: createRecordingLogger(logLines),
      signal: new AbortController().signal,
      timeoutMs: options.timeoutMs ?? 10_000,
    },
  };
}

/**
 * Runs a promise that must fail and resolves with its error, so that a test
 * can check several properties of it.
 *
 * @public
 */
export async function failureOf<T = Error>(
  promise: Promise<unknown>,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    return error as T;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
