import http from 'node:http';
import { AddressInfo } from 'node:net';
import { clearProxyEnvironment } from './__testUtils__/dropboxTestSetup';
import { createDropboxTransport } from './createDropboxTransport';

async function startServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stop() {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

describe('createDropboxTransport', () => {
  let restoreEnvironment: () => void;
  const signal = new AbortController().signal;

  beforeAll(() => {
    restoreEnvironment = clearProxyEnvironment();
  });

  afterAll(() => restoreEnvironment());

  afterEach(() => {
    delete process.env.HTTPS_PROXY;
  });

  it('sends every Dropbox host to the local server', async () => {
    const received: string[] = [];
    const server = await startServer((request, response) => {
      received.push(`${request.method} ${request.url}`);
      response.end('{}');
    });
    const transport = createDropboxTransport({
      serviceUrl: server.url,
      timeoutMs: 2000,
      signal,
    });

    try {
      for (const url of [
        'https://api.dropboxapi.com/2/users/get_current_account?x=1',
        'https://content.dropboxapi.com/2/files/upload',
        'https://notify.dropboxapi.com/2/files/list_folder/longpoll',
        'https://www.dropbox.com/oauth2/authorize?a=1',
        'https://dropbox.com/oauth2/authorize?b=2',
      ]) {
        const response = await transport.fetch(url, { method: 'POST' });
        expect(response.status).toBe(200);
      }
    } finally {
      transport.close();
      await server.stop();
    }

    expect(received).toEqual([
      'POST /2/users/get_current_account?x=1',
      'POST /2/files/upload',
      'POST /2/files/list_folder/longpoll',
      'POST /oauth2/authorize?a=1',
      'POST /oauth2/authorize?b=2',
    ]);
  });

  it('moves token parameters into a form body', async () => {
    const received: Array<{ url?: string; type?: string; body: string }> = [];
    const server = await startServer((request, response) => {
      let body = '';
      request.on('data', chunk => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({
          url: request.url,
          type: request.headers['content-type'],
          body,
        });
        response.end('{}');
      });
    });
    const transport = createDropboxTransport({
      serviceUrl: server.url,
      timeoutMs: 2000,
      signal,
    });

    try {
      await transport.fetch(
        'https://api.dropboxapi.com/oauth2/token?grant_type=refresh_token&refresh_token=a%2Bb%26c&client_id=key1',
        { method: 'POST', headers: { 'Content-Type': 'application/json' } },
      );
    } finally {
      transport.close();
      await server.stop();
    }

    expect(received).toHaveLength(1);
    expect(received[0].url).toBe('/oauth2/token');
    expect(received[0].type).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(received[0].body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'a+b&c',
      client_id: 'key1',
    });
  });

  it('refuses hosts that are not Dropbox', async () => {
    const transport = createDropboxTransport({ timeoutMs: 2000, signal });

    await expect(
      transport.fetch('https://attacker.example/oauth2/token?code=x'),
    ).rejects.toThrow(/not a Dropbox host/);
    expect(() => transport.resolveUrl('http://api.dropboxapi.com/')).toThrow(
      /not a Dropbox host/,
    );
  });

  it('keeps Dropbox URLs without a local server', () => {
    const transport = createDropboxTransport({ timeoutMs: 2000, signal });

    expect(transport.resolveUrl('https://api.dropboxapi.com/2/x?y=1')).toBe(
      'https://api.dropboxapi.com/2/x?y=1',
    );
  });

  it('chooses the proxy from HTTPS_PROXY for Dropbox', () => {
    process.env.HTTPS_PROXY = 'http://user:pw@proxy.example.com:3128';
    const transport = createDropboxTransport({ timeoutMs: 2000, signal });

    try {
      expect(transport.proxyFor('https://api.dropboxapi.com/')).toBe(
        'http://proxy.example.com:3128',
      );
    } finally {
      transport.close();
    }
  });

  it('names no query string in network errors', async () => {
    const server = await startServer(() => {});
    const url = server.url;
    await server.stop();
    const transport = createDropboxTransport({
      serviceUrl: url,
      timeoutMs: 2000,
      signal,
    });

    const error = await transport
      .fetch(
        'https://api.dropboxapi.com/oauth2/token?code=SECRETCODE&code_verifier=SECRETVERIFIER',
      )
      .catch((e: Error) => e);

    expect(error).toMatchObject({
      name: 'FetchError',
      code: 'ECONNREFUSED',
      origin: url,
      message: `The request to ${url}/oauth2/token failed (ECONNREFUSED)`,
    });
    expect(JSON.stringify(error)).not.toContain('SECRET');
  });

  it('abandons a request after the timeout', async () => {
    const server = await startServer(() => {
      // Never answers.
    });
    const transport = createDropboxTransport({
      serviceUrl: server.url,
      timeoutMs: 100,
      signal,
    });

    try {
      await expect(
        transport.fetch(
          'https://api.dropboxapi.com/2/users/get_current_account',
        ),
      ).rejects.toMatchObject({ name: 'TimeoutError', code: 'ETIMEDOUT' });
    } finally {
      transport.close();
      await server.stop();
    }
  });

  it('stops when the caller aborts', async () => {
    const server = await startServer(() => {
      // Never answers.
    });
    const controller = new AbortController();
    const transport = createDropboxTransport({
      serviceUrl: server.url,
      timeoutMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);

    try {
      await expect(
        transport.fetch(
          'https://api.dropboxapi.com/2/users/get_current_account',
        ),
      ).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      transport.close();
      await server.stop();
    }
  });
});
