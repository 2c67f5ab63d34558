import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import {
  renderCodePage,
  renderConsentPage,
  renderDeniedPage,
  renderErrorPage,
  pageSecurityHeaders,
} from './consentPage';
import {
  CodeChallengeMethod,
  computeS256Challenge,
  FakeDropboxState,
} from './FakeDropboxState';
import { sendJson, sendOAuthError } from './http';
import { FakeDropboxApp } from './types';

/** Scopes granted when an app does not list its own. */
const defaultScopes = [
  'account_info.read',
  'files.content.read',
  'files.content.write',
];

/** Maximum length of the `state` parameter, in bytes, as Dropbox documents. */
const maxStateBytes = 500;

/** Code challenges and verifiers: 43 to 128 unreserved characters (RFC 7636). */
const pkcePattern = /^[A-Za-z0-9._~-]{43,128}$/;

const tokenAccessTypes = new Set(['online', 'offline', 'legacy']);

/** A validated authorization request. */
interface AuthorizationRequest {
  app: FakeDropboxApp;
  codeChallenge?: string;
  codeChallengeMethod?: CodeChallengeMethod;
  redirectUri?: string;
  tokenAccessType: string;
  state?: string;
}

function sendPage(
  response: http.ServerResponse,
  status: number,
  html: string,
): void {
  response.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    ...pageSecurityHeaders,
  });
  response.end(html);
}

/**
 * Validates the parameters of `/oauth2/authorize`. Returns an error message,
 * or the request when it is valid.
 */
function parseAuthorizationRequest(
  state: FakeDropboxState,
  parameters: URLSearchParams,
): AuthorizationRequest | string {
  const responseType = parameters.get('response_type');
  if (responseType !== 'code') {
    return `response_type must be "code"; this test server does not support "${
      responseType ?? ''
    }".`;
  }

  const clientId = parameters.get('client_id') ?? '';
  const app = state.apps.get(clientId);
  if (!app) {
    return `Invalid client_id "${clientId}": no app with this key exists.`;
  }

  const redirectUri = parameters.get('redirect_uri') ?? undefined;
  if (redirectUri !== undefined && !app.redirectUris?.includes(redirectUri)) {
    return `Invalid redirect_uri "${redirectUri}": it is not registered for ${app.name}.`;
  }

  const tokenAccessType = parameters.get('token_access_type') ?? 'online';
  if (!tokenAccessTypes.has(tokenAccessType)) {
    return `Invalid token_access_type "${tokenAccessType}": use online, offline or legacy.`;
  }

  const oauthState = parameters.get('state') ?? undefined;
  if (oauthState && Buffer.byteLength(oauthState) > maxStateBytes) {
    return `Invalid state: it is longer than ${maxStateBytes} bytes.`;
  }

  const codeChallenge = parameters.get('code_challenge') ?? undefined;
  if (codeChallenge === undefined) {
    return { app, redirectUri, tokenAccessType, state: oauthState };
  }
  const method = parameters.get('code_challenge_method') ?? 'plain';
  if (method !== 'S256' && method !== 'plain') {
    return `Invalid code_challenge_method "${method}": use S256 or plain.`;
  }
  if (!pkcePattern.test(codeChallenge)) {
    return 'Invalid code_challenge: it must be 43 to 128 characters of A-Z, a-z, 0-9, "-", ".", "_" and "~".';
  }
  return {
    app,
    codeChallenge,
    codeChallengeMethod: method,
    redirectUri,
    tokenAccessType,
    state: oauthState,
  };
}

/** Serves `GET /oauth2/authorize`: the consent page. */
export function handleAuthorizePage(
  state: FakeDropboxState,
  url: URL,
  response: http.ServerResponse,
): void {
  const request = parseAuthorizationRequest(state, url.searchParams);
  if (typeof request === 'string') {
    sendPage(response, 400, renderErrorPage(request));
    return;
  }

  const account = state.accounts.get(state.signedInAccountId)!;
  sendPage(
    response,
    200,
    renderConsentPage(request.app, account, url.searchParams),
  );
}

function redirectWith(
  response: http.ServerResponse,
  redirectUri: string,
  parameters: Record<string, string | undefined>,
): void {
  const target = new URL(redirectUri);
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined) {
      target.searchParams.set(name, value);
    }
  }
  response.writeHead(302, {
    Location: target.toString(),
    'Cache-Control': 'no-store',
  });
  response.end();
}

/**
 * Serves `POST /oauth2/authorize`, the consent form's submission: issues a
 * code on "Allow" and shows it, or redirects with it when the request had a
 * redirect URI.
 */
export function handleAuthorizeDecision(
  state: FakeDropboxState,
  body: Buffer,
  response: http.ServerResponse,
): void {
  const form = new URLSearchParams(body.toString('utf8'));
  const decision = form.get('decision');
  form.delete('decision');
  const request = parseAuthorizationRequest(state, form);
  if (typeof request === 'string') {
    sendPage(response, 400, renderErrorPage(request));
    return;
  }

  if (decision !== 'allow') {
    if (request.redirectUri) {
      redirectWith(response, request.redirectUri, {
        error: 'access_denied',
        error_description: 'The user chose not to give your app access.',
        state: request.state,
      });
      return;
    }
    sendPage(response, 200, renderDeniedPage(request.app));
    return;
  }

  const code = state.issueCode({
    clientId: request.app.appKey,
    codeChallenge: request.codeChallenge,
    codeChallengeMethod: request.codeChallengeMethod,
    redirectUri: request.redirectUri,
    tokenAccessType: request.tokenAccessType,
  });
  if (request.redirectUri) {
    redirectWith(response, request.redirectUri, { code, state: request.state });
    return;
  }
  sendPage(response, 200, renderCodePage(request.app, code));
}

/** Reads the token request's parameters from the query string and the body. */
function readTokenParameters(
  url: URL,
  request: http.IncomingMessage,
  body: Buffer,
): URLSearchParams {
  const parameters = new URLSearchParams(url.searchParams);
  const contentType = request.headers['content-type'] ?? '';
  const text = body.toString('utf8').trim();
  if (text && contentType.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(text)) {
      parameters.set(name, value);
    }
  }
  return parameters;
}

/** Reads client credentials from HTTP Basic authentication or the parameters. */
function readClientCredentials(
  request: http.IncomingMessage,
  parameters: URLSearchParams,
): { clientId?: string; clientSecret?: string } {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    const separator = decoded.indexOf(':');
    if (separator > 0) {
      return {
        clientId: decoded.slice(0, separator),
        clientSecret: decoded.slice(separator + 1),
      };
    }
  }
  return {
    clientId: parameters.get('client_id') ?? undefined,
    clientSecret: parameters.get('client_secret') ?? undefined,
  };
}

function computeChallenge(
  verifier: string,
  method: CodeChallengeMethod | undefined,
): string {
  return method === 'S256' ? computeS256Challenge(verifier) : verifier;
}

function equalSecrets(actual: string, expected: string): boolean {
  const actualBytes = Buffer.from(actual);
  const expectedBytes = Buffer.from(expected);
  return (
    actualBytes.length === expectedBytes.length &&
    timingSafeEqual(actualBytes, expectedBytes)
  );
}

/** Serves `POST /oauth2/token`: the code exchange and the refresh grant. */
export function handleToken(
  state: FakeDropboxState,
  url: URL,
  request: http.IncomingMessage,
  body: Buffer,
  response: http.ServerResponse,
): void {
  const parameters = readTokenParameters(url, request, body);
  const grantType = parameters.get('grant_type') ?? '';
  const { clientId, clientSecret } = readClientCredentials(request, parameters);
  const record = {
    grantType,
    withClientSecret: clientSecret !== undefined,
    withCodeVerifier: parameters.has('code_verifier'),
    parametersInQuery: url.search !== '',
    status: 400,
  };
  state.tokenRequests.push(record);

  const app = clientId ? state.apps.get(clientId) : undefined;
  if (
    !app ||
    (clientSecret !== undefined && !equalSecrets(clientSecret, app.appSecret))
  ) {
    sendOAuthError(
      response,
      'invalid_client',
      'Invalid client_id or client_secret',
    );
    return;
  }

  let result: object | undefined;
  if (grantType === 'authorization_code') {
    result = exchangeCode(state, app, parameters, clientSecret, response);
  } else if (grantType === 'refresh_token') {
    result = refreshAccessToken(state, app, parameters, clientSecret, response);
  } else {
    sendOAuthError(
      response,
      'unsupported_grant_type',
      `grant_type "${grantType}" is not supported`,
    );
  }

  if (result) {
    record.status = 200;
    sendJson(response, 200, result);
  }
}

function exchangeCode(
  state: FakeDropboxState,
  app: FakeDropboxApp,
  parameters: URLSearchParams,
  clientSecret: string | undefined,
  response: http.ServerResponse,
): object | undefined {
  const code = parameters.get('code');
  if (!code) {
    sendOAuthError(response, 'invalid_request', 'No auth code');
    return undefined;
  }

  const issued = state.codes.get(code);
  if (!issued || issued.clientId !== app.appKey) {
    sendOAuthError(
      response,
      'invalid_grant',
      "code doesn't exist or has expired",
    );
    return undefined;
  }
  if (issued.usedAt !== undefined) {
    // A replayed code suggests that it leaked, so the tokens it gave are
    // revoked, as RFC 6749 section 4.1.2 recommends.
    for (const token of issued.issuedAccessTokens) {
      state.revokeAccessToken(token);
    }
    sendOAuthError(
      response,
      'invalid_grant',
      "code doesn't exist or has expired",
    );
    return undefined;
  }
  issued.usedAt = Date.now();
  if (issued.expiresAt <= Date.now()) {
    sendOAuthError(
      response,
      'invalid_grant',
      "code doesn't exist or has expired",
    );
    return undefined;
  }

  const redirectUri = parameters.get('redirect_uri') ?? undefined;
  if (redirectUri !== issued.redirectUri) {
    sendOAuthError(response, 'invalid_grant', 'redirect_uri mismatch');
    return undefined;
  }

  const verifier = parameters.get('code_verifier') ?? undefined;
  if (issued.codeChallenge) {
    if (
      verifier === undefined ||
      computeChallenge(verifier, issued.codeChallengeMethod) !==
        issued.codeChallenge
    ) {
      sendOAuthError(response, 'invalid_grant', 'invalid code verifier');
      return undefined;
    }
  } else if (clientSecret === undefined) {
    sendOAuthError(
      response,
      'invalid_client',
      'client_secret is required for a code issued without PKCE',
    );
    return undefined;
  }

  const pkce = issued.codeChallenge !== undefined;
  const refreshToken =
    issued.tokenAccessType === 'offline'
      ? state.issueRefreshToken(app.appKey, issued.accountId, pkce)
      : undefined;
  const accessToken = state.issueAccessToken(
    app.appKey,
    issued.accountId,
    refreshToken,
  );
  issued.issuedAccessTokens.push(accessToken);

  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: state.accessTokenLifetimeSeconds,
    scope: (app.scopes ?? defaultScopes).join(' '),
    uid: String(issued.accountId.length * 1000),
    account_id: issued.accountId,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
}

function refreshAccessToken(
  state: FakeDropboxState,
  app: FakeDropboxApp,
  parameters: URLSearchParams,
  clientSecret: string | undefined,
  response: http.ServerResponse,
): object | undefined {
  const refreshToken = parameters.get('refresh_token');
  if (!refreshToken) {
    sendOAuthError(response, 'invalid_request', 'No refresh token');
    return undefined;
  }

  const issued = state.refreshTokens.get(refreshToken);
  if (!issued || issued.revoked || issued.clientId !== app.appKey) {
    sendOAuthError(
      response,
      'invalid_grant',
      'refresh token is invalid or revoked',
    );
    return undefined;
  }
  if (!issued.pkce && clientSecret === undefined) {
    sendOAuthError(
      response,
      'invalid_request',
      'client_secret is required for a refresh token issued without PKCE',
    );
    return undefined;
  }

  const accessToken = state.issueAccessToken(
    app.appKey,
    issued.accountId,
    refreshToken,
  );
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: state.accessTokenLifetimeSeconds,
  };
}
