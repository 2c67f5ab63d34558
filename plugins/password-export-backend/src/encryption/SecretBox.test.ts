import { randomBytes } from 'node:crypto';
import { SecretBox } from './SecretBox';

const keyA = { id: 'key-a', secret: randomBytes(32) };
const keyB = { id: 'key-b', secret: randomBytes(32) };

describe('SecretBox', () => {
  it('round-trips values with the first key', () => {
    const box = SecretBox.create([keyA]);

    const sealed = box.seal('hunter2 ✓ 密码', 'accounts/1/password');

    expect(sealed).toMatch(/^v1:key-a:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(sealed).not.toContain('hunter2');
    expect(box.open(sealed, 'accounts/1/password')).toBe('hunter2 ✓ 密码');
  });

  it('uses a fresh IV for each value', () => {
    const box = SecretBox.create([keyA]);

    const first = box.seal('same', 'ctx');
    const second = box.seal('same', 'ctx');

    expect(first.split(':')[2]).not.toBe(second.split(':')[2]);
    expect(first).not.toBe(second);
  });

  it('rejects a value moved to another context', () => {
    const box = SecretBox.create([keyA]);
    const sealed = box.seal('secret', 'accounts/1/password');

    expect(() => box.open(sealed, 'accounts/2/password')).toThrow(
      'Encrypted value for accounts/2/password failed authentication',
    );
    expect(() => box.open(sealed, 'accounts/1/notes')).toThrow(
      'failed authentication',
    );
  });

  it('rejects a tampered value', () => {
    const box = SecretBox.create([keyA]);
    const [version, keyId, iv, body] = box.seal('secret', 'ctx').split(':');
    const bytes = Buffer.from(body, 'base64');
    bytes[0] ^= 1;
    const tampered = [version, keyId, iv, bytes.toString('base64')].join(':');

    expect(() => box.open(tampered, 'ctx')).toThrow('failed authentication');
  });

  it('decrypts old values after key rotation', () => {
    const oldBox = SecretBox.create([keyA]);
    const sealedWithA = oldBox.seal('old secret', 'ctx');

    const rotatedBox = SecretBox.create([keyB, keyA]);
    const sealedWithB = rotatedBox.seal('new secret', 'ctx');

    expect(rotatedBox.open(sealedWithA, 'ctx')).toBe('old secret');
    expect(SecretBox.keyIdOf(sealedWithB)).toBe('key-b');
    expect(rotatedBox.encryptionKeyId).toBe('key-b');
  });

  it('names a missing key and the config key', () => {
    const sealed = SecretBox.create([keyA]).seal('secret', 'ctx');
    const box = SecretBox.create([keyB]);

    expect(() => box.open(sealed, 'ctx')).toThrow(
      'uses key key-a, which is not in passwordExport.encryption.keys',
    );
  });

  it('rejects unknown formats', () => {
    const box = SecretBox.create([keyA]);

    expect(() => box.open('plaintext', 'ctx')).toThrow('unknown format');
    expect(() => box.open('v2:key-a:AAAA:AAAA', 'ctx')).toThrow(
      'unknown format',
    );
  });

  it('rejects keys of the wrong size', () => {
    expect(() =>
      SecretBox.create([{ id: 'short', secret: randomBytes(16) }]),
    ).toThrow('SecretBox key short is not 32 bytes');
    expect(() => SecretBox.create([])).toThrow('at least one key');
  });
});
