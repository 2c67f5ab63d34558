/* eslint jest/expect-expect: ["warn", { "assertFunctionNames": ["expect", "expectDecryptionError"] }] */
import { decryptExport } from './decryptExport';
import { encryptExport } from './encryptExport';
import {
  DecryptionError,
  NotAnExportError,
  UnsupportedVersionError,
} from './errors';
import { encodeHeader } from './header';
import { BLOB_START_TAG, extractBlobText, renderHtml } from './html';
import {
  deriveWrappingKey,
  encryptContent,
  importContentKey,
  wrapContentKey,
} from './keys';
import { HOSTILE_VALUES, hostilePayload, samplePayload } from './testFixtures';
import { deflateRawSync } from 'node:zlib';

const PASSPHRASE = 'correct horse battery staple';
// The lowest count readers accept keeps the suite fast.
const ITERATIONS = 100_000;

/** Decodes the embedded blob of a file. */
function readBlob(html: string): Buffer {
  return Buffer.from(extractBlobText(html) as string, 'base64');
}

/** Returns the file with its embedded blob replaced by `blob`. */
function replaceBlob(html: string, blob: Buffer | string): string {
  const text = typeof blob === 'string' ? blob : blob.toString('base64');
  return html.replace(extractBlobText(html) as string, text);
}

function flipByte(blob: Buffer, offset: number): Buffer {
  const copy = Buffer.from(blob);
  copy[offset] ^= 0x01;
  return copy;
}

async function expectDecryptionError(html: string, passphrase = PASSPHRASE) {
  const error = await decryptExport(html, passphrase).catch(e => e);
  expect(error).toBeInstanceOf(DecryptionError);
  expect(error.message).toBe('wrong passphrase or damaged file');
  expect(error.code).toBe('ERR_DECRYPTION_FAILED');
}

/**
 * Builds an authentic file around arbitrary plaintext bytes, bypassing the
 * writer's checks, to test what readers do after authentication succeeds.
 */
async function sealPlaintext(plaintext: Uint8Array): Promise<string> {
  const random = (length: number) =>
    globalThis.crypto.getRandomValues(new Uint8Array(length));
  const salt = random(16);
  const wrapIv = random(12);
  const rawKey = random(32);
  const contentIv = random(12);
  const blank = {
    iterations: ITERATIONS,
    salt,
    wrapIv,
    wrappedKey: new Uint8Array(48),
    contentIv,
  };

  const wrappingKey = await deriveWrappingKey(PASSPHRASE, salt, ITERATIONS, [
    'encrypt',
  ]);
  const wrappedKey = await wrapContentKey(
    wrappingKey,
    rawKey,
    wrapIv,
    encodeHeader(blank).subarray(0, 26),
  );
  const header = encodeHeader({ ...blank, wrappedKey });
  const ciphertext = await encryptContent(
    await importContentKey(rawKey),
    contentIv,
    header,
    new Uint8Array(plaintext),
  );
  return renderHtml(Buffer.concat([header, ciphertext]).toString('base64'));
}

// Key derivations and payloads of hundreds of megabytes take seconds each
// when the machine is busy, more than Jest's default of 5 s.
jest.setTimeout(60_000);

describe('decryptExport', () => {
  let html: string;
  let blob: Buffer;

  beforeAll(async () => {
    const file = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: ITERATIONS,
    });
    html = file.html.toString('utf8');
    blob = readBlob(html);
  });

  it('round-trips the payload from a string and from bytes', async () => {
    await expect(decryptExport(html, PASSPHRASE)).resolves.toEqual(
      samplePayload(),
    );
    await expect(
      decryptExport(new TextEncoder().encode(html), PASSPHRASE),
    ).resolves.toEqual(samplePayload());
  });

  it('rejects a wrong passphrase', async () => {
    await expectDecryptionError(html, 'correct horse battery stapler');
    await expectDecryptionError(html, '');
    await expectDecryptionError(html, '   ');
  });

  it('trims the passphrase before deriving the key', async () => {
    await expect(decryptExport(html, ` \t${PASSPHRASE}\r\n`)).resolves.toEqual(
      samplePayload(),
    );
  });

  it('treats NFC and NFD forms as the same passphrase', async () => {
    const nfc = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);

    const file = await encryptExport(samplePayload(), {
      passphrase: nfd,
      iterations: ITERATIONS,
    });
    await expect(decryptExport(file.html, nfc)).resolves.toEqual(
      samplePayload(),
    );
    await expect(decryptExport(file.html, nfd)).resolves.toEqual(
      samplePayload(),
    );
  });

  describe('tampering', () => {
    // Offsets from FORMAT.md "Header".
    const binaryParts: Array<[string, (length: number) => number]> = [
      ['magic', () => 0],
      ['iterations', () => 7],
      ['salt', () => 10],
      ['wrap IV', () => 26],
      ['wrapped key ciphertext', () => 38],
      ['wrapped key tag', () => 85],
      ['content IV', () => 86],
      ['first ciphertext byte', () => 98],
      ['last ciphertext byte', length => length - 17],
      ['first tag byte', length => length - 16],
      ['last tag byte', length => length - 1],
    ];

    it.each(binaryParts)('detects a flipped bit in the %s', async (_, at) => {
      await expectDecryptionError(
        replaceBlob(html, flipByte(blob, at(blob.length))),
      );
    });

    it('detects iteration counts changed within the allowed range', async () => {
      for (const iterations of [100_001, 600_000, 10_000_000]) {
        const copy = Buffer.from(blob);
        copy.writeUInt32BE(iterations, 6);
        await expectDecryptionError(replaceBlob(html, copy));
      }
    });

    it('rejects iteration counts out of range', async () => {
      for (const iterations of [0, 1, 99_999, 10_000_001, 0xffffffff]) {
        const copy = Buffer.from(blob);
        copy.writeUInt32BE(iterations, 6);
        await expectDecryptionError(replaceBlob(html, copy));
      }
    });

    it('rejects a truncated or extended blob', async () => {
      await expectDecryptionError(replaceBlob(html, blob.subarray(0, 97)));
      await expectDecryptionError(replaceBlob(html, blob.subarray(0, 98 + 15)));
      await expectDecryptionError(
        replaceBlob(html, blob.subarray(0, blob.length - 1)),
      );
      await expectDecryptionError(
        replaceBlob(html, Buffer.concat([blob, Buffer.of(0)])),
      );
    });

    it('rejects header fields swapped with those of another file', async () => {
      const other = readBlob(
        (
          await encryptExport(samplePayload(), {
            passphrase: PASSPHRASE,
            iterations: ITERATIONS,
          })
        ).html.toString(),
      );
      for (const [start, end] of [
        [10, 26],
        [26, 38],
        [38, 86],
        [86, 98],
      ]) {
        const copy = Buffer.from(blob);
        other.copy(copy, start, start, end);
        await expectDecryptionError(replaceBlob(html, copy));
      }
    });

    it('rejects malformed base64', async () => {
      const text = extractBlobText(html) as string;
      await expectDecryptionError(replaceBlob(html, `${text}A`));
      await expectDecryptionError(replaceBlob(html, `${text.slice(1)}`));
      await expectDecryptionError(replaceBlob(html, `*${text.slice(1)}`));
      await expectDecryptionError(
        replaceBlob(html, `${text.slice(0, 40)}\n${text.slice(40)}`),
      );
      await expectDecryptionError(replaceBlob(html, ''));
    });

    it('rejects non-canonical base64 padding bits', async () => {
      // 99 bytes end in one padded quantum; set a bit the encoding ignores.
      const short = blob.subarray(0, 98 + 16 + 1);
      const text = short.toString('base64');
      expect(text.endsWith('==')).toBe(true);
      const last = text[text.length - 3];
      const alphabet =
        'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
      const changed = alphabet[alphabet.indexOf(last) | 1];
      const forged = `${text.slice(0, -3)}${changed}==`;
      expect(Buffer.from(forged, 'base64')).toEqual(short);
      await expectDecryptionError(replaceBlob(html, forged));
    });

    it('rejects a page with two blobs', async () => {
      const doubled = html.replace(
        '</body>',
        `${BLOB_START_TAG}${blob.toString('base64')}</script></body>`,
      );
      await expectDecryptionError(doubled);
    });
  });

  describe('authentic but invalid content', () => {
    it('accepts the sealing helper output', async () => {
      const json = Buffer.from(JSON.stringify(samplePayload()));
      await expect(
        decryptExport(await sealPlaintext(deflateRawSync(json)), PASSPHRASE),
      ).resolves.toEqual(samplePayload());
    });

    it('rejects data that is not deflate-raw', async () => {
      const json = Buffer.from(JSON.stringify(samplePayload()));
      await expectDecryptionError(await sealPlaintext(json));
    });

    it('rejects invalid UTF-8', async () => {
      const bytes = Buffer.from([0x22, 0xff, 0xfe, 0x22]);
      await expectDecryptionError(await sealPlaintext(deflateRawSync(bytes)));
    });

    it('rejects invalid JSON', async () => {
      const bytes = Buffer.from('{"metadata":');
      await expectDecryptionError(await sealPlaintext(deflateRawSync(bytes)));
    });

    it('rejects JSON of the wrong shape', async () => {
      const payload = samplePayload() as any;
      payload.resources[0].accounts[0].password = null;
      const bytes = Buffer.from(JSON.stringify(payload));
      await expectDecryptionError(await sealPlaintext(deflateRawSync(bytes)));
    });

    // Compressing and inflating 256 MiB takes seconds on a loaded machine.
    it('stops decompressing past 256 MiB', async () => {
      // A valid payload followed by whitespace up to 256 MiB + 1 byte: JSON
      // that would parse, so only the size cap rejects it. It compresses
      // to about 260 KB, a zip bomb in miniature.
      const json = Buffer.from(JSON.stringify(samplePayload()));
      const padding = Buffer.alloc(256 * 1024 * 1024 + 1 - json.length, 0x20);
      const bomb = deflateRawSync(Buffer.concat([json, padding]), {
        level: 9,
      });
      expect(bomb.length).toBeLessThan(1024 * 1024);
      await expectDecryptionError(await sealPlaintext(bomb));
    }, 60_000);

    it('accepts content of exactly 256 MiB', async () => {
      const json = Buffer.from(JSON.stringify(samplePayload()));
      const padding = Buffer.alloc(256 * 1024 * 1024 - json.length, 0x20);
      const content = deflateRawSync(Buffer.concat([json, padding]), {
        level: 9,
      });
      await expect(
        decryptExport(await sealPlaintext(content), PASSPHRASE),
      ).resolves.toEqual(samplePayload());
    }, 60_000);
  });

  it('reports a page without a blob as not an export', async () => {
    const error = await decryptExport(
      '<!DOCTYPE html><title>x</title>',
      PASSPHRASE,
    ).catch(e => e);
    expect(error).toBeInstanceOf(NotAnExportError);
    expect(error.message).toBe('file is not an encrypted export');
  });

  it('reports an unknown version without deriving a key', async () => {
    const copy = Buffer.from(blob);
    copy[5] = 2;
    const error = await decryptExport(replaceBlob(html, copy), 'any').catch(
      e => e,
    );
    expect(error).toBeInstanceOf(UnsupportedVersionError);
    expect(error.version).toBe(2);
    expect(error.message).toBe(
      'encrypted export format version 2 is not supported, use a newer reader',
    );
  });

  it('keeps hostile values exactly', async () => {
    const payload = hostilePayload();
    const file = await encryptExport(payload, {
      passphrase: PASSPHRASE,
      iterations: ITERATIONS,
    });
    const text = file.html.toString('utf8');

    // None of the values appears in clear text in the page.
    for (const value of HOSTILE_VALUES) {
      expect(text.includes(value)).toBe(false);
    }

    const decrypted = await decryptExport(file.html, PASSPHRASE);
    expect(decrypted).toEqual(payload);
    expect(decrypted.resources.map(r => r.accounts[0].password)).toEqual(
      HOSTILE_VALUES,
    );
  });
});
