import {
  readCredentials,
  toCredentials,
  toRefreshedCredentials,
} from './credentials';

describe('credentials', () => {
  it('stores only the fields that are set', () => {
    expect(toCredentials({ accessToken: 'a' })).toEqual({ accessToken: 'a' });
    expect(
      toCredentials({
        accessToken: 'a',
        refreshToken: 'r',
        accountId: 'dbid:1',
      }),
    ).toEqual({ accessToken: 'a', refreshToken: 'r', accountId: 'dbid:1' });
  });

  it('rejects stored credentials without an access token', () => {
    expect(() => readCredentials({ refreshToken: 'r' })).toThrow(
      /no access token/,
    );
  });

  it('keeps the refresh token when none was returned', () => {
    const stored = {
      accessToken: 'old',
      refreshToken: 'r1',
      accountId: 'dbid:1',
    };

    expect(toRefreshedCredentials(stored, { accessToken: 'new' })).toEqual({
      accessToken: 'new',
      refreshToken: 'r1',
      accountId: 'dbid:1',
    });
  });

  it('takes a rotated refresh token', () => {
    const stored = { accessToken: 'old', refreshToken: 'r1' };

    expect(
      toRefreshedCredentials(stored, {
        accessToken: 'new',
        refreshToken: 'r2',
      }),
    ).toEqual({ accessToken: 'new', refreshToken: 'r2' });
  });
});
