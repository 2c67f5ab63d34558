import { FakeBox, startFakeBox } from '@internal/local-cloud-servers';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { resolveBoxEndpoints } from './boxEndpoints';
import { BoxStorageProvider } from './BoxStorageProvider';
import { createBoxSession } from './createBoxSession';
import { loadBoxSdk } from './loadBoxSdk';
import {
  createTestContext,
  failureOf,
} from '@internal/backstage-plugin-password-export-node/testUtils';
import { setProxyEnvironment } from './__testUtils__/proxyEnvironment';
import { startRelayProxy } from './__testUtils__/startRelayProxy';

describe('createBoxSession', () => {
  let fake: FakeBox;
  let proxy: Awaited<ReturnType<typeof startRelayProxy>>;
  let restoreProxy: () => void;

  beforeEach(async () => {
    fake = await startFakeBox();
    proxy = await startRelayProxy();
    restoreProxy = setProxyEnvironment({});
  });

  afterEach(async () => {
    restoreProxy();
    await proxy.stop();
    await fake.close();
  });

  it('sends requests directly without a proxy', async () => {
    const session = createBoxSession(
      loadBoxSdk(),
      resolveBoxEndpoints(fake.url),
    );
    const { accessToken } = fake.controls.issueTokens();

    const user = await session.api(accessToken).users.getUserMe();
    session.close();

    expect(user.id).toBe(fake.users[0].id);
    expect(proxy.relayed).toEqual([]);
  });

  it('sends requests through the proxy from the environment', async () => {
    setProxyEnvironment({ HTTP_PROXY: proxy.url });
    const session = createBoxSession(
      loadBoxSdk(),
      resolveBoxEndpoints(fake.url),
    );
    const { accessToken } = fake.controls.issueTokens();

    await session.api(accessToken).users.getUserMe();
    session.close();

    expect(proxy.relayed).toEqual([
      { method: 'GET', target: `${fake.url}/2.0/users/me` },
    ]);
  });

  it('honours NO_PROXY, unlike the SDK default agent', async () => {
    setProxyEnvironment({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    const session = createBoxSession(
      loadBoxSdk(),
      resolveBoxEndpoints(fake.url),
    );
    const { accessToken } = fake.controls.issueTokens();

    await session.api(accessToken).users.getUserMe();
    session.close();

    expect(proxy.relayed).toEqual([]);
  });

  it('tunnels uploads to Box through the proxy', async () => {
    // The relay refuses hosts other than 127.0.0.1, so nothing leaves the
    // machine; the test checks which tunnel the provider requests.
    setProxyEnvironment({ HTTPS_PROXY: proxy.url });
    const provider = new BoxStorageProvider({ retry: { maxAttempts: 1 } });
    const { context } = createTestContext({
      settings: { clientId: 'client-id', clientSecret: 'client-secret' },
    });

    const error = await failureOf<CloudStorageError>(
      provider.upload({
        ...context,
        credentials: { accessToken: 'a', refreshToken: 'r', userId: '1' },
        file: {
          name: 'proxied.html',
          content: Buffer.from('x'),
          sha256: 'unused',
          contentType: 'text/html; charset=utf-8',
          metadata: {},
        },
      }),
    );

    expect(proxy.relayed).toEqual([
      { method: 'CONNECT', target: 'api.box.com:443' },
    ]);
    expect(error.kind).toBe('access-denied');
    expect(error.message).toContain('without a Box error body');
  });
});
