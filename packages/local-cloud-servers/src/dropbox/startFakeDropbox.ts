import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  authenticate,
  handleDelete,
  handleGetCurrentAccount,
  handleRevoke,
  handleUpload,
} from './apiRoutes';
import { CodeChallengeMethod, FakeDropboxState } from './FakeDropboxState';
import {
  BodyTooLargeError,
  readBody,
  sendFault,
  sendRouteError,
  sendText,
} from './http';
import {
  handleAuthorizeDecision,
  handleAuthorizePage,
  handleToken,
} from './oauthRoutes';
import {
  FakeDropboxAccount,
  FakeDropboxApp,
  FakeDropboxFault,
  FakeDropboxFile,
  FakeDropboxOptions,
  FakeDropboxRequestRecord,
  FakeDropboxTokenRequestRecord,
} from './types';

/** Largest body of `files/upload`: 150 MiB, the limit Dropbox documents. */
const maxUploadBytes = 150 * 1024 * 1024;

/** Largest body of every other request. */
const maxRequestBytes = 1024 * 1024;

/**
 * A running fake Dropbox server with its test controls.
 *
 * @public
 */
export interface FakeDropbox {
  /** Origin of the server, such as `http://127.0.0.1:4570`. */
  url: string;
  /** Port the server listens on. */
  port: number;
  /** Every request received, without query string, headers or body. */
  requests: FakeDropboxRequestRecord[];
  /** Every call to `/oauth2/token`, without its secrets. */
  tokenRequests: FakeDropboxTokenRequestRecord[];
  /** Stops the server and closes open connections. */
  close(): Promise<void>;
  /**
   * Issues an authorization code as the consent page would, bound to an app
   * and, for PKCE, to a code challenge.
   */
  issueCode(options: {
    clientId: string;
    accountId?: string;
    codeChallenge?: string;
    codeChallengeMethod?: CodeChallengeMethod;
    redirectUri?: string;
    tokenAccessType?: 'online' | 'offline' | 'legacy';
  }): string;
  /** Makes every access token issued so far expired. */
  expireAccessTokens(): void;
  /** Revokes a refresh token and the access tokens issued from it. */
  revokeRefreshToken(refreshToken: string): void;
  /** Revokes every refresh token and their access tokens. */
  revokeAllRefreshTokens(): void;
  /**
   * Makes the next `times` requests to a path, such as `/2/files/upload` or
   * `/oauth2/token`, fail with a fault instead of being handled.
   */
  queueFault(path: string, fault: FakeDropboxFault, times?: number): void;
  /** Drops every queued fault. */
  clearFaults(): void;
  /** Chooses the account that the consent page authorizes. */
  signInAs(accountId: string): void;
  /** Sets the lifetime of access tokens issued from now on, in seconds. */
  setAccessTokenLifetime(seconds: number): void;
  /** Sets the bytes an account may store. */
  setQuota(accountId: string, bytes: number): void;
  /** Returns the content of a file, or undefined when there is none. */
  readFile(accountId: string, path: string): Buffer | undefined;
  /** Lists the files of an account. */
  listFiles(accountId: string): FakeDropboxFile[];
  /** Counts the calls to `/oauth2/token`, optionally of one grant type. */
  countTokenRequests(grantType?: string): number;
  /** The registered apps by app key. */
  apps: ReadonlyMap<string, FakeDropboxApp>;
  /** The accounts by account id. */
  accounts: ReadonlyMap<string, FakeDropboxAccount>;
}

function requireAccount(state: FakeDropboxState, accountId: string) {
  if (!state.accounts.has(accountId)) {
    throw new Error(`The fake Dropbox server has no account "${accountId}"`);
  }
}

/** Routes one request after its body was read. */
function route(
  state: FakeDropboxState,
  request: http.IncomingMessage,
  url: URL,
  body: Buffer,
  response: http.ServerResponse,
): void {
  const method = request.method ?? '';
  const path = url.pathname;

  if (path === '/oauth2/authorize' && method === 'GET') {
    handleAuthorizePage(state, url, response);
    return;
  }
  if (path === '/oauth2/authorize' && method === 'POST') {
    handleAuthorizeDecision(state, body, response);
    return;
  }
  if (path === '/oauth2/token' && method === 'POST') {
    handleToken(state, url, request, body, response);
    return;
  }

  const apiRoutes: Record<string, string> = {
    '/2/auth/token/revoke': 'auth/token/revoke',
    '/2/users/get_current_account': 'users/get_current_account',
    '/2/files/upload': 'files/upload',
    '/2/files/delete_v2': 'files/delete_v2',
  };
  const apiRoute = apiRoutes[path];
  if (!apiRoute) {
    sendText(response, 404, `Unknown path ${path}`);
    return;
  }
  if (method !== 'POST') {
    sendText(response, 405, `${apiRoute} accepts only POST requests`, {
      Allow: 'POST',
    });
    return;
  }

  const token = authenticate(state, apiRoute, request, response);
  if (!token) {
    return;
  }
  if (apiRoute === 'auth/token/revoke') {
    handleRevoke(state, request, response);
  } else if (apiRoute === 'users/get_current_account') {
    handleGetCurrentAccount(state, token, response);
  } else if (apiRoute === 'files/upload') {
    handleUpload(state, token, request, url, body, response);
  } else {
    handleDelete(state, token, body, response);
  }
}

/**
 * Starts an in-memory server for the Dropbox API calls that the official
 * SDK makes for OAuth with PKCE, uploads and deletions. It responds with
 * Dropbox's status codes and error bodies.
 *
 * @remarks
 *
 * One origin serves every Dropbox host: `www.dropbox.com` (the consent page
 * at `/oauth2/authorize`), `api.dropboxapi.com` (`/oauth2/token` and the RPC
 * routes) and `content.dropboxapi.com` (`/2/files/upload`). Clients rewrite
 * those origins to {@link FakeDropbox.url}. Authorization codes are single
 * use, including failed exchanges, and a replayed code revokes the tokens
 * it gave.
 *
 * @public
 */
export async function startFakeDropbox(
  options: FakeDropboxOptions = {},
): Promise<FakeDropbox> {
  const state = new FakeDropboxState(options);

  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const record = {
      method: request.method ?? '',
      path: url.pathname,
      status: 0,
    };
    state.requests.push(record);
    response.on('finish', () => {
      record.status = response.statusCode;
    });

    const limit =
      url.pathname === '/2/files/upload' ? maxUploadBytes : maxRequestBytes;
    readBody(request, limit).then(
      body => {
        const fault = state.takeFault(url.pathname);
        if (fault) {
          sendFault(response, fault);
          return;
        }
        route(state, request, url, body, response);
      },
      error => {
        if (error instanceof BodyTooLargeError && limit === maxUploadBytes) {
          sendRouteError(response, { '.tag': 'payload_too_large' });
          return;
        }
        if (error instanceof BodyTooLargeError) {
          sendText(response, 413, error.message, { Connection: 'close' });
          return;
        }
        response.destroy();
      },
    );
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host =
    address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests: state.requests,
    tokenRequests: state.tokenRequests,
    apps: state.apps,
    accounts: state.accounts,
    close() {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
    issueCode(codeOptions) {
      if (!state.apps.has(codeOptions.clientId)) {
        throw new Error(
          `The fake Dropbox server has no app with key "${codeOptions.clientId}"`,
        );
      }
      if (codeOptions.accountId) {
        requireAccount(state, codeOptions.accountId);
      }
      return state.issueCode(codeOptions);
    },
    expireAccessTokens: () => state.expireAccessTokens(),
    revokeRefreshToken: token => state.revokeRefreshToken(token),
    revokeAllRefreshTokens() {
      for (const token of state.refreshTokens.keys()) {
        state.revokeRefreshToken(token);
      }
    },
    queueFault: (path, fault, times = 1) =>
      state.queueFault(path, fault, times),
    clearFaults: () => state.clearFaults(),
    signInAs(accountId) {
      requireAccount(state, accountId);
      state.signedInAccountId = accountId;
    },
    setAccessTokenLifetime(seconds) {
      state.accessTokenLifetimeSeconds = seconds;
    },
    setQuota(accountId, bytes) {
      requireAccount(state, accountId);
      state.accounts.get(accountId)!.quotaBytes = bytes;
    },
    readFile(accountId, path) {
      const file = state.filesOf(accountId).get(path.toLowerCase());
      return file ? Buffer.from(file.content) : undefined;
    },
    listFiles(accountId) {
      return [...state.filesOf(accountId).values()].map(file => ({
        ...file,
        content: Buffer.from(file.content),
      }));
    },
    countTokenRequests(grantType) {
      return state.tokenRequests.filter(
        entry => grantType === undefined || entry.grantType === grantType,
      ).length;
    },
  };
}
