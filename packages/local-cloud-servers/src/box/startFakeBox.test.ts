import { BoxClient } from 'box-node-sdk';
import {
  BoxApiError,
  BoxDeveloperTokenAuth,
  BoxOAuth,
  OAuthConfig,
} from 'box-node-sdk/box';
import { AuthorizationManager } from 'box-node-sdk/managers/authorization';
import {
  BaseUrls,
  NetworkSession,
  RetryStrategy,
} from 'box-node-sdk/networking';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { FakeBox, startFakeBox } from './startFakeBox';
import { submitFakeBoxConsent } from './submitFakeBoxConsent';

// box-node-sdk honours HTTP_PROXY even for loopback addresses.
process.env.NO_PROXY = '127.0.0.1,localhost';
process.env.no_proxy = '127.0.0.1,localhost';

const client = {
  clientId: 'fake-box-test-client',
  clientSecret: 'fake-box-test-secret',
  redirectUris: ['http://127.0.0.1:7007/api/password-export/oauth/callback'],
};
const redirectUri = client.redirectUris[0];

/** Makes every failed response reach the test instead of being retried. */
const noRetries: RetryStrategy = {
  shouldRetry: async () => false,
  retryAfter: () => 0,
};

function createSession(fake: FakeBox): NetworkSession {
  return new NetworkSession({
    baseUrls: new BaseUrls(fake.baseUrls),
    retryStrategy: noRetries,
  });
}

function createClient(fake: FakeBox, accessToken: string): BoxClient {
  return new BoxClient({
    auth: new BoxDeveloperTokenAuth({ token: accessToken }),
    networkSession: createSession(fake),
  });
}

function authorizationUrl(
  fake: FakeBox,
  overrides: Record<string, string> = {},
) {
  const url = new URL(fake.authorizeUrl);
  const params = {
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: redirectUri,
    state: 'state-1234',
    ...overrides,
  };
  for (const [key, value] of Object.entries(params)) {
    url.searchParams.set(key, value);
  }
  return url.href;
}

async function authorize(fake: FakeBox): Promise<string> {
  const result = await submitFakeBoxConsent(authorizationUrl(fake));
  if (!('redirectedTo' in result)) {
    throw new Error(`Consent failed: ${result.error}`);
  }
  return result.redirectedTo.searchParams.get('code')!;
}

function exchange(fake: FakeBox, code: string, secret = client.clientSecret) {
  const oauth = new BoxOAuth({
    config: new OAuthConfig({
      clientId: client.clientId,
      clientSecret: secret,
    }),
  });
  return oauth.getTokensAuthorizationCodeGrant(code, createSession(fake));
}

/** Resolves with the error a promise rejects with. */
async function failureOf(promise: Promise<unknown>): Promise<BoxApiError> {
  try {
    await promise;
  } catch (error) {
    return error as BoxApiError;
  }
  throw new Error('expected the call to fail');
}

function uploadBody(name: string, parentId: string, bytes: Buffer) {
  return {
    attributes: { name, parent: { id: parentId } },
    file: Readable.from(bytes),
  };
}

describe('startFakeBox', () => {
  let fake: FakeBox;

  beforeEach(async () => {
    fake = await startFakeBox({ clients: [client] });
  });

  afterEach(async () => {
    await fake.close();
  });

  describe('consent page', () => {
    it('shows a form with Allow and Deny buttons', async () => {
      const response = await fetch(authorizationUrl(fake));
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toContain(
        "default-src 'none'",
      );
      expect(html).toContain('value="allow">Allow</button>');
      expect(html).toContain('value="deny">Deny</button>');
      expect(html).toContain('Local Box User (user@example.com)');
    });

    it('redirects with a code and the state on Allow', async () => {
      const result = await submitFakeBoxConsent(authorizationUrl(fake));

      expect(result).toHaveProperty('redirectedTo');
      const target = (result as { redirectedTo: URL }).redirectedTo;
      expect(`${target.origin}${target.pathname}`).toBe(redirectUri);
      expect(target.searchParams.get('state')).toBe('state-1234');
      expect(target.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
    });

    it('redirects with access_denied and the state on Deny', async () => {
      const result = await submitFakeBoxConsent(authorizationUrl(fake), {
        decision: 'deny',
      });

      const target = (result as { redirectedTo: URL }).redirectedTo;
      expect(target.searchParams.get('error')).toBe('access_denied');
      expect(target.searchParams.get('error_description')).toBeTruthy();
      expect(target.searchParams.get('state')).toBe('state-1234');
      expect(target.searchParams.has('code')).toBe(false);
    });

    it('shows an error page for an unregistered redirect URI', async () => {
      const result = await submitFakeBoxConsent(
        authorizationUrl(fake, { redirect_uri: 'https://attacker.example/cb' }),
      );

      expect(result).toEqual({ status: 400, error: 'redirect_uri_mismatch' });
    });

    it('shows an error page for an unknown client id', async () => {
      const result = await submitFakeBoxConsent(
        authorizationUrl(fake, { client_id: 'unknown' }),
      );

      expect(result).toEqual({ status: 400, error: 'invalid_client' });
    });

    it('redirects with invalid_scope for an unknown scope', async () => {
      const result = await submitFakeBoxConsent(
        authorizationUrl(fake, { scope: 'root_readwrite launch_rockets' }),
      );

      const target = (result as { redirectedTo: URL }).redirectedTo;
      expect(target.searchParams.get('error')).toBe('invalid_scope');
    });

    it('escapes the state in the page', async () => {
      const response = await fetch(
        authorizationUrl(fake, { state: '"><script>alert(1)</script>' }),
      );
      const html = await response.text();

      expect(html).not.toContain('<script>');
      expect(html).toContain('&quot;&gt;&lt;script&gt;');
    });
  });

  describe('token endpoint', () => {
    it('exchanges a code once', async () => {
      const code = await authorize(fake);

      const token = await exchange(fake, code);
      const replay = await failureOf(exchange(fake, code));

      expect(token.accessToken).toBeTruthy();
      expect(token.refreshToken).toBeTruthy();
      expect(token.expiresIn).toBe(3600);
      expect(replay.responseInfo.statusCode).toBe(400);
      expect(replay.responseInfo.body).toMatchObject({
        error: 'invalid_grant',
        error_description:
          "Auth code doesn't exist or is invalid for the client",
      });
      expect(fake.controls.tokenRequests()).toEqual({ authorization_code: 2 });
    });

    it('rejects an expired code', async () => {
      const code = await authorize(fake);
      fake.controls.expireAuthorizationCodes();

      const error = await failureOf(exchange(fake, code));

      expect(error.responseInfo.body).toMatchObject({
        error: 'invalid_grant',
        error_description: 'The authorization code has expired',
      });
    });

    it('rejects a wrong client secret', async () => {
      const code = await authorize(fake);

      const error = await failureOf(exchange(fake, code, 'wrong-secret'));

      expect(error.responseInfo.statusCode).toBe(400);
      expect(error.responseInfo.body).toMatchObject({
        error: 'invalid_client',
      });
    });

    it('rejects a redirect URI that differs from the authorization', async () => {
      const code = await authorize(fake);

      const response = await fetch(`${fake.url}/oauth2/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          code,
          redirect_uri: 'http://127.0.0.1:7007/elsewhere',
        }),
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_grant' });
    });

    it('makes a refresh token single use', async () => {
      const first = await exchange(fake, await authorize(fake));
      const manager = new AuthorizationManager({
        networkSession: createSession(fake),
      });
      const refresh = (refreshToken: string) =>
        manager.requestAccessToken({
          grantType: 'refresh_token',
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          refreshToken,
        });

      const second = await refresh(first.refreshToken!);
      const reuse = await failureOf(refresh(first.refreshToken!));

      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
      expect(reuse.responseInfo.statusCode).toBe(400);
      expect(reuse.responseInfo.body).toEqual({
        error: 'invalid_grant',
        error_description: 'Invalid refresh token',
      });
      await expect(refresh(second.refreshToken!)).resolves.toBeDefined();
      expect(fake.controls.tokenRequests().refresh_token).toBe(3);
    });

    it('answers only one of two concurrent refreshes with the same token', async () => {
      const tokens = fake.controls.issueTokens({ clientId: client.clientId });
      fake.controls.setTokenLatency(100);
      const body = () =>
        new URLSearchParams({
          grant_type: 'refresh_token',
          client_id: client.clientId,
          client_secret: client.clientSecret,
          refresh_token: tokens.refreshToken,
        });

      const statuses = await Promise.all([
        fetch(`${fake.url}/oauth2/token`, { method: 'POST', body: body() }),
        fetch(`${fake.url}/oauth2/token`, { method: 'POST', body: body() }),
      ]).then(responses => responses.map(r => r.status).sort());

      expect(statuses).toEqual([200, 400]);
    });

    it('revokes both tokens of a grant', async () => {
      const tokens = fake.controls.issueTokens({ clientId: client.clientId });
      const manager = new AuthorizationManager({
        networkSession: createSession(fake),
      });

      await manager.revokeAccessToken({
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        token: tokens.refreshToken,
      });
      const apiError = await failureOf(
        createClient(fake, tokens.accessToken).users.getUserMe(),
      );

      expect(apiError.responseInfo.statusCode).toBe(401);
      await expect(
        manager.requestAccessToken({
          grantType: 'refresh_token',
          clientId: client.clientId,
          clientSecret: client.clientSecret,
          refreshToken: tokens.refreshToken,
        }),
      ).rejects.toMatchObject({ responseInfo: { statusCode: 400 } });
    });
  });

  describe('API authentication', () => {
    it('answers an expired token with WWW-Authenticate invalid_token', async () => {
      const tokens = fake.controls.issueTokens({ clientId: client.clientId });
      fake.controls.expireAccessTokens();

      const error = await failureOf(
        createClient(fake, tokens.accessToken).users.getUserMe(),
      );

      expect(error.responseInfo.statusCode).toBe(401);
      expect(error.responseInfo.headers['www-authenticate']).toContain(
        'error="invalid_token"',
      );
    });

    it('answers a missing token without an error attribute', async () => {
      const response = await fetch(`${fake.url}/2.0/users/me`);

      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(
        'Bearer realm="Service"',
      );
    });

    it('returns the signed-in user', async () => {
      const tokens = fake.controls.issueTokens({ clientId: client.clientId });

      const user = await createClient(
        fake,
        tokens.accessToken,
      ).users.getUserMe();

      expect(user).toMatchObject({
        id: '20000001',
        name: 'Local Box User',
        login: 'user@example.com',
      });
    });
  });

  describe('folders and files', () => {
    let box: BoxClient;

    beforeEach(() => {
      box = createClient(
        fake,
        fake.controls.issueTokens({ clientId: client.clientId }).accessToken,
      );
    });

    it('creates a folder and reports a second one as a conflict', async () => {
      const folder = await box.folders.createFolder({
        name: 'Exports',
        parent: { id: '0' },
      });
      const conflict = await failureOf(
        box.folders.createFolder({ name: 'Exports', parent: { id: '0' } }),
      );
      const items = await box.folders.getFolderItems('0');

      expect(folder.id).toMatch(/^\d+$/);
      expect(conflict.responseInfo.statusCode).toBe(409);
      expect(conflict.responseInfo.body).toMatchObject({
        type: 'error',
        status: 409,
        code: 'item_name_in_use',
        context_info: { conflicts: [{ type: 'folder', id: folder.id }] },
      });
      expect(items.entries?.map(entry => entry.id)).toEqual([folder.id]);
      expect(fake.controls.folders()).toHaveLength(1);
    });

    it.each([
      ['empty', ''],
      ['"."', '.'],
      ['".."', '..'],
      ['with a slash', 'a/b'],
      ['with a backslash', 'a\\b'],
      ['with a leading space', ' padded'],
      ['with a trailing space', 'padded '],
      ['of 256 characters', 'x'.repeat(256)],
    ])('rejects a folder name %s', async (_case, name) => {
      const error = await failureOf(
        box.folders.createFolder({ name, parent: { id: '0' } }),
      );

      expect(error.responseInfo.statusCode).toBe(400);
      expect(
        String((error.responseInfo.body as { code?: unknown }).code),
      ).toMatch(/^item_name_/);
    });

    it('stores uploads and versions with their bytes', async () => {
      const first = Buffer.from('<p>first</p>');
      const second = Buffer.from('<p>second</p>');

      const created = await box.uploads.uploadFile(
        uploadBody('export.html', '0', first),
      );
      const fileId = created.entries![0].id;
      const conflict = await failureOf(
        box.uploads.uploadFile(uploadBody('export.html', '0', second)),
      );
      await box.uploads.uploadFileVersion(fileId, {
        attributes: { name: 'export.html' },
        file: Readable.from(second),
      });

      expect(conflict.responseInfo.statusCode).toBe(409);
      expect(conflict.responseInfo.body).toMatchObject({
        code: 'item_name_in_use',
        context_info: { conflicts: { type: 'file', id: fileId } },
      });
      const [file] = fake.controls.files();
      expect(file.versions.map(v => v.bytes.toString())).toEqual([
        first.toString(),
        second.toString(),
      ]);
      expect(created.entries![0].sha1).toBe(
        createHash('sha1').update(first).digest('hex'),
      );
    });

    it('rejects an upload whose content-md5 does not match', async () => {
      const error = await failureOf(
        box.uploads.uploadFile(
          uploadBody('export.html', '0', Buffer.from('x')),
          {
            headers: { contentMd5: 'a'.repeat(40) },
          },
        ),
      );

      expect(error.responseInfo.statusCode).toBe(400);
      expect(error.responseInfo.body).toMatchObject({ code: 'bad_digest' });
      expect(fake.controls.files()).toEqual([]);
    });

    it('answers a preflight check with the conflict or an upload URL', async () => {
      const created = await box.uploads.uploadFile(
        uploadBody('export.html', '0', Buffer.from('x')),
      );

      const free = await box.uploads.preflightFileUploadCheck({
        name: 'other.html',
        size: 1,
        parent: { id: '0' },
      });
      const conflict = await failureOf(
        box.uploads.preflightFileUploadCheck({
          name: 'export.html',
          size: 1,
          parent: { id: '0' },
        }),
      );

      expect(free.uploadUrl).toBe(`${fake.url}/2.0/files/content`);
      expect(conflict.responseInfo.body).toMatchObject({
        code: 'item_name_in_use',
        context_info: { conflicts: { id: created.entries![0].id } },
      });
    });

    it('rejects uploads beyond the storage quota', async () => {
      fake.controls.setSpaceAmount(fake.users[0].id, 10);

      const error = await failureOf(
        box.uploads.uploadFile(
          uploadBody('big.html', '0', Buffer.alloc(11, 1)),
        ),
      );

      expect(error.responseInfo.statusCode).toBe(403);
      expect(error.responseInfo.body).toMatchObject({
        code: 'storage_limit_exceeded',
      });
    });

    it('deletes a file once', async () => {
      const created = await box.uploads.uploadFile(
        uploadBody('export.html', '0', Buffer.from('x')),
      );
      const fileId = created.entries![0].id;

      await box.files.deleteFileById(fileId);
      const again = await failureOf(box.files.deleteFileById(fileId));

      expect(again.responseInfo.statusCode).toBe(404);
      expect(fake.controls.files()).toEqual([]);
    });

    it('keeps the files of each user apart', async () => {
      const other = await startFakeBox({
        users: [
          { id: '1', name: 'Ada', login: 'ada@example.com' },
          { id: '2', name: 'Grace', login: 'grace@example.com' },
        ],
      });
      try {
        const adaBox = createClient(
          other,
          other.controls.issueTokens({ userId: '1' }).accessToken,
        );
        await adaBox.uploads.uploadFile(
          uploadBody('ada.html', '0', Buffer.from('a')),
        );

        expect(other.controls.files('1').map(f => f.name)).toEqual([
          'ada.html',
        ]);
        expect(other.controls.files('2')).toEqual([]);
      } finally {
        await other.close();
      }
    });
  });

  describe('faults', () => {
    it('answers queued faults with Box error bodies and headers', async () => {
      const tokens = fake.controls.issueTokens({ clientId: client.clientId });
      fake.controls.failNext('users.me', { status: 429, retryAfterSeconds: 7 });
      fake.controls.failNext('users.me', { status: 503 });

      const throttled = await failureOf(
        createClient(fake, tokens.accessToken).users.getUserMe(),
      );
      const unavailable = await failureOf(
        createClient(fake, tokens.accessToken).users.getUserMe(),
      );
      const user = await createClient(
        fake,
        tokens.accessToken,
      ).users.getUserMe();

      expect(throttled.responseInfo.statusCode).toBe(429);
      expect(throttled.responseInfo.headers['retry-after']).toBe('7');
      expect(throttled.responseInfo.body).toMatchObject({
        code: 'rate_limit_exceeded',
      });
      expect(unavailable.responseInfo.statusCode).toBe(503);
      expect(user.id).toBe('20000001');
      expect(fake.controls.requestCount('users.me')).toBe(3);
    });
  });
});
