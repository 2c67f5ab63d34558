import http from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { FakeBoxClient, FakeBoxStore, FakeBoxTokens } from './FakeBoxStore';
import { escapeHtml, readFormBody, sendJson, sendOAuthError } from './http';

/** Scopes of Box apps that the consent page accepts. */
const knownScopes = new Set([
  'root_readonly',
  'root_readwrite',
  'manage_app_users',
  'manage_managed_users',
  'manage_groups',
  'manage_webhook',
  'manage_enterprise_properties',
  'manage_data_retention',
  'manage_legal_hold',
  'sign_requests.readwrite',
  'ai.readwrite',
]);

/** Text that Box shows on its consent page for each scope. */
const scopeTitles: Record<string, string> = {
  root_readonly: 'Read all files and folders stored in Box',
  root_readwrite: 'Read and write all files and folders stored in Box',
};

/** The default scopes of an app when the authorization URL names none. */
const defaultScope = 'root_readwrite';

/** Parameters of an authorization request, checked. */
interface AuthorizationRequest {
  client: FakeBoxClient;
  redirectUri: string;
  state?: string;
  scope: string;
}

type AuthorizationCheck =
  | { ok: true; request: AuthorizationRequest }
  | { ok: false; error: string; description: string; redirect: boolean };

/**
 * Checks the parameters of `/oauth2/authorize`. Errors about the client or
 * the redirect URI are shown on the page, because redirecting to an
 * unverified URI would be an open redirect. Other errors are sent to the
 * redirect URI, as OAuth 2.0 (RFC 6749 section 4.1.2.1) prescribes.
 */
function checkAuthorizationRequest(
  store: FakeBoxStore,
  params: URLSearchParams,
): AuthorizationCheck {
  const client = store.findClient(params.get('client_id') ?? '');
  if (!client) {
    return {
      ok: false,
      error: 'invalid_client',
      description: 'The client id is not the id of a Box app.',
      redirect: false,
    };
  }

  const redirectUri = resolveRedirectUri(client, params.get('redirect_uri'));
  if (!redirectUri) {
    return {
      ok: false,
      error: 'redirect_uri_mismatch',
      description:
        'The redirect URI does not match a redirect URI configured for the Box app.',
      redirect: false,
    };
  }

  const base = { redirect: true as const };
  if (params.get('response_type') !== 'code') {
    return {
      ...base,
      ok: false,
      error: 'unsupported_response_type',
      description: 'The response type must be "code".',
    };
  }
  const scope = params.get('scope') ?? defaultScope;
  if (!scope.split(' ').every(name => knownScopes.has(name))) {
    return {
      ...base,
      ok: false,
      error: 'invalid_scope',
      description: 'The requested scope is invalid.',
    };
  }

  return {
    ok: true,
    request: {
      client,
      redirectUri,
      state: params.get('state') ?? undefined,
      scope,
    },
  };
}

function resolveRedirectUri(
  client: FakeBoxClient,
  requested: string | null,
): string | undefined {
  if (client.redirectUris) {
    if (requested === null) {
      // Box accepts a missing redirect URI only when the app has one.
      return client.redirectUris.length === 1
        ? client.redirectUris[0]
        : undefined;
    }
    return client.redirectUris.includes(requested) ? requested : undefined;
  }

  try {
    const url = new URL(requested ?? '');
    return url.protocol === 'http:' || url.protocol === 'https:'
      ? url.href
      : undefined;
  } catch {
    return undefined;
  }
}

function redirectWith(
  response: http.ServerResponse,
  redirectUri: string,
  values: Record<string, string | undefined>,
): void {
  const location = new URL(redirectUri);
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) {
      location.searchParams.set(key, value);
    }
  }
  response.writeHead(302, { location: location.href });
  response.end();
}

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  // The page needs no script and loads nothing.
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  'cache-control': 'no-store',
};

function sendErrorPage(
  response: http.ServerResponse,
  error: string,
  description: string,
): void {
  response.writeHead(400, pageHeaders);
  response.end(
    [
      '<!doctype html><html lang="en"><head><meta charset="utf-8">',
      '<title>Box: error</title></head><body>',
      '<h1>Box could not start the authorization</h1>',
      `<p id="error" data-error="${escapeHtml(error)}">`,
      `${escapeHtml(description)}</p></body></html>`,
    ].join(''),
  );
}

function renderConsentPage(
  store: FakeBoxStore,
  request: AuthorizationRequest,
): string {
  const hidden = (name: string, value: string | undefined) =>
    value === undefined
      ? ''
      : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`;
  const scopes = request.scope
    .split(' ')
    .map(name => `<li>${escapeHtml(scopeTitles[name] ?? name)}</li>`)
    .join('');
  const users = store.users
    .map(
      user =>
        `<option value="${escapeHtml(user.id)}">${escapeHtml(
          `${user.name} (${user.login})`,
        )}</option>`,
    )
    .join('');

  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Box: grant access</title>',
    '<style>body{font-family:sans-serif;max-width:32rem;margin:2rem auto;',
    'padding:0 1rem}button{font-size:1rem;padding:.5rem 1.5rem;',
    'margin-right:.5rem}</style></head><body>',
    '<h1>Grant access to Box</h1>',
    `<p>The app <strong>${escapeHtml(request.client.clientId)}</strong> `,
    `asks to:</p><ul>${scopes}</ul>`,
    `<p>It will return to <code>${escapeHtml(request.redirectUri)}</code>.</p>`,
    '<form method="post" action="/oauth2/authorize">',
    hidden('response_type', 'code'),
    hidden('client_id', request.client.clientId),
    hidden('redirect_uri', request.redirectUri),
    hidden('state', request.state),
    hidden('scope', request.scope),
    `<p><label>Sign in as <select name="user_id">${users}</select>`,
    '</label></p>',
    '<button type="submit" name="decision" value="allow">Allow</button>',
    '<button type="submit" name="decision" value="deny">Deny</button>',
    '</form><p><small>Local test server, not Box.</small></p></body></html>',
  ].join('');
}

/** Serves `GET /oauth2/authorize`: the consent page. */
export function handleConsentPage(
  store: FakeBoxStore,
  url: URL,
  response: http.ServerResponse,
): void {
  const check = checkAuthorizationRequest(store, url.searchParams);
  if (!check.ok) {
    if (!check.redirect) {
      sendErrorPage(response, check.error, check.description);
      return;
    }
    const redirectUri = url.searchParams.get('redirect_uri') ?? '';
    redirectWith(response, redirectUri, {
      error: check.error,
      error_description: check.description,
      state: url.searchParams.get('state') ?? undefined,
    });
    return;
  }

  response.writeHead(200, pageHeaders);
  response.end(renderConsentPage(store, check.request));
}

/**
 * Serves `POST /oauth2/authorize`, which the Allow and Deny buttons send:
 * redirects to the redirect URI with a code, or with `access_denied`.
 */
export async function handleConsentDecision(
  store: FakeBoxStore,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const form = await readFormBody(request);
  const check = checkAuthorizationRequest(store, form);
  if (!check.ok) {
    sendErrorPage(response, check.error, check.description);
    return;
  }

  const { redirectUri, state, client, scope } = check.request;
  if (form.get('decision') !== 'allow') {
    redirectWith(response, redirectUri, {
      error: 'access_denied',
      error_description: 'The user denied access to your application',
      state,
    });
    return;
  }

  const user = store.findUser(form.get('user_id') ?? '') ?? store.users[0];
  const code = store.createCode({
    clientId: client.clientId,
    redirectUri,
    userId: user.id,
    scope,
  });
  redirectWith(response, redirectUri, { code, state });
}

function sendTokens(response: http.ServerResponse, tokens: FakeBoxTokens) {
  sendJson(
    response,
    200,
    {
      access_token: tokens.accessToken,
      expires_in: tokens.expiresIn,
      restricted_to: [],
      refresh_token: tokens.refreshToken,
      token_type: 'bearer',
    },
    { 'cache-control': 'no-store' },
  );
}

/** Counts of token requests by grant type. */
export type TokenRequestCounts = Record<string, number>;

/**
 * Serves `POST /oauth2/token` for the `authorization_code` and
 * `refresh_token` grants, with the error bodies Box sends.
 */
export async function handleTokenRequest(
  store: FakeBoxStore,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  options: { latencyMs: number; counts: TokenRequestCounts },
): Promise<void> {
  const form = await readFormBody(request);
  const grantType = form.get('grant_type') ?? '';
  options.counts[grantType] = (options.counts[grantType] ?? 0) + 1;
  if (options.latencyMs > 0) {
    await delay(options.latencyMs);
  }

  if (grantType !== 'authorization_code' && grantType !== 'refresh_token') {
    sendOAuthError(
      response,
      400,
      'invalid_request',
      'Invalid grant_type parameter or parameter missing',
    );
    return;
  }

  const client = store.findClient(form.get('client_id') ?? '');
  if (!client || client.clientSecret !== form.get('client_secret')) {
    sendOAuthError(
      response,
      400,
      'invalid_client',
      'The client credentials are invalid',
    );
    return;
  }

  if (grantType === 'refresh_token') {
    const tokens = store.refresh(
      client.clientId,
      form.get('refresh_token') ?? '',
    );
    if (!tokens) {
      sendOAuthError(response, 400, 'invalid_grant', 'Invalid refresh token');
      return;
    }
    sendTokens(response, tokens);
    return;
  }

  const entry = store.takeCode(form.get('code') ?? '');
  if (entry === 'expired') {
    sendOAuthError(
      response,
      400,
      'invalid_grant',
      'The authorization code has expired',
    );
    return;
  }
  const redirectUri = form.get('redirect_uri');
  if (
    !entry ||
    entry.clientId !== client.clientId ||
    (redirectUri !== null && redirectUri !== entry.redirectUri)
  ) {
    sendOAuthError(
      response,
      400,
      'invalid_grant',
      "Auth code doesn't exist or is invalid for the client",
    );
    return;
  }
  sendTokens(
    response,
    store.issueTokens(client.clientId, entry.userId, entry.scope),
  );
}

/** Serves `POST /oauth2/revoke`. */
export async function handleRevokeRequest(
  store: FakeBoxStore,
  request: http.IncomingMessage,
  response: http.ServerResponse,
): Promise<void> {
  const form = await readFormBody(request);
  const client = store.findClient(form.get('client_id') ?? '');
  if (!client || client.clientSecret !== form.get('client_secret')) {
    sendOAuthError(
      response,
      400,
      'invalid_client',
      'The client credentials are invalid',
    );
    return;
  }

  // As RFC 7009 section 2.2 prescribes, an unknown token is not an error.
  store.revoke(client.clientId, form.get('token') ?? '');
  response.writeHead(200, { 'content-length': '0' });
  response.end();
}
