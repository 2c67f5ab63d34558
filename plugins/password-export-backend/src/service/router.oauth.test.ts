import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import request from 'supertest';
import { createFakeStorageModule } from '../__testUtils__/createFakeStorageModule';
import { FakeOAuthProvider } from '../__testUtils__/FakeOAuthProvider';
import {
  TEST_APP_ORIGIN,
  TEST_KEY,
  allowAll,
  captureConsole,
  dumpDatabase,
  startPasswordExportBackend,
} from '../__testUtils__/startPasswordExportBackend';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const BASE = '/api/password-export';

const providerConfig = {
  passwordExport: {
    encryption: { keys: [TEST_KEY] },
    kdf: { iterations: 100_000 },
    providers: {
      paste: { enabled: true, clientId: 'paste-client' },
      redirect: { enabled: true, clientId: 'redirect-client' },
    },
  },
};

/** Reads the outcome that the callback page posts to the portal window. */
function readPostedResult(html: string) {
  const match = html.match(
    /<script type="application\/json" id="oauth-result">([^<]*)<\/script>/,
  );
  return JSON.parse(match![1]);
}

describe('OAuth connection routes', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let consoleCapture: ReturnType<typeof captureConsole>;
    const backends: Array<{ server: any; stop: () => Promise<void> }> = [];
    // One instance of each provider stands for the provider's servers,
    // which both replicas talk to.
    const paste = new FakeOAuthProvider(
      'paste',
      'Paste Drive',
      'oauth-code-paste',
    );
    const redirect = new FakeOAuthProvider(
      'redirect',
      'Redirect Box',
      'oauth-redirect',
    );

    beforeAll(async () => {
      consoleCapture = captureConsole();
      knex = await databases.init(databaseId);
      for (let replica = 0; replica < 2; replica++) {
        backends.push(
          await startPasswordExportBackend({
            knex,
            policy: { current: allowAll },
            config: providerConfig,
            extraFeatures: [
              createFakeStorageModule('oauth', [paste, redirect]),
            ],
          }),
        );
      }
    });

    afterAll(async () => {
      for (const backend of backends) {
        await backend.stop();
      }
      consoleCapture.restore();
    });

    const replica = (index: number) => request(backends[index].server);
    const as = (user: string) => mockCredentials.user.header(user);

    async function startFlow(providerId: string, user = ALICE, index = 0) {
      const response = await replica(index)
        .post(`${BASE}/providers/${providerId}/authorizations`)
        .set('Authorization', as(user));
      expect(response.status).toBe(201);
      return response.body as {
        authorizationUrl: string;
        state: string;
        expiresAt: string;
      };
    }

    it('connects with a pasted code on another replica than the start', async () => {
      const flow = await startFlow('paste');
      expect(new URL(flow.authorizationUrl).searchParams.get('state')).toBe(
        flow.state,
      );
      expect(Date.parse(flow.expiresAt) - Date.now()).toBeGreaterThan(
        9 * 60_000,
      );
      const code = paste.grantCode('Ada');

      const connected = await replica(1)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code }, state: flow.state });

      expect(connected.status).toBe(200);
      expect(connected.body).toEqual({
        accountLabel: 'Paste Drive account of Ada',
        status: 'connected',
      });
      const dump = await dumpDatabase(knex);
      expect(dump).not.toContain(flow.state);
      expect(dump).not.toContain(`verifier-of-${flow.state}`);
      expect(dump).not.toMatch(/"(access|refresh)-\d+"/);
    });

    it('rejects a replayed state, a state of another user and a missing state', async () => {
      const flow = await startFlow('paste');
      const firstCode = paste.grantCode();

      const byBob = await replica(0)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(BOB))
        .send({ input: { code: firstCode }, state: flow.state });
      expect(byBob.status).toBe(403);
      expect(byBob.body.error.message).toContain('started by another user');

      const byAlice = await replica(1)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code: firstCode }, state: flow.state });
      expect(byAlice.status).toBe(200);

      const replay = await replica(0)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code: paste.grantCode() }, state: flow.state });
      expect(replay.status).toBe(400);
      expect(replay.body.error.message).toContain('already used');

      const withoutState = await replica(0)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code: paste.grantCode() } });
      expect(withoutState.status).toBe(400);
      expect(withoutState.body.error.message).toContain('state is required');
    });

    it('rejects an expired state and a code issued for another verifier', async () => {
      const expired = await startFlow('paste');
      await knex('oauth_states').update({
        expires_at: new Date(Date.now() - 1000).toISOString(),
      });
      const late = await replica(0)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code: paste.grantCode() }, state: expired.state });
      expect(late.status).toBe(400);
      expect(late.body.error.message).toContain('expired');

      // The code belongs to the second flow's verifier, the state to the first.
      const first = await startFlow('paste');
      const second = await startFlow('paste');
      const codeOfSecond = paste.grantCode();
      const mixed = await replica(1)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code: codeOfSecond }, state: first.state });
      expect(mixed.status).toBe(400);
      expect(mixed.body.error.message).toContain('code');
      expect(second.state).not.toBe(first.state);
    });

    it('completes a redirect flow at the callback without a Backstage token', async () => {
      const flow = await startFlow('redirect', BOB);
      const redirectUri = new URL(flow.authorizationUrl).searchParams.get(
        'redirect_uri',
      )!;
      expect(redirectUri).toMatch(/\/api\/password-export\/oauth\/callback$/);
      const code = redirect.grantCode('Bob');

      const callback = await replica(1).get(
        `${BASE}/oauth/callback?code=${code}&state=${encodeURIComponent(
          flow.state,
        )}`,
      );

      expect(callback.status).toBe(200);
      expect(callback.headers['content-security-policy']).toMatch(
        /^default-src 'none'; script-src 'sha256-[^']+'/,
      );
      expect(callback.headers['cache-control']).toBe('no-store');
      expect(callback.headers['referrer-policy']).toBe('no-referrer');
      expect(readPostedResult(callback.text)).toEqual({
        message: {
          type: 'password-export:oauth-result',
          providerId: 'redirect',
          ok: true,
          message: 'Connected Redirect Box: Redirect Box account of Bob',
        },
        targetOrigin: TEST_APP_ORIGIN,
      });
      const providers = await replica(0)
        .get(`${BASE}/providers`)
        .set('Authorization', as(BOB));
      expect(
        providers.body.items.find((p: { id: string }) => p.id === 'redirect')
          .connection,
      ).toMatchObject({ status: 'connected' });

      const replay = await replica(0).get(
        `${BASE}/oauth/callback?code=${redirect.grantCode()}&state=${encodeURIComponent(
          flow.state,
        )}`,
      );
      expect(replay.status).toBe(400);
      expect(readPostedResult(replay.text).message).toMatchObject({
        ok: false,
        message: expect.stringContaining('already used'),
      });
    });

    it('stores nothing when the user denies access, and escapes what the provider sent', async () => {
      const flow = await startFlow('redirect', 'user:default/carol');
      const description = '</script><img src=x onerror=alert(1)>';

      const callback = await replica(0).get(
        `${BASE}/oauth/callback?error=access_denied&error_description=${encodeURIComponent(
          description,
        )}&state=${encodeURIComponent(flow.state)}`,
      );

      expect(callback.status).toBe(400);
      expect(callback.text).not.toContain('<img');
      expect(readPostedResult(callback.text).message).toMatchObject({
        ok: false,
        providerId: 'redirect',
        message: expect.stringContaining(
          'did not grant access (access_denied: </script><img',
        ),
      });
      expect(
        await knex('provider_connections').where({
          user_entity_ref: 'user:default/carol',
        }),
      ).toEqual([]);
    });

    it('rejects unknown and missing callback states', async () => {
      const unknown = await replica(0).get(
        `${BASE}/oauth/callback?code=anything&state=forged`,
      );
      expect(unknown.status).toBe(400);
      expect(readPostedResult(unknown.text).message).toEqual({
        type: 'password-export:oauth-result',
        ok: false,
        message: expect.stringContaining('unknown to the portal'),
      });

      const missing = await replica(0).get(`${BASE}/oauth/callback?code=x`);
      expect(missing.status).toBe(400);
      expect(missing.text).toContain('start the connection again');
    });

    it('does not complete a code-paste flow at the callback', async () => {
      const flow = await startFlow('paste');
      const code = paste.grantCode('Mallory');

      const callback = await replica(0).get(
        `${BASE}/oauth/callback?code=${code}&state=${encodeURIComponent(
          flow.state,
        )}`,
      );

      expect(callback.status).toBe(400);
      expect(readPostedResult(callback.text).message.message).toContain(
        'started for another provider',
      );
      // The flow stays usable by the signed-in user who started it.
      const connected = await replica(1)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code }, state: flow.state });
      expect(connected.status).toBe(200);
    });

    it('names an invalid callback parameter and strips control characters', async () => {
      const array = await replica(0).get(
        `${BASE}/oauth/callback?state=a&state=b&code=x`,
      );
      expect(array.status).toBe(400);
      expect(readPostedResult(array.text).message.message).toContain(
        'state must be given once',
      );

      const flow = await startFlow('redirect', 'user:default/frank');
      const denied = await replica(0).get(
        `${BASE}/oauth/callback?error=access_denied%0Aforged&error_description=${'x'.repeat(
          3000,
        )}%0D%0Aforged&state=${encodeURIComponent(flow.state)}`,
      );
      expect(denied.status).toBe(400);
      const message = readPostedResult(denied.text).message.message;
      expect(message).toContain('did not grant access (access_denied forged');
      expect(message).not.toMatch(/[\r\n]/);
      expect(message.length).toBeLessThan(700);
    });

    it('keeps codes and states out of the logs', async () => {
      const flow = await startFlow('redirect', BOB);
      const code = redirect.grantCode('Bob');
      await replica(0).get(
        `${BASE}/oauth/callback?code=${code}&state=${encodeURIComponent(
          flow.state,
        )}`,
      );

      const logs = consoleCapture.text();
      expect(logs).toContain('eventId=provider-connect');
      expect(logs).not.toContain(flow.state);
      expect(logs).not.toContain(`code=${code}`);
    });

    it('rejects connect requests that do not fit the provider', async () => {
      const toRedirect = await replica(0)
        .put(`${BASE}/providers/redirect/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code: 'x' }, state: 'y' });
      expect(toRedirect.status).toBe(400);
      expect(toRedirect.body.error.message).toContain(
        'POST /providers/redirect/authorizations',
      );

      const emptyCode = await replica(0)
        .put(`${BASE}/providers/paste/connection`)
        .set('Authorization', as(ALICE))
        .send({ input: { code: '  ' }, state: 'y' });
      expect(emptyCode.status).toBe(400);
      expect(emptyCode.body.error.message).toContain('input.code');
    });

    async function connectRedirect(user: string) {
      const flow = await startFlow('redirect', user);
      const callback = await replica(0).get(
        `${BASE}/oauth/callback?code=${redirect.grantCode()}&state=${encodeURIComponent(
          flow.state,
        )}`,
      );
      expect(callback.status).toBe(200);
      await replica(0)
        .post(`${BASE}/entities/resource/default/orders-db/accounts`)
        .set('Authorization', as(user))
        .send({ name: 'Primary', username: 'app', password: 'db-Pa55' });
    }

    function exportToRedirect(user: string, index: number) {
      return replica(index)
        .post(`${BASE}/exports`)
        .set('Authorization', as(user))
        .send({
          entityRefs: ['resource:default/orders-db'],
          format: 'encrypted-html',
          passphrase: 'correct horse battery staple',
          destination: 'redirect',
        });
    }

    it('refreshes an expired token once for concurrent exports on two replicas', async () => {
      const user = 'user:default/dave';
      await connectRedirect(user);
      redirect.expireAccessTokens();
      redirect.refreshDelayMs = 300;
      const refreshesBefore = redirect.refreshCalls;
      const uploadsBefore = redirect.uploads.length;

      const responses = await Promise.all(
        Array.from({ length: 6 }, (_, i) => exportToRedirect(user, i % 2)),
      );

      expect(responses.map(r => r.status)).toEqual(Array(6).fill(200));
      expect(redirect.refreshCalls - refreshesBefore).toBe(1);
      expect(redirect.uploads.length - uploadsBefore).toBe(6);
      redirect.refreshDelayMs = 0;
    });

    it('asks the user to reconnect when the refresh token is revoked', async () => {
      const user = 'user:default/erin';
      await connectRedirect(user);
      redirect.expireAccessTokens();
      redirect.validRefreshTokens.clear();

      const failed = await exportToRedirect(user, 1);

      expect(failed.status).toBe(400);
      expect(failed.body.error.message).toContain('reconnect Redirect Box');
      const providers = await replica(0)
        .get(`${BASE}/providers`)
        .set('Authorization', as(user));
      expect(
        providers.body.items.find((p: { id: string }) => p.id === 'redirect')
          .connection,
      ).toMatchObject({ status: 'reconnect-needed' });
    });
  });
});
