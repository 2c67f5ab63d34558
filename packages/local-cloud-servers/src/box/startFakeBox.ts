import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ContentRequest,
  handleCreateFolder,
  handleDeleteFile,
  handleDownload,
  handleGetUserMe,
  handleListFolderItems,
  handlePreflight,
  handleUploadFile,
  handleUploadVersion,
} from './contentRoutes';
import {
  FakeBoxClient,
  FakeBoxStore,
  FakeBoxTokens,
  FakeBoxUser,
  ROOT_FOLDER_ID,
} from './FakeBoxStore';
import {
  describeFault,
  FakeBoxFault,
  FakeBoxRoute,
  FaultQueue,
} from './faults';
import { sendBoxError, sendJson } from './http';
import {
  handleConsentDecision,
  handleConsentPage,
  handleRevokeRequest,
  handleTokenRequest,
  TokenRequestCounts,
} from './oauthRoutes';

/**
 * Options of {@link startFakeBox}.
 *
 * @public
 */
export interface FakeBoxOptions {
  /** Port to listen on; a free port when absent or 0. */
  port?: number;
  /** Address to listen on. Only loopback makes sense; default 127.0.0.1. */
  host?: string;
  /**
   * Box apps the server accepts. Default: one app with client id
   * `local-box-client-id`, client secret `local-box-client-secret` and any
   * redirect URI.
   */
  clients?: FakeBoxClient[];
  /**
   * Users who can sign in on the consent page; the first is preselected.
   * Default: one user, "Local Box User".
   */
  users?: Array<Omit<FakeBoxUser, 'spaceAmount'> & { spaceAmount?: number }>;
  /** Lifetime of authorization codes in milliseconds. Default 30,000, as at Box. */
  codeLifetimeMs?: number;
  /** Lifetime of access tokens in milliseconds. Default 3,600,000, as at Box. */
  accessTokenLifetimeMs?: number;
  /** Delay before the token endpoint handles a request, in milliseconds. */
  tokenLatencyMs?: number;
}

/**
 * A file in a user's Box as the fake stores it.
 *
 * @public
 */
export interface FakeBoxFileSnapshot {
  id: string;
  name: string;
  parentId: string;
  /** Every version, oldest first, with its bytes. */
  versions: Array<{ id: string; sha1: string; bytes: Buffer }>;
}

/**
 * A folder in a user's Box as the fake stores it.
 *
 * @public
 */
export interface FakeBoxFolderSnapshot {
  id: string;
  name: string;
  parentId: string;
}

/**
 * Test controls and inspection of a running fake Box.
 *
 * @public
 */
export interface FakeBoxControls {
  /** Issues tokens for a user without the consent page, as a finished flow would. */
  issueTokens(options?: { userId?: string; clientId?: string }): FakeBoxTokens;
  /** Makes the current access tokens (of one user, or all) expired. */
  expireAccessTokens(userId?: string): void;
  /** Makes the current refresh tokens (of one user, or all) invalid. */
  revokeRefreshTokens(userId?: string): void;
  /** Makes every outstanding authorization code expired. */
  expireAuthorizationCodes(): void;
  /** Answers the next `count` requests of a route with a fault. */
  failNext(route: FakeBoxRoute, fault: FakeBoxFault, count?: number): void;
  /** Removes all queued faults. */
  clearFaults(): void;
  /** Sets the delay before the token endpoint handles a request. */
  setTokenLatency(latencyMs: number): void;
  /** Sets a user's storage quota in bytes. */
  setSpaceAmount(userId: string, bytes: number): void;
  /** Deletes a folder or file, as the user could in the Box web app. */
  deleteItem(userId: string, itemId: string): void;
  /** Token endpoint requests so far, by grant type. */
  tokenRequests(): TokenRequestCounts;
  /** Requests of a route so far, faults included. */
  requestCount(route: FakeBoxRoute): number;
  /**
   * The `content-md5` header of each upload and version upload so far, in
   * order; undefined where a request had none.
   */
  uploadDigests(): Array<string | undefined>;
  /** A user's folders. */
  folders(userId?: string): FakeBoxFolderSnapshot[];
  /** A user's files with all their versions. */
  files(userId?: string): FakeBoxFileSnapshot[];
}

/**
 * A running fake Box.
 *
 * @public
 */
export interface FakeBox {
  /** Origin of the server, such as `http://127.0.0.1:45678`. */
  url: string;
  /**
   * Values for the box-node-sdk's `BaseUrls`: API, upload and OAuth 2.0
   * URLs, all on this server.
   */
  baseUrls: { baseUrl: string; uploadUrl: string; oauth2Url: string };
  /** The consent page, `<url>/oauth2/authorize`. */
  authorizeUrl: string;
  /** The users who can sign in. */
  users: FakeBoxUser[];
  controls: FakeBoxControls;
  close(): Promise<void>;
}

const defaultClient: FakeBoxClient = {
  clientId: 'local-box-client-id',
  clientSecret: 'local-box-client-secret',
};

const defaultUser = {
  id: '20000001',
  name: 'Local Box User',
  login: 'user@example.com',
};

/** Default storage quota of a user: 10 GiB. */
const defaultSpaceAmount = 10 * 1024 ** 3;

interface RouteMatch {
  route: FakeBoxRoute;
  /** Item id from the path, if the route has one. */
  id?: string;
}

/** Maps a method and path to a route of the Box API that the fake serves. */
function matchRoute(method: string, pathname: string): RouteMatch | undefined {
  const fixed: Record<string, FakeBoxRoute> = {
    'GET /oauth2/authorize': 'authorize',
    'POST /oauth2/authorize': 'authorize',
    'POST /oauth2/token': 'token',
    'POST /oauth2/revoke': 'revoke',
    'GET /2.0/users/me': 'users.me',
    'POST /2.0/folders': 'folders.create',
    'OPTIONS /2.0/files/content': 'files.preflight',
    'POST /2.0/files/content': 'files.upload',
  };
  const route = fixed[`${method} ${pathname}`];
  if (route) {
    return { route };
  }

  const folderItems = /^\/2\.0\/folders\/(\d+)\/items$/.exec(pathname);
  if (method === 'GET' && folderItems) {
    return { route: 'folders.items', id: folderItems[1] };
  }
  const fileContent = /^\/2\.0\/files\/(\d+)\/content$/.exec(pathname);
  if (fileContent && method === 'POST') {
    return { route: 'files.uploadVersion', id: fileContent[1] };
  }
  if (fileContent && method === 'GET') {
    return { route: 'files.download', id: fileContent[1] };
  }
  const file = /^\/2\.0\/files\/(\d+)$/.exec(pathname);
  if (file && method === 'DELETE') {
    return { route: 'files.delete', id: file[1] };
  }
  return undefined;
}

function sendFault(response: http.ServerResponse, fault: FakeBoxFault): void {
  if (fault.hang) {
    return;
  }
  if (fault.body !== undefined) {
    sendJson(response, fault.status, fault.body);
    return;
  }
  const { code, message } = describeFault(fault);
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) {
    headers['retry-after'] = String(fault.retryAfterSeconds);
  }
  if (fault.status === 401) {
    headers['www-authenticate'] =
      'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."';
  }
  sendBoxError(response, {
    status: fault.status,
    code,
    message,
    contextInfo: fault.contextInfo,
    headers,
  });
}

/**
 * Rejects a request whose bearer token Box would not accept: 401 with a
 * `WWW-Authenticate` header and no body, as Box does.
 */
function sendUnauthorized(
  response: http.ServerResponse,
  problem: 'missing' | 'invalid',
): void {
  response.writeHead(401, {
    'www-authenticate':
      problem === 'missing'
        ? 'Bearer realm="Service"'
        : 'Bearer realm="Service", error="invalid_token", error_description="The access token provided is invalid."',
    'content-length': '0',
  });
  response.end();
}

function readBearerToken(request: http.IncomingMessage): string | undefined {
  const match = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '');
  return match?.[1];
}

async function handleContent(
  match: RouteMatch,
  context: ContentRequest,
): Promise<void> {
  const id = match.id ?? '';
  switch (match.route) {
    case 'users.me':
      return handleGetUserMe(context);
    case 'folders.items':
      return handleListFolderItems(context, id);
    case 'folders.create':
      return handleCreateFolder(context);
    case 'files.preflight':
      return handlePreflight(context);
    case 'files.upload':
      return handleUploadFile(context);
    case 'files.uploadVersion':
      return handleUploadVersion(context, id);
    case 'files.download':
      return handleDownload(context, id);
    case 'files.delete':
      return handleDeleteFile(context, id);
    default:
      throw new Error(`No content handler for ${match.route}`);
  }
}

function createControls(
  store: FakeBoxStore,
  faults: FaultQueue,
  state: {
    tokenLatencyMs: number;
    tokenCounts: TokenRequestCounts;
    routeCounts: Map<FakeBoxRoute, number>;
    digests: Array<string | undefined>;
  },
): FakeBoxControls {
  const userOrFirst = (userId?: string) => userId ?? store.users[0].id;
  return {
    issueTokens(options = {}) {
      return store.issueTokens(
        options.clientId ?? store.clients[0].clientId,
        userOrFirst(options.userId),
        'root_readwrite',
      );
    },
    expireAccessTokens: userId => store.expireAccessTokens(userId),
    revokeRefreshTokens: userId => store.revokeRefreshTokens(userId),
    expireAuthorizationCodes: () => store.expireCodes(),
    failNext: (route, fault, count = 1) => faults.add(route, fault, count),
    clearFaults: () => faults.clear(),
    setTokenLatency(latencyMs) {
      state.tokenLatencyMs = latencyMs;
    },
    setSpaceAmount(userId, bytes) {
      const user = store.findUser(userId);
      if (!user) {
        throw new Error(`Fake Box has no user ${userId}`);
      }
      user.spaceAmount = bytes;
    },
    deleteItem(userId, itemId) {
      store.deleteItem(userId, itemId);
    },
    tokenRequests: () => ({ ...state.tokenCounts }),
    requestCount: route => state.routeCounts.get(route) ?? 0,
    uploadDigests: () => [...state.digests],
    folders(userId) {
      return [...store.itemsOf(userOrFirst(userId)).values()]
        .filter(item => item.type === 'folder')
        .map(({ id, name, parentId }) => ({ id, name, parentId }));
    },
    files(userId) {
      return [...store.itemsOf(userOrFirst(userId)).values()]
        .filter(item => item.type === 'file')
        .map(({ id, name, parentId, versions }) => ({
          id,
          name,
          parentId,
          versions: versions.map(v => ({
            id: v.id,
            sha1: v.sha1,
            bytes: v.bytes,
          })),
        }));
    },
  };
}

/**
 * Starts an in-memory server that serves the parts of the Box API that
 * box-node-sdk uses for OAuth 2.0, folders and uploads, with Box's status
 * codes and error bodies, plus a consent page with Allow and Deny buttons.
 *
 * @remarks
 *
 * Routes: `GET|POST /oauth2/authorize` (consent page),
 * `POST /oauth2/token`, `POST /oauth2/revoke`, `GET /2.0/users/me`,
 * `GET /2.0/folders/:id/items`, `POST /2.0/folders`,
 * `OPTIONS /2.0/files/content` (preflight), `POST /2.0/files/content`,
 * `POST /2.0/files/:id/content`, `GET /2.0/files/:id/content` and
 * `DELETE /2.0/files/:id`. Authorization codes are single use; refresh
 * tokens too, so reusing one fails with `invalid_grant`.
 *
 * @public
 */
export async function startFakeBox(
  options: FakeBoxOptions = {},
): Promise<FakeBox> {
  const requestedUsers: NonNullable<FakeBoxOptions['users']> =
    options.users ?? [defaultUser];
  const users = requestedUsers.map(user => ({
    ...user,
    spaceAmount: user.spaceAmount ?? defaultSpaceAmount,
  }));
  if (users.length === 0) {
    throw new Error('Fake Box needs at least one user');
  }
  const store = new FakeBoxStore(users, options.clients ?? [defaultClient], {
    codeLifetimeMs: options.codeLifetimeMs ?? 30_000,
    accessTokenLifetimeMs: options.accessTokenLifetimeMs ?? 3_600_000,
  });
  const faults = new FaultQueue();
  const state = {
    tokenLatencyMs: options.tokenLatencyMs ?? 0,
    tokenCounts: {} as TokenRequestCounts,
    routeCounts: new Map<FakeBoxRoute, number>(),
    digests: [] as Array<string | undefined>,
  };
  let origin = '';

  const server = http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', origin);
    const match = matchRoute(request.method ?? 'GET', url.pathname);
    if (!match) {
      request.resume();
      sendBoxError(response, {
        status: 404,
        code: 'not_found',
        message: `The fake Box does not serve ${request.method} ${url.pathname}`,
      });
      return;
    }
    state.routeCounts.set(
      match.route,
      (state.routeCounts.get(match.route) ?? 0) + 1,
    );

    const fault = faults.take(match.route);
    if (fault) {
      request.resume();
      sendFault(response, fault);
      return;
    }

    try {
      await dispatch(match, request, response, url);
    } catch (error) {
      if (!response.headersSent) {
        sendBoxError(response, {
          status: 500,
          code: 'internal_server_error',
          message: `Fake Box failed: ${(error as Error).message}`,
        });
      }
    }
  });

  async function dispatch(
    match: RouteMatch,
    request: http.IncomingMessage,
    response: http.ServerResponse,
    url: URL,
  ): Promise<void> {
    if (match.route === 'authorize') {
      if (request.method === 'GET') {
        handleConsentPage(store, url, response);
        return;
      }
      await handleConsentDecision(store, request, response);
      return;
    }
    if (match.route === 'token') {
      await handleTokenRequest(store, request, response, {
        latencyMs: state.tokenLatencyMs,
        counts: state.tokenCounts,
      });
      return;
    }
    if (match.route === 'revoke') {
      await handleRevokeRequest(store, request, response);
      return;
    }

    const user = store.authenticate(readBearerToken(request));
    if (user === 'missing' || user === 'invalid') {
      request.resume();
      sendUnauthorized(response, user);
      return;
    }
    await handleContent(match, {
      store,
      userId: user,
      request,
      response,
      url,
      origin,
      recordDigest: digest => state.digests.push(digest),
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  origin = `http://${address.address}:${address.port}`;

  return {
    url: origin,
    baseUrls: {
      baseUrl: origin,
      uploadUrl: origin,
      oauth2Url: `${origin}/oauth2`,
    },
    authorizeUrl: `${origin}/oauth2/authorize`,
    users: store.users,
    controls: createControls(store, faults, state),
    close() {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

export { ROOT_FOLDER_ID };
