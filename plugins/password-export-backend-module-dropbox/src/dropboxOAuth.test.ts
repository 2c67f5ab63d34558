import http from 'node:http';
import { AddressInfo } from 'node:net';
import { clearProxyEnvironment } from './__testUtils__/dropboxTestSetup';
import { createDropboxTransport } from './createDropboxTransport';
import {
  readAuthorizationCode,
  readCodeVerifier,
  refreshAccessToken,
  toExpiresAt,
} from './dropboxOAuth';

describe('refreshAccessToken', () => {
  let restoreEnvironment: () => void;

  beforeAll(() => {
    restoreEnvironment = clearProxyEnvironment();
  });

  afterAll(() => restoreEnvironment());

  /** Starts a token endpoint that returns a fixed body and records the form parameters. */
  async function startTokenEndpoint(body: object) {
    const forms: URLSearchParams[] = [];
    const server = http.createServer((request, response) => {
      let text = '';
      request.on('data', chunk => {
        text += chunk;
      });
      request.on('end', () => {
        forms.push(new URLSearchParams(text));
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify(body));
      });
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return {
      url: `http://127.0.0.1:${port}`,
      forms,
      stop: () => new Promise<void>(resolve => server.close(() => resolve())),
    };
  }

  it('returns a rotated refresh token when Dropbox sends one', async () => {
    const endpoint = await startTokenEndpoint({
      access_token: 'sl.new',
      refresh_token: 'rotated',
      expires_in: 60,
    });
    const transport = createDropboxTransport({
      serviceUrl: endpoint.url,
      timeoutMs: 2000,
      signal: new AbortController().signal,
    });

    try {
      const result = await refreshAccessToken({
        appKey: 'key1',
        refreshToken: 'old+/=',
        appSecret: 'sec&ret',
        fetch: transport.fetch,
      });

      expect(result.accessToken).toBe('sl.new');
      expect(result.refreshToken).toBe('rotated');
      expect(result.expiresAt!.getTime() - Date.now()).toBeGreaterThan(55_000);
      expect(endpoint.forms[0].get('refresh_token')).toBe('old+/=');
      expect(endpoint.forms[0].get('client_secret')).toBe('sec&ret');
      expect(endpoint.forms[0].get('client_id')).toBe('key1');
    } finally {
      transport.close();
      await endpoint.stop();
    }
  });

  it('returns no refresh token when Dropbox sends none', async () => {
    const endpoint = await startTokenEndpoint({
      access_token: 'sl.new',
      expires_in: 14_400,
    });
    const transport = createDropboxTransport({
      serviceUrl: endpoint.url,
      timeoutMs: 2000,
      signal: new AbortController().signal,
    });

    try {
      const result = await refreshAccessToken({
        appKey: 'key1',
        refreshToken: 'old',
        fetch: transport.fetch,
      });

      expect(result.refreshToken).toBeUndefined();
      expect(endpoint.forms[0].has('client_secret')).toBe(false);
    } finally {
      transport.close();
      await endpoint.stop();
    }
  });
});

describe('readAuthorizationCode', () => {
  it('trims the pasted code', () => {
    expect(
      readAuthorizationCode('  6gaakIvFUCAAAAAAAAAqLtoVJVW-49iVpH_1\n'),
    ).toBe('6gaakIvFUCAAAAAAAAAqLtoVJVW-49iVpH_1');
  });

  it.each([
    [undefined],
    [''],
    ['short'],
    ['has space inside'],
    ['a&b=c1234567'],
  ])('rejects %j for field code', value => {
    expect(() => readAuthorizationCode(value)).toThrow(
      expect.objectContaining({ kind: 'invalid-input', field: 'code' }),
    );
  });

  it('describes a malformed code without quoting it', () => {
    const code = 'almost-a-code but with spaces';

    expect(() => readAuthorizationCode(code)).toThrow(
      /^(?!.*almost-a-code).*\(29 characters\) is not in the format Dropbox shows/,
    );
  });
});

describe('readCodeVerifier', () => {
  it('accepts RFC 7636 verifiers', () => {
    const verifier = 'a'.repeat(43);
    expect(readCodeVerifier(verifier)).toBe(verifier);
  });

  it.each([
    [undefined],
    ['a'.repeat(42)],
    ['a'.repeat(129)],
    [`${'a'.repeat(43)}/`],
  ])('rejects %j', value => {
    expect(() => readCodeVerifier(value)).toThrow(
      /Start connecting Dropbox again/,
    );
  });
});

describe('toExpiresAt', () => {
  it('converts seconds from now', () => {
    const expiresAt = toExpiresAt(10)!;
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan(9000);
    expect(expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(10_000);
  });

  it('is absent without a lifetime', () => {
    expect(toExpiresAt(undefined)).toBeUndefined();
  });
});
