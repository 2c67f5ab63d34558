import http from 'node:http';
import { FakeDropboxFault } from './types';

/** A union value in Dropbox's JSON format, such as `{".tag": "not_found"}`. */
export interface DropboxUnion {
  '.tag': string;
  [key: string]: unknown;
}

/** Thrown by {@link readBody} when a body is larger than allowed. */
export class BodyTooLargeError extends Error {
  constructor(limitBytes: number) {
    super(`Request body is larger than ${limitBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a request body, failing once it exceeds a limit. */
export function readBody(
  request: http.IncomingMessage,
  limitBytes: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    request.on('data', (chunk: Buffer) => {
      length += chunk.length;
      if (length > limitBytes) {
        request.pause();
        reject(new BodyTooLargeError(limitBytes));
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendText(
  response: http.ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/**
 * Builds the `error_summary` of a Dropbox error: the nested tags joined by
 * `/`, followed by `/...`.
 */
export function summarize(error: DropboxUnion): string {
  const tags: string[] = [];
  let current: unknown = error;
  while (
    current &&
    typeof current === 'object' &&
    '.tag' in (current as DropboxUnion)
  ) {
    const union = current as DropboxUnion;
    tags.push(union['.tag']);
    current = union[union['.tag']] ?? union.reason;
  }
  return `${tags.join('/')}/...`;
}

/** Sends an endpoint-specific error: HTTP 409 with the error union. */
export function sendRouteError(
  response: http.ServerResponse,
  error: DropboxUnion,
): void {
  sendJson(response, 409, { error_summary: summarize(error), error });
}

/** Sends an authentication error: HTTP 401 with an `AuthError` union. */
export function sendAuthError(
  response: http.ServerResponse,
  tag: 'invalid_access_token' | 'expired_access_token' | 'user_suspended',
): void {
  const error = { '.tag': tag };
  sendJson(response, 401, { error_summary: summarize(error), error });
}

/**
 * Sends the error of a call that Dropbox could not decode: HTTP 400 with a
 * plain-text explanation.
 */
export function sendBadRequest(
  response: http.ServerResponse,
  route: string,
  detail: string,
): void {
  sendText(
    response,
    400,
    `Error in call to API function "${route}": ${detail}`,
  );
}

/** Sends a token endpoint error: HTTP 400 with an OAuth 2.0 error body. */
export function sendOAuthError(
  response: http.ServerResponse,
  error: string,
  description: string,
): void {
  sendJson(response, 400, { error, error_description: description });
}

/** Sends the response of a queued fault. */
export function sendFault(
  response: http.ServerResponse,
  fault: FakeDropboxFault,
): void {
  if (fault.type === 'connection-reset') {
    response.socket?.destroy();
    return;
  }

  if (fault.type === 'rate-limit') {
    const reason = fault.reason ?? 'too_many_requests';
    const retryAfter = fault.retryAfterSeconds ?? 1;
    sendJson(
      response,
      429,
      {
        error_summary: `${reason}/...`,
        error: { reason: { '.tag': reason }, retry_after: retryAfter },
      },
      { 'Retry-After': String(retryAfter) },
    );
    return;
  }

  const status = fault.status ?? 500;
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined
      ? {}
      : { 'Retry-After': String(fault.retryAfterSeconds) };
  sendText(response, status, http.STATUS_CODES[status] ?? 'Error', headers);
}
