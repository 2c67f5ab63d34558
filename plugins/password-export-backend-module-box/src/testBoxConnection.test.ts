import { FakeBox, startFakeBox } from '@internal/local-cloud-servers';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { resolveBoxEndpoints } from './boxEndpoints';
import { testBoxConnection } from './testBoxConnection';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';
import { setProxyEnvironment } from './__testUtils__/proxyEnvironment';
import { startRelayProxy } from './__testUtils__/startRelayProxy';

describe('testBoxConnection', () => {
  let fake: FakeBox;
  let restoreProxy: () => void;

  beforeEach(async () => {
    fake = await startFakeBox();
    restoreProxy = setProxyEnvironment({});
  });

  afterEach(async () => {
    restoreProxy();
    await fake.close();
  });

  it('reports a reachable local server', async () => {
    const { context } = createTestContext();

    const result = await testBoxConnection(
      { ...context, input: {} },
      resolveBoxEndpoints(fake.url),
    );

    expect(result).toMatchObject({ ok: true, proxy: undefined });
    expect(result.message).toContain(
      `Reached the local Box server at ${fake.url}: the API at ` +
        `${fake.url}/2.0/users/me (HTTP 401) directly`,
    );
    expect(fake.controls.requestCount('users.me')).toBe(1);
  });

  it('reports a closed port as a failure', async () => {
    const server = http.createServer();
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise(resolve => server.close(resolve));
    const { context, logLines } = createTestContext();

    const result = await testBoxConnection(
      { ...context, input: {} },
      resolveBoxEndpoints(`http://127.0.0.1:${port}`),
    );

    expect(result.ok).toBe(false);
    expect(result.message).toContain('ECONNREFUSED');
    expect(result.message).toContain('directly');
    expect(logLines.join('\n')).toContain('Box connection test failed');
  });

  it('reports a timeout', async () => {
    fake.controls.failNext('users.me', { status: 0, hang: true });
    const { context } = createTestContext({ timeoutMs: 200 });

    const result = await testBoxConnection(
      { ...context, input: {} },
      resolveBoxEndpoints(fake.url),
    );

    expect(result.ok).toBe(false);
    expect(result.message).toContain('ETIMEDOUT');
  });

  it('reports an invalid folder name setting', async () => {
    const { context } = createTestContext({ settings: { folderName: '..' } });

    const result = await testBoxConnection(
      { ...context, input: {} },
      resolveBoxEndpoints(fake.url),
    );

    expect(result.ok).toBe(false);
    expect(result.message).toContain('Reached the local Box server');
    expect(result.message).toContain('Box folder name ".." is invalid');
  });

  describe('through a proxy', () => {
    let proxy: Awaited<ReturnType<typeof startRelayProxy>>;

    beforeEach(async () => {
      proxy = await startRelayProxy();
      setProxyEnvironment({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    });

    afterEach(async () => {
      await proxy.stop();
    });

    it('reaches the local server through the proxy', async () => {
      const { context } = createTestContext();

      const result = await testBoxConnection(
        { ...context, input: {} },
        resolveBoxEndpoints(fake.url),
      );

      expect(result).toMatchObject({ ok: true, proxy: proxy.url });
      expect(result.message).toContain(`through the proxy ${proxy.url}`);
      expect(proxy.relayed).toEqual([
        { method: 'GET', target: `${fake.url}/2.0/users/me` },
      ]);
    });

    it('tunnels to the Box hosts, and reports the refusal', async () => {
      // The relay refuses every host but 127.0.0.1, so nothing leaves the
      // machine: this checks which tunnels the portal requests.
      const { context } = createTestContext();

      const result = await testBoxConnection(
        { ...context, input: {} },
        resolveBoxEndpoints(),
      );

      expect(result).toMatchObject({ ok: false, proxy: proxy.url });
      expect(result.message).toContain(
        `Could not reach the Box API at https://api.box.com/2.0/users/me ` +
          `through the proxy ${proxy.url}: The proxy rejected the tunnel ` +
          'to api.box.com with HTTP 403.',
      );
      expect(result.message).toContain('Check that the proxy allows');
      expect(proxy.relayed).toEqual([
        { method: 'CONNECT', target: 'api.box.com:443' },
        { method: 'CONNECT', target: 'upload.box.com:443' },
      ]);
    });

    it('skips the proxy for hosts in NO_PROXY', async () => {
      setProxyEnvironment({
        HTTP_PROXY: proxy.url,
        NO_PROXY: '127.0.0.1',
      });
      const { context } = createTestContext();

      const result = await testBoxConnection(
        { ...context, input: {} },
        resolveBoxEndpoints(fake.url),
      );

      expect(result).toMatchObject({ ok: true, proxy: undefined });
      expect(proxy.relayed).toEqual([]);
    });
  });
});
