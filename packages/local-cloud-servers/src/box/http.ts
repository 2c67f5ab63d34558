import { randomBytes } from 'node:crypto';
import http from 'node:http';

/** Link that Box puts in the `help_url` of its error bodies. */
const helpUrl =
  'https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/';

/** Reads a request body completely. */
export async function readBody(request: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Parses an `application/x-www-form-urlencoded` body. */
export async function readFormBody(
  request: http.IncomingMessage,
): Promise<URLSearchParams> {
  return new URLSearchParams((await readBody(request)).toString('utf8'));
}

/** Parses a JSON body; resolves with undefined when it is not JSON. */
export async function readJsonBody(
  request: http.IncomingMessage,
): Promise<Record<string, unknown> | undefined> {
  try {
    const value = JSON.parse((await readBody(request)).toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}

export function sendJson(
  response: http.ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** Fields of the error object of the Box API. */
export interface BoxErrorFields {
  status: number;
  code: string;
  message: string;
  contextInfo?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/**
 * Sends an error in the shape of the Box API's client error object:
 * `{ type: "error", status, code, message, context_info?, help_url,
 * request_id }`.
 */
export function sendBoxError(
  response: http.ServerResponse,
  fields: BoxErrorFields,
): void {
  const body: Record<string, unknown> = {
    type: 'error',
    status: fields.status,
    code: fields.code,
    help_url: helpUrl,
    message: fields.message,
    request_id: randomBytes(8).toString('hex'),
  };
  if (fields.contextInfo) {
    body.context_info = fields.contextInfo;
  }
  sendJson(response, fields.status, body, fields.headers);
}

/**
 * Sends an error of the OAuth endpoints, which use the OAuth 2.0 shape
 * `{ error, error_description }` instead of the API's error object.
 */
export function sendOAuthError(
  response: http.ServerResponse,
  status: number,
  error: string,
  description: string,
): void {
  sendJson(response, status, { error, error_description: description });
}

/** Escapes text for HTML content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
