import { LoggerService } from '@backstage/backend-plugin-api';
import { CloudStorageSettings } from '@internal/backstage-plugin-password-export-node';

/**
 * Creates a logger that keeps every line as text, so that tests can check
 * that no secret was logged.
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

/** Creates the part of a provider call's context that every test needs. */
export function createTestContext(
  options: { settings?: CloudStorageSettings; timeoutMs?: number } = {},
) {
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
