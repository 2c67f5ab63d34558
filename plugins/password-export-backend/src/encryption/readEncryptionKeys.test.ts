import { ConfigReader } from '@backstage/config';
import { JsonValue } from '@backstage/types';
import { randomBytes } from 'node:crypto';
import { readEncryptionKeys } from './readEncryptionKeys';

function configWithKeys(keys: JsonValue) {
  return new ConfigReader({ passwordExport: { encryption: { keys } } });
}

const secretA = randomBytes(32).toString('base64');
const secretB = randomBytes(32).toString('base64');

describe('readEncryptionKeys', () => {
  it('reads keys in config order', () => {
    const keys = readEncryptionKeys(
      configWithKeys([
        { id: 'b', secret: secretB },
        { id: 'a', secret: secretA },
      ]),
    );

    expect(keys.map(k => k.id)).toEqual(['b', 'a']);
    expect(keys[0].secret).toEqual(Buffer.from(secretB, 'base64'));
  });

  it('returns no keys when the config is absent', () => {
    expect(readEncryptionKeys(new ConfigReader({}))).toEqual([]);
  });

  it('rejects secrets that are not 32 bytes of base64', () => {
    const short = randomBytes(16).toString('base64');

    expect(() =>
      readEncryptionKeys(configWithKeys([{ id: 'a', secret: short }])),
    ).toThrow(
      'passwordExport.encryption.keys[0].secret of key "a" is invalid: it must be 32 random bytes in base64',
    );
    expect(() =>
      readEncryptionKeys(
        configWithKeys([{ id: 'a', secret: 'not base64 at all!!' }]),
      ),
    ).toThrow('passwordExport.encryption.keys[0].secret');
  });

  it('keeps the secret out of error messages', () => {
    const badSecret = `${secretA.slice(0, 20)}###`;
    let message = '';
    try {
      readEncryptionKeys(configWithKeys([{ id: 'a', secret: badSecret }]));
    } catch (error) {
      message = (error as Error).message;
    }

    expect(message).toContain('passwordExport.encryption.keys[0].secret');
    expect(message).not.toContain(badSecret);
  });

  it('rejects duplicate ids', () => {
    expect(() =>
      readEncryptionKeys(
        configWithKeys([
          { id: 'a', secret: secretA },
          { id: 'a', secret: secretB },
        ]),
      ),
    ).toThrow(
      'passwordExport.encryption.keys[1].id "a" is used by an earlier key; key ids must be unique',
    );
  });

  it('rejects ids with separators', () => {
    expect(() =>
      readEncryptionKeys(configWithKeys([{ id: 'a:b', secret: secretA }])),
    ).toThrow('passwordExport.encryption.keys[0].id "a:b" is invalid');
  });
});
