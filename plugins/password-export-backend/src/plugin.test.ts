import {
  TestDatabases,
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { passwordExportAccountSourceExtensionPoint } from '@internal/backstage-plugin-password-export-node';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import {
  FakeStorageProvider,
  createFakeStorageModule,
} from './__testUtils__/createFakeStorageModule';
import { parseCsv } from './__testUtils__/parseCsv';
import { passwordExportPlugin } from './plugin';
import {
  TEST_ENTITIES,
  TEST_KEY,
  allowAll,
  captureConsole,
  startPasswordExportBackend,
} from './__testUtils__/startPasswordExportBackend';

jest.setTimeout(60_000);

describe('passwordExportPlugin', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  const mockDir = createMockDirectory();
  let consoleCapture: ReturnType<typeof captureConsole>;

  beforeEach(() => {
    consoleCapture = captureConsole();
  });

  afterEach(() => {
    consoleCapture.restore();
  });

  function backendFeatures(config: object) {
    return [
      passwordExportPlugin,
      catalogServiceMock.factory({ entities: TEST_ENTITIES }),
      mockServices.rootLogger.factory({ level: 'debug' }),
      mockServices.rootConfig.factory({ data: config as any }),
    ];
  }

  it('refuses to start without a key on a persistent database', async () => {
    const knex = await databases.init('SQLITE_3');

    await expect(
      startTestBackend({
        features: [
          ...backendFeatures({
            backend: {
              database: {
                client: 'pg',
                connection: 'postgresql://localhost/backstage',
              },
            },
          }),
          mockServices.database.factory({ knex }),
        ],
      }),
    ).rejects.toThrow(
      /passwordExport\.encryption\.keys is missing: the password export plugin encrypts passwords at rest and needs at least one key/,
    );
  });

  it('uses a throwaway key on SQLite in memory', async () => {
    const knex = await databases.init('SQLITE_3');

    const backend = await startTestBackend({
      features: [
        ...backendFeatures({
          backend: {
            database: { client: 'better-sqlite3', connection: ':memory:' },
          },
        }),
        mockServices.database.factory({ knex }),
      ],
    });
    const created = await request(backend.server)
      .post('/api/password-export/entities/resource/default/cache/accounts')
      .set('Authorization', mockCredentials.user.header())
      .send({ name: 'n', username: 'u', password: 'p' });
    await backend.stop();

    expect(created.status).toBe(201);
    expect(consoleCapture.text()).toContain(
      'passwordExport.encryption.keys is not set; using a throwaway key because the database is SQLite in memory',
    );
    const row = await knex('accounts').first();
    expect(row.password_key_id).toBe('throwaway');
  });

  it('decrypts old values after a key rotation', async () => {
    const knex = await databases.init('SQLITE_3');
    const keyA = { id: 'key-a', secret: randomBytes(32).toString('base64') };
    const keyB = { id: 'key-b', secret: randomBytes(32).toString('base64') };
    const start = (keys: object[]) =>
      startPasswordExportBackend({
        knex,
        policy: { current: allowAll },
        config: { passwordExport: { encryption: { keys } } },
      });
    const accountsPath =
      '/api/password-export/entities/resource/default/cache/accounts';

    const before = await start([keyA]);
    const old = await request(before.server)
      .post(accountsPath)
      .set('Authorization', mockCredentials.user.header())
      .send({ name: 'Old', username: 'u', password: 'written-with-a' });
    await before.stop();

    const after = await start([keyB, keyA]);
    const revealed = await request(after.server)
      .get(`${accountsPath}/${old.body.id}/password`)
      .set('Authorization', mockCredentials.user.header());
    const fresh = await request(after.server)
      .post(accountsPath)
      .set('Authorization', mockCredentials.user.header())
      .send({ name: 'New', username: 'u', password: 'written-with-b' });
    await after.stop();

    expect(revealed.body).toEqual({ password: 'written-with-a' });
    const keyIds = await knex('accounts')
      .select('id', 'password_key_id')
      .orderBy('seq');
    expect(keyIds).toEqual([
      { id: old.body.id, password_key_id: 'key-a' },
      { id: fresh.body.id, password_key_id: 'key-b' },
    ]);
  });

  it('rejects an invalid key at startup', async () => {
    const knex = await databases.init('SQLITE_3');

    await expect(
      startTestBackend({
        features: [
          ...backendFeatures({
            passwordExport: {
              encryption: { keys: [{ id: 'k', secret: 'c2hvcnQ=' }] },
            },
          }),
          mockServices.database.factory({ knex }),
        ],
      }),
    ).rejects.toThrow(
      'passwordExport.encryption.keys[0].secret of key "k" is invalid',
    );
  });

  it('exports accounts of module sources', async () => {
    const knex = await databases.init('SQLITE_3');
    const vaultModule = createBackendModule({
      pluginId: 'password-export',
      moduleId: 'test-vault',
      register(reg) {
        reg.registerInit({
          deps: { sources: passwordExportAccountSourceExtensionPoint },
          async init({ sources }) {
            sources.addAccountSource({
              id: 'vault',
              servesEntity: entityRef => entityRef.endsWith('/cache'),
              async listAccounts({ entityRef, userEntityRef }) {
                return [
                  {
                    name: `Vault account of ${entityRef}`,
                    username: userEntityRef,
                    password: 'from-vault',
                  },
                ];
              },
            });
          },
        });
      },
    });

    const backend = await startPasswordExportBackend({
      knex,
      policy: { current: allowAll },
      extraFeatures: [vaultModule],
    });
    await request(backend.server)
      .post('/api/password-export/entities/resource/default/cache/accounts')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({ name: 'Built-in', username: 'admin', password: 'from-store' })
      .expect(201);

    const response = await request(backend.server)
      .post('/api/password-export/exports')
      .set('Authorization', mockCredentials.user.header('user:default/alice'))
      .send({
        entityRefs: ['resource:default/cache', 'resource:default/orders-db'],
        format: 'csv',
      });
    await backend.stop();

    expect(response.status).toBe(200);
    const rows = parseCsv(response.text.replace(/^\uFEFF/, ''));
    expect(rows.slice(1).map(row => [row[1], row[2], row[3], row[5]])).toEqual([
      ['resource:default/cache', 'built-in', 'Built-in', 'from-store'],
      [
        'resource:default/cache',
        'vault',
        'Vault account of resource:default/cache',
        'from-vault',
      ],
    ]);
    expect(rows[2][4]).toBe('user:default/alice');
  });

  it('seeds demo accounts for entities without accounts', async () => {
    const knex = await databases.init('SQLITE_3');
    mockDir.setContent({
      'accounts.yaml': [
        '- entityRef: resource:default/orders-db',
        '  accounts:',
        '    - name: Admin',
        '      username: admin',
        '      password: demo-secret-1',
        '      url: https://orders.example.com',
        '    - name: Reader',
        '      username: reader',
        '      password: demo-secret-2',
        '      notes: read only',
        '- entityRef: resource:default/cache',
        '  accounts:',
        '    - name: Cache',
        '      username: cache',
        '      password: demo-secret-3',
      ].join('\n'),
    });

    const start = () =>
      startPasswordExportBackend({
        knex,
        policy: { current: allowAll },
        config: {
          passwordExport: {
            encryption: { keys: [TEST_KEY] },
            demoAccounts: mockDir.resolve('accounts.yaml'),
          },
        },
      });
    const first = await start();
    await first.stop();
    const second = await start();
    const list = await request(second.server)
      .get('/api/password-export/entities/resource/default/orders-db/accounts')
      .set('Authorization', mockCredentials.user.header());
    await second.stop();

    expect(list.status).toBe(200);
    expect(list.body.items.map((a: { name: string }) => a.name)).toEqual([
      'Admin',
      'Reader',
    ]);
    expect(list.body.items[1].notes).toBe('read only');
    const logs = consoleCapture.text();
    expect(logs).toContain('Seeded 3 demo account(s) on 2 of 2 resource(s)');
    expect(logs).toContain('Seeded 0 demo account(s) on 0 of 2 resource(s)');
    expect(logs).not.toContain('demo-secret');
  });

  it('names the demo file and line of a YAML error', async () => {
    const knex = await databases.init('SQLITE_3');
    mockDir.setContent({
      'broken.yaml': '- entityRef: resource:default/cache\n  accounts: [\n',
    });

    await expect(
      startPasswordExportBackend({
        knex,
        policy: { current: allowAll },
        config: {
          passwordExport: {
            encryption: { keys: [TEST_KEY] },
            demoAccounts: mockDir.resolve('broken.yaml'),
          },
        },
      }),
    ).rejects.toThrow(
      /passwordExport\.demoAccounts file .*broken\.yaml is invalid: YAML error \w+ at line \d+/,
    );
  });

  it('rejects demo accounts that break the field rules', async () => {
    const knex = await databases.init('SQLITE_3');
    mockDir.setContent({
      'invalid.yaml': [
        '- entityRef: resource:default/cache',
        '  accounts:',
        '    - name: Bad',
        '      username: u',
        '      password: hidden-demo-password',
        '      url: "javascript:alert(1)"',
      ].join('\n'),
    });

    const attempt = startPasswordExportBackend({
      knex,
      policy: { current: allowAll },
      config: {
        passwordExport: {
          encryption: { keys: [TEST_KEY] },
          demoAccounts: mockDir.resolve('invalid.yaml'),
        },
      },
    });

    await expect(attempt).rejects.toThrow(
      '0.accounts.0.url must be an http or https URL',
    );
    await expect(attempt).rejects.not.toThrow('hidden-demo-password');
  });

  it('rejects two providers with one id', async () => {
    const knex = await databases.init('SQLITE_3');

    const attempt = startPasswordExportBackend({
      knex,
      policy: { current: allowAll },
      extraFeatures: [
        createFakeStorageModule('first', [
          new FakeStorageProvider('fake', 'Fake Storage'),
        ]),
        createFakeStorageModule('second', [
          new FakeStorageProvider('fake', 'Another Fake Storage'),
        ]),
      ],
    });

    await expect(attempt).rejects.toThrow(
      'Cloud storage provider id "fake" is used twice',
    );
  });

  it.each([
    ['download', 'is reserved for downloads'],
    ['Fake_Storage', 'use 1 to 32 lowercase letters, digits and hyphens'],
  ])('rejects the provider id %s', async (id, message) => {
    const knex = await databases.init('SQLITE_3');

    const attempt = startPasswordExportBackend({
      knex,
      policy: { current: allowAll },
      extraFeatures: [
        createFakeStorageModule('bad', [new FakeStorageProvider(id, 'Bad')]),
      ],
    });

    await expect(attempt).rejects.toThrow(message);
  });

  it('rejects presets of unknown settings', async () => {
    const knex = await databases.init('SQLITE_3');

    const attempt = startPasswordExportBackend({
      knex,
      policy: { current: allowAll },
      config: {
        passwordExport: {
          encryption: { keys: [TEST_KEY] },
          providers: { fake: { colour: 'red' } },
        },
      },
      extraFeatures: [
        createFakeStorageModule('fake', [
          new FakeStorageProvider('fake', 'Fake Storage'),
        ]),
      ],
    });

    await expect(attempt).rejects.toThrow(
      'passwordExport.providers.fake.colour is not a setting of the Fake Storage provider; known keys are enabled, folder, clientSecret, mode, shared',
    );
  });
});
