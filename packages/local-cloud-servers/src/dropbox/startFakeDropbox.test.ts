import { Dropbox, DropboxAuth, DropboxResponseError } from 'dropbox';
import nodeFetch from 'node-fetch';
import { createHash } from 'node:crypto';
import { computeDropboxContentHash } from './contentHash';
import {
  defaultFakeDropboxAccount,
  defaultFakeDropboxApp,
} from './FakeDropboxState';
import { FakeDropbox, startFakeDropbox } from './startFakeDropbox';

const appKey = defaultFakeDropboxApp.appKey;
const accountId = defaultFakeDropboxAccount.accountId;
const verifier = `${'v'.repeat(20)}ErIfIeR-0123456789_abcdefghij`;
const challenge = createHash('sha256').update(verifier).digest('base64url');

/** Creates a fetch for the SDK that sends every Dropbox host to the fake server. */
function rewritingFetch(origin: string) {
  return (url: string, init?: object) => {
    const parsed = new URL(url);
    return nodeFetch(`${origin}${parsed.pathname}${parsed.search}`, init);
  };
}

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => {
      throw new Error('Expected the call to fail');
    },
    (error: DropboxResponseError<any>) => error,
  );
}

describe('startFakeDropbox', () => {
  let dropbox: FakeDropbox;

  beforeAll(async () => {
    dropbox = await startFakeDropbox({
      apps: [
        defaultFakeDropboxApp,
        {
          appKey: 'redirectingapp',
          appSecret: 'redirecting-secret',
          name: 'Redirecting <App>',
          redirectUris: ['http://127.0.0.1:9/callback'],
        },
      ],
    });
  });

  afterAll(async () => {
    await dropbox?.close();
  });

  afterEach(() => dropbox.clearFaults());

  function auth(
    options: { clientSecret?: string; refreshToken?: string } = {},
  ) {
    return new DropboxAuth({
      clientId: appKey,
      fetch: rewritingFetch(dropbox.url),
      ...options,
    });
  }

  function client(accessToken: string) {
    const fetch = rewritingFetch(dropbox.url);
    return new Dropbox({
      auth: new DropboxAuth({ accessToken, fetch }),
      fetch,
    });
  }

  /** Exchanges a fresh PKCE code and returns the token response. */
  async function connect() {
    const code = dropbox.issueCode({
      clientId: appKey,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      tokenAccessType: 'offline',
    });
    const pkce = auth();
    pkce.setCodeVerifier(verifier);
    const response = await pkce.getAccessTokenFromCode(
      undefined as unknown as string,
      code,
    );
    return response.result as {
      access_token: string;
      refresh_token: string;
      expires_in: number;
      scope: string;
      account_id: string;
    };
  }

  describe('consent page', () => {
    function authorizeUrl(parameters: Record<string, string>) {
      const url = new URL('/oauth2/authorize', dropbox.url);
      for (const [name, value] of Object.entries(parameters)) {
        url.searchParams.set(name, value);
      }
      return url;
    }

    it('shows the app with Allow and Deny buttons', async () => {
      const response = await fetch(
        authorizeUrl({
          response_type: 'code',
          client_id: appKey,
          state: '"><script>alert(1)</script>',
          code_challenge: challenge,
          code_challenge_method: 'S256',
          token_access_type: 'offline',
        }),
      );
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain(
        "default-src 'none'",
      );
      expect(html).toContain(defaultFakeDropboxApp.name);
      expect(html).toContain('ada@example.com');
      expect(html).toContain('value="allow">Allow</button>');
      expect(html).toContain('value="deny">Deny</button>');
      expect(html).not.toContain('<script>');
      expect(html).toContain('&quot;&gt;&lt;script&gt;');
    });

    it.each([
      [
        { response_type: 'token', client_id: appKey },
        /response_type must be &quot;code&quot;/,
      ],
      [
        { response_type: 'code', client_id: 'unknown' },
        /Invalid client_id &quot;unknown&quot;/,
      ],
      [
        {
          response_type: 'code',
          client_id: appKey,
          redirect_uri: 'https://evil.example/',
        },
        /is not registered/,
      ],
      [
        { response_type: 'code', client_id: appKey, state: 'x'.repeat(501) },
        /longer than 500 bytes/,
      ],
      [
        { response_type: 'code', client_id: appKey, code_challenge: 'short' },
        /Invalid code_challenge/,
      ],
      [
        {
          response_type: 'code',
          client_id: appKey,
          code_challenge: challenge,
          code_challenge_method: 'S512',
        },
        /Invalid code_challenge_method/,
      ],
    ])('rejects %j', async (parameters, message) => {
      const response = await fetch(authorizeUrl(parameters));

      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(message);
    });

    async function decide(
      parameters: Record<string, string>,
      decision: string,
    ) {
      const form = new URLSearchParams({ ...parameters, decision });
      return fetch(new URL('/oauth2/authorize', dropbox.url), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        redirect: 'manual',
      });
    }

    it('shows a code bound to the challenge on Allow', async () => {
      const response = await decide(
        {
          response_type: 'code',
          client_id: appKey,
          code_challenge: challenge,
          code_challenge_method: 'S256',
          token_access_type: 'offline',
        },
        'allow',
      );
      const html = await response.text();
      const code = /<input id="authorization-code"[^>]* value="([^"]+)">/.exec(
        html,
      )?.[1];

      expect(html).toContain(
        '<label for="authorization-code">Authorization code</label>',
      );
      expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const pkce = auth();
      pkce.setCodeVerifier(verifier);
      const tokens = await pkce.getAccessTokenFromCode(
        undefined as unknown as string,
        code!,
      );
      expect(tokens.result).toMatchObject({ account_id: accountId });
    });

    it('shows no code on Deny', async () => {
      const response = await decide(
        { response_type: 'code', client_id: appKey },
        'deny',
      );
      const html = await response.text();

      expect(html).toContain('Access denied');
      expect(html).not.toContain('authorization-code');
    });

    it('redirects with the code and state to a registered URI', async () => {
      const response = await decide(
        {
          response_type: 'code',
          client_id: 'redirectingapp',
          redirect_uri: 'http://127.0.0.1:9/callback',
          state: 'state-1',
        },
        'allow',
      );
      const location = new URL(response.headers.get('location')!);

      expect(response.status).toBe(302);
      expect(location.origin + location.pathname).toBe(
        'http://127.0.0.1:9/callback',
      );
      expect(location.searchParams.get('state')).toBe('state-1');
      expect(location.searchParams.get('code')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('redirects with access_denied on Deny', async () => {
      const response = await decide(
        {
          response_type: 'code',
          client_id: 'redirectingapp',
          redirect_uri: 'http://127.0.0.1:9/callback',
          state: 'state-2',
        },
        'deny',
      );
      const location = new URL(response.headers.get('location')!);

      expect(location.searchParams.get('error')).toBe('access_denied');
      expect(location.searchParams.get('state')).toBe('state-2');
      expect(location.searchParams.has('code')).toBe(false);
    });
  });

  describe('token endpoint', () => {
    it('exchanges a PKCE code sent in the query string, as the SDK does', async () => {
      const tokens = await connect();

      expect(tokens).toMatchObject({
        access_token: expect.stringMatching(/^sl\./),
        refresh_token: expect.any(String),
        expires_in: 14_400,
        scope: 'account_info.read files.content.read files.content.write',
        account_id: accountId,
      });
      expect(dropbox.tokenRequests.at(-1)).toEqual({
        grantType: 'authorization_code',
        withClientSecret: false,
        withCodeVerifier: true,
        parametersInQuery: true,
        status: 200,
      });
    });

    it('accepts parameters in a form body', async () => {
      const code = dropbox.issueCode({
        clientId: appKey,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
      });

      const response = await fetch(`${dropbox.url}/oauth2/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          client_id: appKey,
          code_verifier: verifier,
        }).toString(),
      });

      expect(response.status).toBe(200);
      expect(await response.json()).not.toHaveProperty('refresh_token');
    });

    it('rejects a wrong verifier and consumes the code', async () => {
      const code = dropbox.issueCode({
        clientId: appKey,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
      });
      const wrong = auth();
      wrong.setCodeVerifier(`${verifier}x`);
      const right = auth();
      right.setCodeVerifier(verifier);

      const first = await errorOf(
        wrong.getAccessTokenFromCode(undefined as unknown as string, code),
      );
      const second = await errorOf(
        right.getAccessTokenFromCode(undefined as unknown as string, code),
      );

      expect(first.status).toBe(400);
      expect(first.error).toEqual({
        error: 'invalid_grant',
        error_description: 'invalid code verifier',
      });
      expect(second.error).toMatchObject({ error: 'invalid_grant' });
    });

    it('rejects a replayed code and revokes its tokens', async () => {
      const code = dropbox.issueCode({
        clientId: appKey,
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        tokenAccessType: 'offline',
      });
      const pkce = auth();
      pkce.setCodeVerifier(verifier);
      const tokens = (
        await pkce.getAccessTokenFromCode(undefined as unknown as string, code)
      ).result as { access_token: string; refresh_token: string };

      const replay = await errorOf(
        pkce.getAccessTokenFromCode(undefined as unknown as string, code),
      );

      expect(replay.error).toEqual({
        error: 'invalid_grant',
        error_description: "code doesn't exist or has expired",
      });
      const call = await errorOf(
        client(tokens.access_token).usersGetCurrentAccount(),
      );
      expect(call.status).toBe(401);
      const refresh = await errorOf(
        auth({ refreshToken: tokens.refresh_token }).refreshAccessToken(),
      );
      expect(refresh.error).toMatchObject({ error: 'invalid_grant' });
    });

    it('rejects an expired code', async () => {
      const shortLived = await startFakeDropbox({ codeLifetimeSeconds: 0 });
      try {
        const code = shortLived.issueCode({ clientId: appKey });
        const confidential = new DropboxAuth({
          clientId: appKey,
          clientSecret: defaultFakeDropboxApp.appSecret,
          fetch: rewritingFetch(shortLived.url),
        });

        const error = await errorOf(
          confidential.getAccessTokenFromCode(
            undefined as unknown as string,
            code,
          ),
        );

        expect(error.error).toMatchObject({ error: 'invalid_grant' });
      } finally {
        await shortLived.close();
      }
    });

    it('requires the app secret for a code issued without PKCE', async () => {
      const withoutSecret = dropbox.issueCode({ clientId: appKey });
      const withSecret = dropbox.issueCode({ clientId: appKey });
      const publicClient = auth();
      publicClient.setCodeVerifier(verifier);

      const rejected = await errorOf(
        publicClient.getAccessTokenFromCode(
          undefined as unknown as string,
          withoutSecret,
        ),
      );
      const accepted = await auth({
        clientSecret: defaultFakeDropboxApp.appSecret,
      }).getAccessTokenFromCode(undefined as unknown as string, withSecret);

      expect(rejected.error).toMatchObject({ error: 'invalid_client' });
      expect(accepted.status).toBe(200);
    });

    it('refreshes a PKCE token without the app secret', async () => {
      const tokens = await connect();
      const refresher = auth({ refreshToken: tokens.refresh_token });

      await refresher.refreshAccessToken();

      expect(refresher.getAccessToken()).toMatch(/^sl\./);
      expect(refresher.getAccessToken()).not.toBe(tokens.access_token);
      const account = await client(
        refresher.getAccessToken(),
      ).usersGetCurrentAccount();
      expect(account.result.email).toBe('ada@example.com');
    });

    it('rejects a wrong app secret as invalid_client', async () => {
      const tokens = await connect();

      const error = await errorOf(
        auth({
          refreshToken: tokens.refresh_token,
          clientSecret: 'wrong',
        }).refreshAccessToken(),
      );

      expect(error.status).toBe(400);
      expect(error.error).toEqual({
        error: 'invalid_client',
        error_description: 'Invalid client_id or client_secret',
      });
    });

    it('rejects a revoked refresh token', async () => {
      const tokens = await connect();
      dropbox.revokeRefreshToken(tokens.refresh_token);

      const error = await errorOf(
        auth({ refreshToken: tokens.refresh_token }).refreshAccessToken(),
      );

      expect(error.error).toEqual({
        error: 'invalid_grant',
        error_description: 'refresh token is invalid or revoked',
      });
    });

    it('counts the calls per grant type', async () => {
      const before = dropbox.countTokenRequests('refresh_token');
      const tokens = await connect();

      await auth({ refreshToken: tokens.refresh_token }).refreshAccessToken();

      expect(dropbox.countTokenRequests('refresh_token')).toBe(before + 1);
    });
  });

  describe('API authentication', () => {
    it('requires the Authorization header', async () => {
      const response = await fetch(
        `${dropbox.url}/2/users/get_current_account`,
        { method: 'POST' },
      );

      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(
        /Must provide HTTP header "Authorization"/,
      );
    });

    it('rejects an unknown token with invalid_access_token', async () => {
      const error = await errorOf(
        client('sl.unknown').usersGetCurrentAccount(),
      );

      expect(error.status).toBe(401);
      expect(error.error).toEqual({
        error_summary: 'invalid_access_token/...',
        error: { '.tag': 'invalid_access_token' },
      });
    });

    it('rejects an expired token with expired_access_token', async () => {
      const tokens = await connect();
      dropbox.expireAccessTokens();

      const error = await errorOf(
        client(tokens.access_token).usersGetCurrentAccount(),
      );

      expect(error.status).toBe(401);
      expect(error.error).toEqual({
        error_summary: 'expired_access_token/...',
        error: { '.tag': 'expired_access_token' },
      });
    });

    it('revokes the token and its refresh token', async () => {
      const tokens = await connect();

      const revoked = await client(tokens.access_token).authTokenRevoke();

      expect(revoked.status).toBe(200);
      expect(revoked.result).toBeNull();
      const refresh = await errorOf(
        auth({ refreshToken: tokens.refresh_token }).refreshAccessToken(),
      );
      expect(refresh.error).toMatchObject({ error: 'invalid_grant' });
    });

    it('uses the configured token lifetime', async () => {
      dropbox.setAccessTokenLifetime(60);
      try {
        const tokens = await connect();
        expect(tokens.expires_in).toBe(60);
      } finally {
        dropbox.setAccessTokenLifetime(14_400);
      }
    });
  });

  describe('files', () => {
    it('uploads, conflicts, renames and overwrites', async () => {
      const { access_token: token } = await connect();
      const dbx = client(token);
      const path = `/upload-${Date.now()}.html`;

      const added = await dbx.filesUpload({
        path,
        contents: Buffer.from('one'),
      });
      const conflict = await errorOf(
        dbx.filesUpload({ path, contents: Buffer.from('two') }),
      );
      const renamed = await dbx.filesUpload({
        path,
        contents: Buffer.from('three'),
        autorename: true,
      });
      const overwritten = await dbx.filesUpload({
        path,
        mode: { '.tag': 'overwrite' },
        contents: Buffer.from('four'),
        content_hash: computeDropboxContentHash(Buffer.from('four')),
      });

      expect(added.result).toMatchObject({
        path_display: path,
        path_lower: path.toLowerCase(),
        size: 3,
        id: expect.stringMatching(/^id:/),
        content_hash: computeDropboxContentHash(Buffer.from('one')),
      });
      expect(conflict.status).toBe(409);
      expect(conflict.error).toMatchObject({
        error_summary: 'path/conflict/file/...',
        error: { '.tag': 'path', reason: { '.tag': 'conflict' } },
      });
      expect(renamed.result.path_display).toBe(
        path.replace('.html', ' (1).html'),
      );
      expect(overwritten.result.id).toBe(added.result.id);
      expect(overwritten.result.rev).not.toBe(added.result.rev);
      expect(dropbox.readFile(accountId, path)?.toString()).toBe('four');
    });

    it('rejects content that does not match content_hash', async () => {
      const { access_token: token } = await connect();

      const error = await errorOf(
        client(token).filesUpload({
          path: '/hash.html',
          contents: Buffer.from('sent'),
          content_hash: computeDropboxContentHash(Buffer.from('other')),
        }),
      );

      expect(error.status).toBe(409);
      expect(error.error).toMatchObject({
        error_summary: 'content_hash_mismatch/...',
      });
      expect(dropbox.readFile(accountId, '/hash.html')).toBeUndefined();
    });

    it.each([
      ['a backslash', '/a\\b.html'],
      ['a NUL character', '/a\u0000.html'],
      ['an empty segment', '//a.html'],
      ['a 256-character name', `/${'x'.repeat(256)}`],
    ])('rejects a path with %s', async (_case, path) => {
      const { access_token: token } = await connect();

      const error = await errorOf(
        client(token).filesUpload({ path, contents: Buffer.from('x') }),
      );

      expect(error.status).toBe(409);
      expect(error.error).toMatchObject({
        error_summary: 'path/malformed_path/...',
      });
    });

    it('rejects a path without a leading slash with HTTP 400', async () => {
      const { access_token: token } = await connect();

      const error = await errorOf(
        client(token).filesUpload({
          path: 'relative.html',
          contents: Buffer.from('x'),
        }),
      );

      expect(error.status).toBe(400);
      expect(String(error.error)).toMatch(/did not match pattern/);
    });

    it('rejects an upload beyond the quota', async () => {
      const { access_token: token } = await connect();
      dropbox.setQuota(accountId, 1);
      try {
        const error = await errorOf(
          client(token).filesUpload({
            path: '/big.html',
            contents: Buffer.from('xy'),
          }),
        );

        expect(error.error).toMatchObject({
          error_summary: 'path/insufficient_space/...',
        });
      } finally {
        dropbox.setQuota(accountId, 2 * 1024 * 1024 * 1024);
      }
    });

    it('deletes by id and by path, and reports a missing file', async () => {
      const { access_token: token } = await connect();
      const dbx = client(token);
      const byId = await dbx.filesUpload({
        path: '/by-id.html',
        contents: Buffer.from('1'),
      });
      await dbx.filesUpload({
        path: '/By-Path.html',
        contents: Buffer.from('2'),
      });

      const deletedById = await dbx.filesDeleteV2({ path: byId.result.id });
      const deletedByPath = await dbx.filesDeleteV2({ path: '/by-path.html' });
      const missing = await errorOf(
        dbx.filesDeleteV2({ path: byId.result.id }),
      );

      expect(deletedById.result.metadata).toMatchObject({
        '.tag': 'file',
        path_display: '/by-id.html',
      });
      expect(deletedByPath.result.metadata.path_display).toBe('/By-Path.html');
      expect(missing.status).toBe(409);
      expect(missing.error).toEqual({
        error_summary: 'path_lookup/not_found/...',
        error: { '.tag': 'path_lookup', path_lookup: { '.tag': 'not_found' } },
      });
      expect(dropbox.readFile(accountId, '/by-id.html')).toBeUndefined();
    });
  });

  describe('faults', () => {
    it('answers HTTP 429 with Retry-After and a rate limit body', async () => {
      const { access_token: token } = await connect();
      dropbox.queueFault('/2/users/get_current_account', {
        type: 'rate-limit',
        retryAfterSeconds: 7,
      });

      const error = await errorOf(client(token).usersGetCurrentAccount());
      const next = await client(token).usersGetCurrentAccount();

      expect(error.status).toBe(429);
      expect(error.headers.get('retry-after')).toBe('7');
      expect(error.error).toEqual({
        error_summary: 'too_many_requests/...',
        error: { reason: { '.tag': 'too_many_requests' }, retry_after: 7 },
      });
      expect(next.status).toBe(200);
    });

    it('answers HTTP 503 the given number of times', async () => {
      const { access_token: token } = await connect();
      dropbox.queueFault(
        '/2/users/get_current_account',
        { type: 'server-error', status: 503, retryAfterSeconds: 2 },
        2,
      );

      const first = await errorOf(client(token).usersGetCurrentAccount());
      const second = await errorOf(client(token).usersGetCurrentAccount());
      const third = await client(token).usersGetCurrentAccount();

      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('2');
      expect(second.status).toBe(503);
      expect(third.status).toBe(200);
    });

    it('closes the connection without a response', async () => {
      dropbox.queueFault('/oauth2/token', { type: 'connection-reset' });

      await expect(connect()).rejects.toMatchObject({ code: 'ECONNRESET' });
      await expect(connect()).resolves.toHaveProperty('access_token');
    });
  });

  it('records requests without query strings', async () => {
    await connect();

    expect(dropbox.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/oauth2/token',
      status: 200,
    });
  });
});
