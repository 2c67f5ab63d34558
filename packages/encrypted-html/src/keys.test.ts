import {
  decryptContent,
  deriveWrappingKey,
  encryptContent,
  importContentKey,
  unwrapContentKey,
  wrapContentKey,
} from './keys';

const salt = new Uint8Array(16).fill(7);
const iv = new Uint8Array(12).fill(9);
const keyHeader = new Uint8Array(26).fill(1);

describe('keys', () => {
  it('derives, wraps and unwraps non-extractable keys', async () => {
    const rawKey = new Uint8Array(32).fill(5);
    const wrapping = await deriveWrappingKey('pass phrase', salt, 100_000, [
      'encrypt',
    ]);
    expect(wrapping.extractable).toBe(false);

    const wrapped = await wrapContentKey(wrapping, rawKey, iv, keyHeader);
    expect(wrapped).toHaveLength(48);

    const unwrapping = await deriveWrappingKey(
      ' pass phrase\n',
      salt,
      100_000,
      ['unwrapKey'],
    );
    const contentKey = await unwrapContentKey(
      unwrapping,
      wrapped,
      iv,
      keyHeader,
    );
    expect(contentKey.extractable).toBe(false);
    expect(contentKey.usages).toEqual(['decrypt']);

    const encryptionKey = await importContentKey(rawKey);
    expect(encryptionKey.extractable).toBe(false);
    const header = new Uint8Array(98).fill(3);
    const ciphertext = await encryptContent(
      encryptionKey,
      iv,
      header,
      new Uint8Array(new TextEncoder().encode('secret')),
    );
    const plaintext = await decryptContent(contentKey, iv, header, ciphertext);
    expect(new TextDecoder().decode(plaintext)).toBe('secret');
  });

  it('fails to unwrap with other additional data', async () => {
    const wrapping = await deriveWrappingKey('pass phrase', salt, 100_000, [
      'encrypt',
      'unwrapKey',
    ]);
    const wrapped = await wrapContentKey(
      wrapping,
      new Uint8Array(32),
      iv,
      keyHeader,
    );
    const otherHeader = new Uint8Array(keyHeader);
    otherHeader[6] ^= 1;
    await expect(
      unwrapContentKey(wrapping, wrapped, iv, otherHeader),
    ).rejects.toThrow();
  });
});
