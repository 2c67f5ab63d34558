import http from 'node:http';
import { computeDropboxContentHash } from './contentHash';
import {
  createFileId,
  createRevision,
  FakeDropboxState,
  IssuedAccessToken,
} from './FakeDropboxState';
import {
  sendAuthError,
  sendBadRequest,
  sendJson,
  sendRouteError,
} from './http';
import { FakeDropboxFile } from './types';

/** Path pattern that Dropbox documents for `files/upload` and `files/delete_v2`. */
const pathPattern = /^(?:\/[\s\S]*|ns:[0-9]+(?:\/.*)?|id:.*)$/;

/** Longest path segment this fake accepts, in characters. */
const maxSegmentLength = 255;

/** Content types that Dropbox accepts for upload bodies. */
const uploadContentTypes = [
  'application/octet-stream',
  'text/plain; charset=dropbox-cors-hack',
];

/**
 * Checks the bearer token of an API call. Sends the error response and
 * returns undefined when it is missing, unknown, revoked or expired.
 */
export function authenticate(
  state: FakeDropboxState,
  route: string,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): IssuedAccessToken | undefined {
  const header = request.headers.authorization;
  if (!header) {
    sendBadRequest(
      response,
      route,
      'Must provide HTTP header "Authorization" or URL parameter "authorization".',
    );
    return undefined;
  }

  const match = /^Bearer (.+)$/.exec(header);
  const token = match ? state.accessTokens.get(match[1]) : undefined;
  if (!token || token.revoked) {
    sendAuthError(response, 'invalid_access_token');
    return undefined;
  }
  if (token.expiresAt <= Date.now()) {
    sendAuthError(response, 'expired_access_token');
    return undefined;
  }
  return token;
}

/** Serves `POST /2/users/get_current_account`. */
export function handleGetCurrentAccount(
  state: FakeDropboxState,
  token: IssuedAccessToken,
  response: http.ServerResponse,
): void {
  const account = state.accounts.get(token.accountId)!;
  sendJson(response, 200, {
    account_id: account.accountId,
    name: {
      given_name: account.givenName,
      surname: account.surname,
      familiar_name: account.givenName,
      display_name: `${account.givenName} ${account.surname}`,
      abbreviated_name: `${account.givenName[0] ?? ''}${
        account.surname[0] ?? ''
      }`,
    },
    email: account.email,
    email_verified: true,
    disabled: false,
    locale: 'en',
    referral_link: 'https://db.tt/local',
    is_paired: false,
    account_type: { '.tag': 'basic' },
    root_info: {
      '.tag': 'user',
      root_namespace_id: '3235641',
      home_namespace_id: '3235641',
    },
    country: 'GB',
  });
}

/** Serves `POST /2/auth/token/revoke`. */
export function handleRevoke(
  state: FakeDropboxState,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): void {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '');
  if (token) {
    state.revokeAccessToken(token[1]);
  }
  sendJson(response, 200, null);
}

/** Dropbox timestamps: ISO 8601 in UTC without milliseconds. */
function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

function toFileMetadata(file: FakeDropboxFile, modifiedAt: Date) {
  const name = file.pathDisplay.slice(file.pathDisplay.lastIndexOf('/') + 1);
  return {
    name,
    path_lower: file.pathDisplay.toLowerCase(),
    path_display: file.pathDisplay,
    id: file.id,
    client_modified: timestamp(modifiedAt),
    server_modified: timestamp(modifiedAt),
    rev: file.rev,
    size: file.content.length,
    is_downloadable: true,
    content_hash: computeDropboxContentHash(file.content),
  };
}

/**
 * Returns why Dropbox would reject a path as malformed, or undefined. The
 * fake rejects control characters, backslashes, empty segments and segments
 * over 255 characters.
 */
function findMalformedPath(path: string): string | undefined {
  if (!path.startsWith('/') || path === '/') {
    return 'The path must start with "/" and name a file.';
  }
  for (const segment of path.slice(1).split('/')) {
    if (segment === '' || segment === '.' || segment === '..') {
      return 'The path has an empty, "." or ".." segment.';
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f\\]/.test(segment)) {
      return 'The path contains a control character or a backslash.';
    }
    if (segment.length > maxSegmentLength) {
      return `A path segment is longer than ${maxSegmentLength} characters.`;
    }
  }
  return undefined;
}

/**
 * Reads a JSON argument. Sends HTTP 400 and returns undefined when it is
 * invalid.
 */
function parseArgument(
  route: string,
  source: string,
  text: string | undefined,
  response: http.ServerResponse,
): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text ?? '');
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // Reported below.
  }
  sendBadRequest(response, route, `${source}: could not decode input as JSON`);
  return undefined;
}

/** Reads the tag of a union that may be sent as a string or as `{".tag": ...}`. */
function readTag(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  if (value && typeof value === 'object' && '.tag' in value) {
    return String((value as Record<string, unknown>)['.tag']);
  }
  return undefined;
}

function findFile(
  files: Map<string, FakeDropboxFile>,
  path: string,
): FakeDropboxFile | undefined {
  if (path.startsWith('id:')) {
    return [...files.values()].find(file => file.id === path);
  }
  return files.get(path.toLowerCase());
}

/**
 * Tells whether an upload in a write mode may replace an existing file:
 * always in `overwrite` mode, and in `update` mode when the given revision
 * is the latest. The default mode, `add`, never replaces.
 */
function mayReplace(mode: unknown, existing: FakeDropboxFile): boolean {
  const tag = readTag(mode) ?? 'add';
  if (tag === 'overwrite') {
    return true;
  }
  return (
    tag === 'update' && (mode as { update?: unknown }).update === existing.rev
  );
}

/** Returns the path of the first free "name (n).ext" beside a taken path. */
function autorenamePath(
  files: Map<string, FakeDropboxFile>,
  path: string,
): string {
  const slash = path.lastIndexOf('/');
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  for (let n = 1; ; n++) {
    const candidate = `${path.slice(0, slash + 1)}${stem} (${n})${extension}`;
    if (!files.has(candidate.toLowerCase())) {
      return candidate;
    }
  }
}

/** Serves `POST /2/files/upload` on the content host. */
export function handleUpload(
  state: FakeDropboxState,
  token: IssuedAccessToken,
  request: http.IncomingMessage,
  url: URL,
  content: Buffer,
  response: http.ServerResponse,
): void {
  const route = 'files/upload';
  const contentType = request.headers['content-type'] ?? '';
  if (!uploadContentTypes.includes(contentType)) {
    sendBadRequest(
      response,
      route,
      `Bad HTTP "Content-Type" header: "${contentType}". Expecting one of ` +
        '"application/octet-stream", "text/plain; charset=dropbox-cors-hack".',
    );
    return;
  }

  const headerArgument = request.headers['dropbox-api-arg'];
  const argument = parseArgument(
    route,
    'HTTP header "Dropbox-API-Arg"',
    (Array.isArray(headerArgument) ? headerArgument[0] : headerArgument) ??
      url.searchParams.get('arg') ??
      undefined,
    response,
  );
  if (!argument) {
    return;
  }

  const path = argument.path;
  if (typeof path !== 'string' || !pathPattern.test(path)) {
    sendBadRequest(
      response,
      route,
      `HTTP header "Dropbox-API-Arg": path: '${String(
        path,
      )}' did not match pattern '(/(.|[\\r\\n])*)|(ns:[0-9]+(/.*)?)|(id:.*)'`,
    );
    return;
  }
  const malformed = findMalformedPath(path);
  if (malformed) {
    sendRouteError(response, {
      '.tag': 'path',
      reason: { '.tag': 'malformed_path', malformed_path: malformed },
      upload_session_id: '',
    });
    return;
  }

  if (
    typeof argument.content_hash === 'string' &&
    argument.content_hash !== computeDropboxContentHash(content)
  ) {
    sendRouteError(response, { '.tag': 'content_hash_mismatch' });
    return;
  }

  const files = state.filesOf(token.accountId);
  const existing = files.get(path.toLowerCase());
  let target = path;
  if (existing && !mayReplace(argument.mode, existing)) {
    if (argument.autorename !== true) {
      sendRouteError(response, {
        '.tag': 'path',
        reason: { '.tag': 'conflict', conflict: { '.tag': 'file' } },
        upload_session_id: '',
      });
      return;
    }
    target = autorenamePath(files, path);
  }

  const replaced = files.get(target.toLowerCase());
  const usedBytes = state.usedBytes(token.accountId);
  const newUsedBytes =
    usedBytes - (replaced?.content.length ?? 0) + content.length;
  if (newUsedBytes > state.quotaOf(token.accountId)) {
    sendRouteError(response, {
      '.tag': 'path',
      reason: { '.tag': 'insufficient_space' },
      upload_session_id: '',
    });
    return;
  }

  const file: FakeDropboxFile = {
    id: replaced?.id ?? createFileId(),
    pathDisplay: replaced?.pathDisplay ?? target,
    content: Buffer.from(content),
    rev: createRevision(),
    revisions: (replaced?.revisions ?? 0) + 1,
  };
  files.set(target.toLowerCase(), file);
  sendJson(response, 200, toFileMetadata(file, new Date()));
}

/** Serves `POST /2/files/delete_v2`. */
export function handleDelete(
  state: FakeDropboxState,
  token: IssuedAccessToken,
  body: Buffer,
  response: http.ServerResponse,
): void {
  const route = 'files/delete_v2';
  if (body.toString('utf8').trim() === '') {
    sendBadRequest(
      response,
      route,
      'request body: could not decode input as JSON',
    );
    return;
  }
  const argument = parseArgument(
    route,
    'request body',
    body.toString('utf8'),
    response,
  );
  if (!argument) {
    return;
  }

  const path = argument.path;
  if (typeof path !== 'string' || !pathPattern.test(path)) {
    sendBadRequest(
      response,
      route,
      `request body: path: '${String(path)}' did not match pattern`,
    );
    return;
  }
  if (!path.startsWith('id:') && findMalformedPath(path)) {
    sendRouteError(response, {
      '.tag': 'path_lookup',
      path_lookup: { '.tag': 'malformed_path' },
    });
    return;
  }

  const files = state.filesOf(token.accountId);
  const file = findFile(files, path);
  if (!file) {
    sendRouteError(response, {
      '.tag': 'path_lookup',
      path_lookup: { '.tag': 'not_found' },
    });
    return;
  }

  files.delete(file.pathDisplay.toLowerCase());
  sendJson(response, 200, {
    metadata: { '.tag': 'file', ...toFileMetadata(file, new Date()) },
  });
}
