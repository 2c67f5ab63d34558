import {
  TestDatabaseId,
  TestDatabases,
  mockServices,
} from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { FakeOAuthProvider } from '../__testUtils__/FakeOAuthProvider';
import { DatabaseProviderConnectionStore } from '../database/DatabaseProviderConnectionStore';
import { MIGRATIONS_DIRECTORY } from '../database/migrateDatabase';
import { SecretBox } from '../encryption/SecretBox';
import { DatabaseOAuthStateStore } from '../database/DatabaseOAuthStateStore';
import { DatabaseProviderSettingsStore } from '../database/DatabaseProviderSettingsStore';
import { CloudStorageService } from './CloudStorageService';
import { CredentialRefresher } from './CredentialRefresher';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';

describe('CredentialRefresher', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function setUp(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const secretBox = SecretBox.create([{ id: 'k', secret: randomBytes(32) }]);
    const provider = new FakeOAuthProvider('box', 'Box', 'oauth-redirect');
    provider.lastAuthorization.redirectUri = 'http://127.0.0.1/callback';
    const connection = await provider.connect({
      input: { code: provider.grantCode() },
      oauth: { redirectUri: 'http://127.0.0.1/callback' },
      settings: {},
      logger: mockServices.logger.mock(),
      signal: new AbortController().signal,
      timeoutMs: 1000,
    });

    // Two stores on one database stand for two backend replicas.
    const replicas = [0, 1].map(() =>
      DatabaseProviderConnectionStore.create({ client: knex, secretBox }),
    );
    await replicas[0].saveConnection(ALICE, 'box', connection);
    const context = {
      settings: {},
      logger: mockServices.logger.mock(),
      signal: new AbortController().signal,
      timeoutMs: 1000,
    };
    return { knex, provider, replicas, context };
  }

  it.each(databases.eachSupportedId())(
    'refreshes once for many concurrent callers across replicas on %p',
    async databaseId => {
      const { provider, replicas, context } = await setUp(databaseId);
      provider.refreshDelayMs = 200;
      const refreshers = replicas.map(
        store =>
          new CredentialRefresher({
            connectionStore: store,
            pollIntervalMs: 20,
          }),
      );
      const stale = (await replicas[0].getConnection(ALICE, 'box'))!;
      provider.expireAccessTokens();

      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          refreshers[i % 2].refresh(provider, ALICE, stale, context),
        ),
      );

      expect(provider.refreshCalls).toBe(1);
      const tokens = new Set(results.map(r => r.credentials.accessToken));
      expect(tokens.size).toBe(1);
      expect(provider.validAccessTokens.has([...tokens][0] as string)).toBe(
        true,
      );
      expect(results.every(r => r.credentialsVersion === 2)).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'marks the connection for reconnection when the refresh token is rejected on %p',
    async databaseId => {
      const { provider, replicas, context } = await setUp(databaseId);
      const refresher = new CredentialRefresher({
        connectionStore: replicas[0],
      });
      const stale = (await replicas[0].getConnection(ALICE, 'box'))!;
      provider.validRefreshTokens.clear();

      await expect(
        refresher.refresh(provider, ALICE, stale, context),
      ).rejects.toMatchObject({ kind: 'credentials-rejected' });
      expect(await replicas[0].getConnection(ALICE, 'box')).toMatchObject({
        status: 'reconnect-needed',
        credentialsVersion: 1,
      });

      // Later callers fail at once instead of trying the dead token again.
      await expect(
        refresher.refresh(provider, ALICE, stale, context),
      ).rejects.toThrow('Reconnect Box');
      expect(provider.refreshCalls).toBe(1);
    },
  );

  it.each(databases.eachSupportedId())(
    'uses the credentials another replica stored instead of refreshing on %p',
    async databaseId => {
      const { provider, replicas, context } = await setUp(databaseId);
      const [first, second] = replicas.map(
        store => new CredentialRefresher({ connectionStore: store }),
      );
      const stale = (await replicas[0].getConnection(ALICE, 'box'))!;

      const refreshed = await first.refresh(provider, ALICE, stale, context);
      const reused = await second.refresh(provider, ALICE, stale, context);

      expect(provider.refreshCalls).toBe(1);
      expect(reused.credentials).toEqual(refreshed.credentials);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives up waiting for a lock that another replica holds on %p',
    async databaseId => {
      const { provider, replicas, context } = await setUp(databaseId);
      await replicas[1].tryLockRefresh(
        ALICE,
        'box',
        'other-replica',
        new Date(Date.now() + 60_000),
      );
      const refresher = new CredentialRefresher({
        connectionStore: replicas[0],
        waitTimeoutMs: 200,
        pollIntervalMs: 20,
      });
      const stale = (await replicas[0].getConnection(ALICE, 'box'))!;

      await expect(
        refresher.refresh(provider, ALICE, stale, context),
      ).rejects.toMatchObject({ kind: 'timed-out', retryable: true });
      expect(provider.refreshCalls).toBe(0);
      // Each wait removed its abort listener when it ended.
      expect(getEventListeners(context.signal, 'abort')).toHaveLength(0);
    },
  );

  it('counts credentials as expiring one minute before their expiry', () => {
    const refresher = new CredentialRefresher({
      connectionStore: {} as DatabaseProviderConnectionStore,
    });
    const now = Date.parse('2026-12-04T12:00:00Z');
    const connection = (expiresAt?: string) =>
      ({
        expiresAt: expiresAt ? new Date(expiresAt) : undefined,
      } as never);

    expect(refresher.isExpiring(connection(), now)).toBe(false);
    expect(refresher.isExpiring(connection('2026-12-04T12:01:01Z'), now)).toBe(
      false,
    );
    expect(refresher.isExpiring(connection('2026-12-04T12:01:00Z'), now)).toBe(
      true,
    );
  });

  it.each(databases.eachSupportedId())(
    'refreshes only idle expiring connections through the service on %p',
    async databaseId => {
      const { knex, provider, replicas } = await setUp(databaseId);
      const secretBox = SecretBox.create([
        { id: 'k', secret: randomBytes(32) },
      ]);
      const service = CloudStorageService.create({
        providers: [provider],
        presets: new Map(),
        settingsStore: DatabaseProviderSettingsStore.create({
          client: knex,
          secretBox,
        }),
        connectionStore: replicas[0],
        oauthStates: DatabaseOAuthStateStore.create({
          client: knex,
          secretBox,
        }),
        redirectUri: 'http://127.0.0.1/callback',
        logger: mockServices.logger.mock(),
      });
      const signal = new AbortController().signal;

      expect(
        await service.refreshIdleConnections(
          new Date(Date.now() - 60_000),
          signal,
        ),
      ).toBe(0);
      expect(provider.refreshCalls).toBe(0);

      await knex('provider_connections').update({
        updated_at: new Date(Date.now() - 31 * 24 * 60 * 60_000).toISOString(),
      });
      expect(
        await service.refreshIdleConnections(
          new Date(Date.now() - 60_000),
          signal,
        ),
      ).toBe(1);
      expect(provider.refreshCalls).toBe(1);
      expect(await replicas[0].getConnection(ALICE, 'box')).toMatchObject({
        credentialsVersion: 2,
        status: 'connected',
      });

      // A dead refresh token marks the connection instead of failing the task.
      await knex('provider_connections').update({
        updated_at: new Date(Date.now() - 31 * 24 * 60 * 60_000).toISOString(),
      });
      provider.validRefreshTokens.clear();
      expect(
        await service.refreshIdleConnections(
          new Date(Date.now() - 60_000),
          signal,
        ),
      ).toBe(0);
      expect(await replicas[0].getConnection(ALICE, 'box')).toMatchObject({
        status: 'reconnect-needed',
      });
    },
  );
});
