import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { isInMemoryDatabase } from './isInMemoryDatabase';

function check(database: JsonValue) {
  return isInMemoryDatabase(
    new ConfigReader({ backend: { database } }),
    'password-export',
  );
}

describe('isInMemoryDatabase', () => {
  it('detects SQLite in memory', () => {
    expect(check({ client: 'better-sqlite3', connection: ':memory:' })).toBe(
      true,
    );
    expect(
      check({ client: 'sqlite3', connection: { filename: ':memory:' } }),
    ).toBe(true);
  });

  it('rejects files and other clients', () => {
    expect(
      check({
        client: 'better-sqlite3',
        connection: { filename: 'db.sqlite' },
      }),
    ).toBe(false);
    expect(check({ client: 'pg', connection: ':memory:' })).toBe(false);
    expect(isInMemoryDatabase(new ConfigReader({}), 'password-export')).toBe(
      false,
    );
  });

  it('honours the per-plugin override', () => {
    expect(
      check({
        client: 'better-sqlite3',
        connection: ':memory:',
        plugin: {
          'password-export': { connection: { filename: '/tmp/x.sqlite' } },
        },
      }),
    ).toBe(false);
    expect(
      check({
        client: 'pg',
        connection: 'postgresql://localhost',
        plugin: {
          'password-export': {
            client: 'better-sqlite3',
            connection: ':memory:',
          },
        },
      }),
    ).toBe(true);
  });
});
