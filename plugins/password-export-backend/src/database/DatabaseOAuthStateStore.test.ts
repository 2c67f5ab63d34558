import { TestDatabaseId, TestDatabases } from '@backstage/backend-test-utils';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../encryption/SecretBox';
import { DatabaseOAuthStateStore } from './DatabaseOAuthStateStore';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const STATE = 'state-Zq81-unguessable';
const VERIFIER = 'verifier-Kx7-secret-pkce-value';

describe('DatabaseOAuthStateStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  async function createStore(databaseId: TestDatabaseId) {
    const knex = await databases.init(databaseId);
    await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
    const store = DatabaseOAuthStateStore.create({
      client: knex,
      secretBox: SecretBox.create([{ id: 'k', secret: randomBytes(32) }]),
    });
    return { knex, store };
  }

  const inTenMinutes = () => new Date(Date.now() + 10 * 60_000);

  it.each(databases.eachSupportedId())(
    'accepts a state once, for its user and provider, on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      await store.createState({
        state: STATE,
        userEntityRef: ALICE,
        providerId: 'dropbox',
        codeVerifier: VERIFIER,
        expiresAt: inTenMinutes(),
      });

      expect(JSON.stringify(await knex('oauth_states'))).not.toMatch(
        /state-Zq81|verifier-Kx7/,
      );
      expect(
        await store.consumeState(STATE, {
          userEntityRef: BOB,
          providerIds: ['dropbox'],
        }),
      ).toEqual({ ok: false, rejection: 'other-user' });
      expect(
        await store.consumeState(STATE, {
          userEntityRef: ALICE,
          providerIds: ['box'],
        }),
      ).toEqual({ ok: false, rejection: 'other-provider' });

      // Rejected attempts by others leave the state usable by its owner.
      expect(
        await store.consumeState(STATE, {
          userEntityRef: ALICE,
          providerIds: ['dropbox'],
        }),
      ).toEqual({
        ok: true,
        flow: {
          userEntityRef: ALICE,
          providerId: 'dropbox',
          codeVerifier: VERIFIER,
          redirectUri: undefined,
        },
      });
      expect(await store.consumeState(STATE, { userEntityRef: ALICE })).toEqual(
        { ok: false, rejection: 'used' },
      );
      expect(
        (await knex('oauth_states').first()).code_verifier_encrypted,
      ).toBeNull();
      expect(await store.consumeState('never-issued', {})).toEqual({
        ok: false,
        rejection: 'unknown',
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'rejects an expired state and deletes old flows on %p',
    async databaseId => {
      const { knex, store } = await createStore(databaseId);
      await store.createState({
        state: STATE,
        userEntityRef: ALICE,
        providerId: 'box',
        redirectUri: 'http://127.0.0.1:7007/api/password-export/oauth/callback',
        expiresAt: new Date(Date.now() - 1000),
      });
      await store.createState({
        state: 'fresh',
        userEntityRef: ALICE,
        providerId: 'box',
        expiresAt: inTenMinutes(),
      });

      expect(await store.consumeState(STATE, {})).toEqual({
        ok: false,
        rejection: 'expired',
      });
      expect(await store.deleteExpired(new Date())).toBe(1);
      expect(Number((await knex('oauth_states').count({ n: '*' }))[0].n)).toBe(
        1,
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'lets exactly one of many concurrent callbacks use a state on %p',
    async databaseId => {
      const { store } = await createStore(databaseId);
      await store.createState({
        state: STATE,
        userEntityRef: ALICE,
        providerId: 'box',
        expiresAt: inTenMinutes(),
      });

      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.consumeState(STATE, {})),
      );

      expect(results.filter(result => result.ok)).toHaveLength(1);
      expect(results.filter(result => !result.ok)).toEqual(
        Array(9).fill({ ok: false, rejection: 'used' }),
      );
    },
  );
});
