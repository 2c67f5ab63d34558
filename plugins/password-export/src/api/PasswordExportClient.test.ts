import { ResponseError } from '@backstage/errors';
import { mockApis, registerMswTestHooks } from '@backstage/frontend-test-utils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { PasswordExportClient } from './PasswordExportClient';

const baseUrl = 'http://backstage.test/api/password-export';

const account = {
  id: 'a/1',
  entityRef: 'resource:default/orders-db',
  name: 'Admin',
  username: 'root',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

interface RecordedRequest {
  method: string;
  url: string;
  contentType: string | null;
  body: unknown;
}

describe('PasswordExportClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const requests: RecordedRequest[] = [];

  // Responds to every request with the given response and records what the
  // client sent, so each test can compare the exact URL, method and body.
  function respondWith(response: () => Response) {
    server.use(
      http.all('*', async ({ request }) => {
        const text = await request.text();
        requests.push({
          method: request.method,
          url: request.url,
          contentType: request.headers.get('content-type'),
          body: text ? JSON.parse(text) : undefined,
        });
        return response();
      }),
    );
  }

  function createClient() {
    return new PasswordExportClient({
      discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
      fetchApi: mockApis.fetch(),
    });
  }

  beforeEach(() => {
    requests.length = 0;
  });

  it('lists accounts with URL-encoded entity ref parts', async () => {
    respondWith(() => HttpResponse.json({ items: [account] }));

    const accounts = await createClient().listAccounts('Resource:my ns/db#1?x');

    expect(accounts).toEqual([account]);
    expect(requests).toEqual([
      {
        method: 'GET',
        url: `${baseUrl}/entities/resource/my%20ns/db%231%3Fx/accounts`,
        contentType: null,
        body: undefined,
      },
    ]);
  });

  it('creates an account with a JSON body', async () => {
    respondWith(() => HttpResponse.json(account, { status: 201 }));
    const input = { name: 'Admin', username: 'root', password: 'pw' };

    const created = await createClient().createAccount(
      'resource:default/orders-db',
      input,
    );

    expect(created).toEqual(account);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${baseUrl}/entities/resource/default/orders-db/accounts`,
        contentType: 'application/json',
        body: input,
      },
    ]);
  });

  it('updates an account with an encoded id', async () => {
    respondWith(() => HttpResponse.json(account));
    const input = { name: 'Admin', username: 'root' };

    await createClient().updateAccount(
      'resource:default/orders-db',
      'a/1',
      input,
    );

    expect(requests).toEqual([
      {
        method: 'PUT',
        url: `${baseUrl}/entities/resource/default/orders-db/accounts/a%2F1`,
        contentType: 'application/json',
        body: input,
      },
    ]);
  });

  it('deletes an account', async () => {
    respondWith(() => new HttpResponse(null, { status: 204 }));

    await expect(
      createClient().deleteAccount('resource:default/orders-db', 'a/1'),
    ).resolves.toBeUndefined();

    expect(requests).toEqual([
      {
        method: 'DELETE',
        url: `${baseUrl}/entities/resource/default/orders-db/accounts/a%2F1`,
        contentType: null,
        body: undefined,
      },
    ]);
  });

  it('reveals a password', async () => {
    respondWith(() => HttpResponse.json({ password: 's3cr3t "pw"' }));

    const password = await createClient().revealPassword(
      'resource:default/orders-db',
      'a/1',
    );

    expect(password).toBe('s3cr3t "pw"');
    expect(requests[0].method).toBe('GET');
    expect(requests[0].url).toBe(
      `${baseUrl}/entities/resource/default/orders-db/accounts/a%2F1/password`,
    );
  });

  it('fetches export options', async () => {
    const options = {
      passphraseMinLength: 14,
      formats: ['encrypted-html', 'csv', 'xlsx'],
    };
    respondWith(() => HttpResponse.json(options));

    await expect(createClient().getExportOptions()).resolves.toEqual(options);
    expect(requests[0].method).toBe('GET');
    expect(requests[0].url).toBe(`${baseUrl}/export-options`);
  });

  it('sends a preflight request and returns the decision', async () => {
    const decision = {
      allowed: true,
      reason: { required: true, minLength: 10 },
    };
    respondWith(() => HttpResponse.json(decision));
    const request = {
      entityRefs: ['resource:default/orders-db'],
      format: 'csv' as const,
      destination: 'download',
    };

    await expect(createClient().preflightExport(request)).resolves.toEqual(
      decision,
    );
    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${baseUrl}/exports/preflight`,
        contentType: 'application/json',
        body: request,
      },
    ]);
  });

  it('aborts a preflight request on signal', async () => {
    respondWith(() => HttpResponse.json({}));
    const controller = new AbortController();
    controller.abort();

    await expect(
      createClient().preflightExport(
        { entityRefs: ['resource:default/orders-db'], format: 'csv' },
        { signal: controller.signal },
      ),
    ).rejects.toThrow(/abort/i);
  });

  it('exports passwords and reads the file metadata', async () => {
    respondWith(
      () =>
        new HttpResponse('<html>file</html>', {
          headers: {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Disposition':
              'attachment; filename="fallback.html"; ' +
              "filename*=UTF-8''orders%E2%80%94db.html",
            'X-Export-Id': 'export-1',
            'X-Export-Sha256': 'ab'.repeat(32),
          },
        }),
    );
    const request = {
      entityRefs: ['resource:default/orders-db'],
      format: 'encrypted-html' as const,
      passphrase: 'correct horse battery staple',
    };

    const file = await createClient().exportPasswords(request);

    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${baseUrl}/exports`,
        contentType: 'application/json',
        body: request,
      },
    ]);
    expect(file.fileName).toBe('orders—db.html');
    expect(file.exportId).toBe('export-1');
    expect(file.sha256).toBe('ab'.repeat(32));
    expect(await file.blob.text()).toBe('<html>file</html>');
  });

  it('names an export without Content-Disposition by its format', async () => {
    respondWith(() => new HttpResponse('a,b'));

    const file = await createClient().exportPasswords({
      entityRefs: ['resource:default/orders-db'],
      format: 'csv',
    });

    expect(file.fileName).toBe('password-export.csv');
    expect(file.exportId).toBeUndefined();
    expect(file.sha256).toBeUndefined();
  });

  it('exports to a provider and reads the JSON result', async () => {
    const result = {
      exportId: 'export-7',
      fileName: 'orders-db-passwords.html',
      sha256: 'cd'.repeat(32),
      location: 's3://team-exports/password-exports/orders-db-passwords.html',
      providerId: 's3',
    };
    respondWith(() => HttpResponse.json(result));
    const request = {
      entityRefs: ['resource:default/orders-db'],
      format: 'encrypted-html' as const,
      passphrase: 'correct horse battery staple',
      destination: 's3',
    };

    await expect(createClient().exportToProvider(request)).resolves.toEqual(
      result,
    );
    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${baseUrl}/exports`,
        contentType: 'application/json',
        body: request,
      },
    ]);
  });

  it('lists providers', async () => {
    const provider = {
      id: 's3',
      title: 'Amazon S3',
      connectionMethod: 'credentials-form',
      enabled: true,
      connectionFields: [],
    };
    respondWith(() => HttpResponse.json({ items: [provider] }));

    await expect(createClient().listProviders()).resolves.toEqual([provider]);
    expect(requests).toEqual([
      {
        method: 'GET',
        url: `${baseUrl}/providers`,
        contentType: null,
        body: undefined,
      },
    ]);
  });

  it('updates provider settings with an encoded id', async () => {
    respondWith(() =>
      HttpResponse.json({ id: 'my/s3', title: 'S3', enabled: false }),
    );
    const update = {
      enabled: false,
      values: { prefix: 'exports/', clientSecret: null },
    };

    await createClient().updateProviderSettings('my/s3', update);

    expect(requests).toEqual([
      {
        method: 'PUT',
        url: `${baseUrl}/providers/my%2Fs3/settings`,
        contentType: 'application/json',
        body: update,
      },
    ]);
  });

  it('tests a provider connection with and without input', async () => {
    const result = { ok: true, message: 'Reached S3', durationMs: 42 };
    respondWith(() => HttpResponse.json(result));

    await expect(createClient().testProviderConnection('s3')).resolves.toEqual(
      result,
    );
    await createClient().testProviderConnection('s3', { region: 'eu-west-1' });

    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${baseUrl}/providers/s3/test`,
        contentType: 'application/json',
        body: {},
      },
      {
        method: 'POST',
        url: `${baseUrl}/providers/s3/test`,
        contentType: 'application/json',
        body: { input: { region: 'eu-west-1' } },
      },
    ]);
  });

  it('connects a provider', async () => {
    const connection = {
      accountLabel: 'bucket team-exports (eu-west-1)',
      status: 'connected',
    };
    respondWith(() => HttpResponse.json(connection));
    const input = { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' };

    await expect(createClient().connectProvider('s3', input)).resolves.toEqual(
      connection,
    );
    expect(requests).toEqual([
      {
        method: 'PUT',
        url: `${baseUrl}/providers/s3/connection`,
        contentType: 'application/json',
        body: { input },
      },
    ]);
  });

  it('disconnects a provider', async () => {
    respondWith(() => new HttpResponse(null, { status: 204 }));

    await expect(
      createClient().disconnectProvider('s3'),
    ).resolves.toBeUndefined();
    expect(requests).toEqual([
      {
        method: 'DELETE',
        url: `${baseUrl}/providers/s3/connection`,
        contentType: null,
        body: undefined,
      },
    ]);
  });

  it('disconnects with or without deleting copies', async () => {
    respondWith(() => new HttpResponse(null, { status: 204 }));

    await createClient().disconnectProvider('my/box', { deleteCopies: true });
    await createClient().disconnectProvider('my/box', { deleteCopies: false });

    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `DELETE ${baseUrl}/providers/my%2Fbox/connection?deleteCopies=true`,
      `DELETE ${baseUrl}/providers/my%2Fbox/connection?deleteCopies=false`,
    ]);
  });

  it('starts an authorization with an encoded id', async () => {
    const start = {
      authorizationUrl: 'https://www.dropbox.com/oauth2/authorize?state=s1',
      state: 's1',
      expiresAt: '2026-03-02T09:25:00.000Z',
    };
    respondWith(() => HttpResponse.json(start, { status: 201 }));

    await expect(
      createClient().startAuthorization('drop box/1'),
    ).resolves.toEqual(start);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: `${baseUrl}/providers/drop%20box%2F1/authorizations`,
        contentType: null,
        body: undefined,
      },
    ]);
  });

  it('connects with an authorization code and state', async () => {
    const connection = {
      accountLabel: 'jane@example.com',
      status: 'connected',
    };
    respondWith(() => HttpResponse.json(connection));
    const request = { input: { code: 'pasted-code-1' }, state: 's1' };

    await expect(
      createClient().connectWithAuthorizationCode('dropbox', request),
    ).resolves.toEqual(connection);
    expect(requests).toEqual([
      {
        method: 'PUT',
        url: `${baseUrl}/providers/dropbox/connection`,
        contentType: 'application/json',
        body: request,
      },
    ]);
  });

  it('maps an expired authorization to a ResponseError', async () => {
    respondWith(() =>
      HttpResponse.json(
        {
          error: {
            name: 'InputError',
            message: 'The authorization expired; authorize again',
          },
          response: { statusCode: 400 },
        },
        { status: 400 },
      ),
    );

    await expect(
      createClient().connectWithAuthorizationCode('dropbox', {
        input: { code: 'late-code' },
        state: 'old-state',
      }),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 400,
      cause: { message: 'The authorization expired; authorize again' },
    });
  });

  it('lists synced copies', async () => {
    const copy = {
      id: 'copy-1',
      providerId: 'dropbox',
      providerTitle: 'Dropbox',
      entityRefs: ['resource:default/orders-db'],
      fileName: 'orders-db-passwords.html',
      location: '/Apps/Portal/orders-db-passwords.html',
      keepUpToDate: true,
      status: 'current',
      createdAt: '2026-03-01T08:00:00.000Z',
    };
    respondWith(() => HttpResponse.json({ items: [copy] }));

    await expect(createClient().listSyncedCopies()).resolves.toEqual([copy]);
    expect(requests).toEqual([
      {
        method: 'GET',
        url: `${baseUrl}/synced-copies`,
        contentType: null,
        body: undefined,
      },
    ]);
  });

  it('acts on a synced copy with an encoded id', async () => {
    respondWith(() => new HttpResponse(null, { status: 204 }));
    const client = createClient();

    await expect(client.stopSyncingCopy('copy/1?x')).resolves.toBeUndefined();
    await expect(client.deleteSyncedCopy('copy/1?x')).resolves.toBeUndefined();
    await expect(
      client.deleteSyncedCopy('copy/1?x', { keepRemoteFile: true }),
    ).resolves.toBeUndefined();

    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `POST ${baseUrl}/synced-copies/copy%2F1%3Fx/stop`,
      `DELETE ${baseUrl}/synced-copies/copy%2F1%3Fx`,
      `DELETE ${baseUrl}/synced-copies/copy%2F1%3Fx?keepRemoteFile=true`,
    ]);
  });

  it.each([
    [200, true],
    [202, false],
  ])('returns the copy of a sync with status %p', async (status, finished) => {
    const copy = { id: 'copy-1', status: 'failed', lastError: 'Reconnect' };
    respondWith(() => HttpResponse.json(copy, { status }));

    await expect(createClient().syncCopyNow('copy/1?x')).resolves.toEqual({
      copy,
      finished,
    });
    expect(requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `POST ${baseUrl}/synced-copies/copy%2F1%3Fx/sync`,
    ]);
  });

  it('maps a failed synced copy action to a ResponseError', async () => {
    respondWith(() =>
      HttpResponse.json(
        {
          error: { name: 'NotFoundError', message: 'Synced copy not found' },
          response: { statusCode: 404 },
        },
        { status: 404 },
      ),
    );

    await expect(createClient().syncCopyNow('gone')).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { message: 'Synced copy not found' },
    });
  });

  it('lists history with encoded filters and paging', async () => {
    const page = { items: [], totalCount: 0 };
    respondWith(() => HttpResponse.json(page));

    await expect(
      createClient().listHistory({
        user: 'user:default/jane doe',
        entityRef: 'resource:default/orders-db',
        destination: 's3',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-01-31T23:59:59.999Z',
        offset: 20,
        limit: 10,
      }),
    ).resolves.toEqual(page);
    await createClient().listHistory({ user: '', offset: 0 });
    await createClient().listHistory();

    expect(requests.map(r => r.url)).toEqual([
      `${baseUrl}/history?user=user%3Adefault%2Fjane+doe` +
        '&entityRef=resource%3Adefault%2Forders-db&destination=s3' +
        '&from=2026-01-01T00%3A00%3A00.000Z&to=2026-01-31T23%3A59%3A59.999Z' +
        '&offset=20&limit=10',
      `${baseUrl}/history?offset=0`,
      `${baseUrl}/history`,
    ]);
    expect(requests.every(r => r.method === 'GET')).toBe(true);
  });

  it('maps an error response to a ResponseError', async () => {
    respondWith(() =>
      HttpResponse.json(
        {
          error: { name: 'InputError', message: 'A reason is required' },
          response: { statusCode: 400 },
        },
        { status: 400, statusText: 'Bad Request' },
      ),
    );

    const result = createClient().exportPasswords({
      entityRefs: ['resource:default/orders-db'],
      format: 'csv',
    });

    await expect(result).rejects.toBeInstanceOf(ResponseError);
    await expect(result).rejects.toMatchObject({
      statusCode: 400,
      cause: { name: 'InputError', message: 'A reason is required' },
    });
  });

  it('maps a not-found response when listing accounts', async () => {
    respondWith(() =>
      HttpResponse.json(
        {
          error: { name: 'NotFoundError', message: 'Entity not found' },
          response: { statusCode: 404 },
        },
        { status: 404 },
      ),
    );

    await expect(
      createClient().listAccounts('resource:default/missing'),
    ).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 404,
      cause: { message: 'Entity not found' },
    });
  });

  it('rejects an invalid entity ref before any request', async () => {
    respondWith(() => HttpResponse.json({ items: [] }));

    await expect(createClient().listAccounts('')).rejects.toThrow();
    expect(requests).toEqual([]);
  });
});
