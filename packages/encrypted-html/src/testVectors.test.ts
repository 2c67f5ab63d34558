import fs from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { decryptExport } from './decryptExport';
import {
  encryptExportWithRandom,
  reencryptExportWithRandom,
} from './encryptExport';
import { DecryptionError } from './errors';
import { extractBlobText, renderHtml } from './html';
import { fixedRandom, TestVector } from './testVectors';

const vectorDir = path.resolve(__dirname, '../test-vectors');
const vectors: Array<[string, TestVector]> = fs
  .readdirSync(vectorDir)
  .filter(name => name.endsWith('.json'))
  .map(name => [
    name,
    JSON.parse(fs.readFileSync(path.join(vectorDir, name), 'utf8')),
  ]);

describe('test vectors', () => {
  it('are present', () => {
    expect(vectors.map(([name]) => name)).toEqual([
      'open-ascii-passphrase.json',
      'open-hostile-values.json',
      'open-reencrypted.json',
      'open-unicode-passphrase.json',
      'reject-changed-header.json',
      'reject-flipped-tag-bit.json',
      'reject-iterations-above-maximum.json',
      'reject-iterations-below-minimum.json',
      'reject-truncated.json',
      'reject-wrong-passphrase.json',
    ]);
  });

  describe.each(vectors)('%s', (_, vector) => {
    const blob = Buffer.from(vector.blob, 'base64');

    it('has the documented header', () => {
      expect(blob.subarray(0, 98).toString('hex')).toBe(vector.header);
      expect(blob.readUInt32BE(6)).toBe(vector.iterations);
      expect(blob.subarray(10, 26).toString('hex')).toBe(vector.salt);
      expect(blob.subarray(26, 38).toString('hex')).toBe(vector.wrapIv);
      expect(blob.subarray(38, 86).toString('hex')).toBe(vector.wrappedKey);
      expect(blob.subarray(86, 98).toString('hex')).toBe(vector.contentIv);
    });

    if (vector.expect === 'reject') {
      it('is rejected by the reader', async () => {
        for (const passphrase of vector.passphrases) {
          await expect(
            decryptExport(renderHtml(vector.blob), passphrase),
          ).rejects.toThrow(DecryptionError);
        }
      });
      return;
    }

    it('opens with every listed passphrase', async () => {
      for (const passphrase of vector.passphrases) {
        await expect(
          decryptExport(renderHtml(vector.blob), passphrase),
        ).resolves.toEqual(vector.payload);
      }
    });

    it('is reproduced byte for byte by the writer', async () => {
      const reencryption = vector.description.startsWith('Re-encryption');
      const file = reencryption
        ? await reencryptExportWithRandom(
            vector.payload,
            {
              formatVersion: 1,
              key: Buffer.from(vector.contentKey, 'hex').toString('base64'),
              iterations: vector.iterations,
              salt: Buffer.from(vector.salt, 'hex').toString('base64'),
              wrapIv: Buffer.from(vector.wrapIv, 'hex').toString('base64'),
              wrappedKey: Buffer.from(vector.wrappedKey, 'hex').toString(
                'base64',
              ),
            },
            fixedRandom([vector.contentIv]),
          )
        : await encryptExportWithRandom(
            vector.payload,
            { passphrase: vector.passphrase, iterations: vector.iterations },
            fixedRandom([
              vector.salt,
              vector.wrapIv,
              vector.contentKey,
              vector.contentIv,
            ]),
          );
      // NOTE: the ciphertext covers zlib's deflate output, which may change
      // with a different zlib release; readers are unaffected.
      expect(extractBlobText(file.html.toString('utf8'))).toBe(vector.blob);
    });
  });

  it('contain a deflate-raw payload of the JSON', async () => {
    const [, vector] = vectors[0];
    const subtle = globalThis.crypto.subtle;
    const blob = Buffer.from(vector.blob, 'base64');
    const key = await subtle.importKey(
      'raw',
      Buffer.from(vector.contentKey, 'hex'),
      'AES-GCM',
      false,
      ['decrypt'],
    );
    const packed = await subtle.decrypt(
      {
        name: 'AES-GCM',
        iv: blob.subarray(86, 98),
        additionalData: blob.subarray(0, 98),
      },
      key,
      blob.subarray(98),
    );
    const json = inflateRawSync(Buffer.from(packed)).toString('utf8');
    expect(json).toBe(JSON.stringify(vector.payload));
  });
});
