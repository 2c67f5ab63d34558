import { readCredentials, toJson } from './boxCredentials';

describe('boxCredentials', () => {
  const credentials = {
    accessToken: 'access',
    refreshToken: 'refresh',
    userId: '42',
  };

  it('round-trips through JSON', () => {
    expect(readCredentials(toJson(credentials))).toEqual(credentials);
  });

  it.each([
    [{ ...credentials, accessToken: '' }],
    [{ ...credentials, refreshToken: undefined }],
    [{ accessToken: 'a', refreshToken: 'r' }],
  ])('rejects incomplete credentials %j', stored => {
    expect(() => readCredentials(stored as never)).toThrow(
      expect.objectContaining({ kind: 'credentials-rejected' }),
    );
  });

  it('never echoes a token in the error', () => {
    let message = '';
    try {
      readCredentials({ accessToken: 'secret-token', refreshToken: '' });
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toContain('connection is incomplete');
    expect(message).not.toContain('secret-token');
  });
});
