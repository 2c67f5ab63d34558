import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** Key of a {@link SecretBox}: an id stored beside each value and 32 bytes. */
export interface SecretBoxKey {
  id: string;
  secret: Buffer;
}

const FORMAT_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * Encrypts short values for storage with AES-256-GCM.
 *
 * @remarks
 *
 * A sealed value reads `v1:<keyId>:<iv>:<ciphertext and tag>`, both parts in
 * base64. Each value gets a random 96-bit IV. The caller passes a context,
 * such as the row id and column name, which is bound as additional data, so a
 * value copied into another row or column no longer decrypts.
 *
 * The first key encrypts and every key decrypts. An operator rotates keys by
 * putting a new key first and keeping the old ones until no value uses them.
 */
export class SecretBox {
  readonly #encryptionKey: SecretBoxKey;
  readonly #keysById: Map<string, SecretBoxKey>;

  static create(keys: SecretBoxKey[]): SecretBox {
    if (keys.length === 0) {
      throw new Error('SecretBox needs at least one key');
    }
    for (const key of keys) {
      if (key.secret.length !== KEY_BYTES) {
        throw new Error(`SecretBox key ${key.id} is not ${KEY_BYTES} bytes`);
      }
    }
    return new SecretBox(keys);
  }

  private constructor(keys: SecretBoxKey[]) {
    this.#encryptionKey = keys[0];
    this.#keysById = new Map(keys.map(key => [key.id, key]));
  }

  /** Id of the key that encrypts new values. */
  get encryptionKeyId(): string {
    return this.#encryptionKey.id;
  }

  /** Encrypts a value for the given context. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(
      'aes-256-gcm',
      this.#encryptionKey.secret,
      iv,
    );
    cipher.setAAD(Buffer.from(context, 'utf8'));

    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);

    return [
      FORMAT_VERSION,
      this.#encryptionKey.id,
      iv.toString('base64'),
      ciphertext.toString('base64'),
    ].join(':');
  }

  /**
   * Decrypts a value sealed for the given context.
   *
   * @throws Error naming the key id when the key is unknown, and a single
   * message for every other failure (wrong context, damaged value).
   */
  open(sealed: string, context: string): string {
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== FORMAT_VERSION) {
      throw new Error(`Encrypted value for ${context} has an unknown format`);
    }

    const [, keyId, ivBase64, ciphertextBase64] = parts;
    const key = this.#keysById.get(keyId);
    if (!key) {
      throw new Error(
        `Encrypted value for ${context} uses key ${keyId}, which is not in passwordExport.encryption.keys`,
      );
    }

    const iv = Buffer.from(ivBase64, 'base64');
    const ciphertext = Buffer.from(ciphertextBase64, 'base64');
    if (iv.length !== IV_BYTES || ciphertext.length < TAG_BYTES) {
      throw new Error(`Encrypted value for ${context} is damaged`);
    }

    try {
      const decipher = createDecipheriv('aes-256-gcm', key.secret, iv);
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(ciphertext.subarray(ciphertext.length - TAG_BYTES));
      const body = ciphertext.subarray(0, ciphertext.length - TAG_BYTES);
      return Buffer.concat([decipher.update(body), decipher.final()]).toString(
        'utf8',
      );
    } catch {
      // GCM reports a wrong key, a wrong context and damage the same way.
      throw new Error(
        `Encrypted value for ${context} failed authentication: it is damaged or belongs to another row`,
      );
    }
  }

  /** Returns the id of the key that sealed a value, without decrypting it. */
  static keyIdOf(sealed: string): string | undefined {
    const parts = sealed.split(':');
    return parts.length === 4 ? parts[1] : undefined;
  }
}
