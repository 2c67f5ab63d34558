import { createHash } from 'node:crypto';
import { decryptExport } from './decryptExport';
import { encryptExport, reencryptExport } from './encryptExport';
import {
  InvalidContentKeyError,
  InvalidPayloadError,
  PassphraseError,
} from './errors';
import { extractBlobText } from './html';
import { samplePayload } from './testFixtures';
import { ExportPayload, ReusableContentKey } from './types';

const PASSPHRASE = 'correct horse battery staple';
const ITERATIONS = 100_000;

function readBlob(html: Buffer): Buffer {
  return Buffer.from(extractBlobText(html.toString()) as string, 'base64');
}

describe('encryptExport', () => {
  it('writes the header fields of FORMAT.md', async () => {
    const file = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: 123_456,
    });
    const blob = readBlob(file.html);

    expect(blob.subarray(0, 5).toString('latin1')).toBe('EHTML');
    expect(blob[5]).toBe(1);
    expect(blob.readUInt32BE(6)).toBe(123_456);
    expect(file.contentKey.iterations).toBe(123_456);
    expect(Buffer.from(file.contentKey.salt, 'base64')).toEqual(
      blob.subarray(10, 26),
    );
    expect(Buffer.from(file.contentKey.wrapIv, 'base64')).toEqual(
      blob.subarray(26, 38),
    );
    expect(Buffer.from(file.contentKey.wrappedKey, 'base64')).toEqual(
      blob.subarray(38, 86),
    );
    expect(Buffer.from(file.contentKey.key, 'base64')).toHaveLength(32);
  });

  it('uses 600,000 iterations by default', async () => {
    const file = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
    });
    expect(readBlob(file.html).readUInt32BE(6)).toBe(600_000);
  });

  it('returns the SHA-256 of the HTML bytes', async () => {
    const file = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: ITERATIONS,
    });
    expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(file.sha256).toBe(
      createHash('sha256').update(file.html).digest('hex'),
    );
  });

  it('draws fresh salt, IVs and key every time', async () => {
    const options = { passphrase: PASSPHRASE, iterations: ITERATIONS };
    const first = await encryptExport(samplePayload(), options);
    const second = await encryptExport(samplePayload(), options);

    expect(second.contentKey.salt).not.toBe(first.contentKey.salt);
    expect(second.contentKey.wrapIv).not.toBe(first.contentKey.wrapIv);
    expect(second.contentKey.key).not.toBe(first.contentKey.key);
    expect(readBlob(second.html).subarray(86, 98)).not.toEqual(
      readBlob(first.html).subarray(86, 98),
    );
  });

  it('rejects passphrases that break the rule', async () => {
    for (const passphrase of ['', ' leading', 'trailing ', 'tab\t', '\n']) {
      await expect(
        encryptExport(samplePayload(), { passphrase, iterations: ITERATIONS }),
      ).rejects.toThrow(PassphraseError);
    }
  });

  it('rejects iteration counts out of range', async () => {
    for (const iterations of [99_999, 10_000_001, 600_000.5, NaN]) {
      await expect(
        encryptExport(samplePayload(), { passphrase: PASSPHRASE, iterations }),
      ).rejects.toThrow(
        `iterations must be an integer from 100000 to 10000000, got ${iterations}`,
      );
    }
  });

  it('names the invalid payload field', async () => {
    const payload = samplePayload() as any;
    payload.resources[0].accounts[1].password = 42;

    const error = await encryptExport(payload, {
      passphrase: PASSPHRASE,
      iterations: ITERATIONS,
    }).catch(e => e);
    expect(error).toBeInstanceOf(InvalidPayloadError);
    expect(error.field).toBe('resources[0].accounts[1].password');
    expect(error.message).toBe(
      'invalid export payload: resources[0].accounts[1].password must be a string',
    );
  });

  it('drops fields the format does not define', async () => {
    const payload = samplePayload() as any;
    payload.extra = 'x';
    payload.resources[0].accounts[0].internalId = 7;

    const file = await encryptExport(payload, {
      passphrase: PASSPHRASE,
      iterations: ITERATIONS,
    });
    await expect(decryptExport(file.html, PASSPHRASE)).resolves.toEqual(
      samplePayload(),
    );
  });
});

describe('reencryptExport', () => {
  let contentKey: ReusableContentKey;
  let firstBlob: Buffer;

  beforeAll(async () => {
    const file = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: ITERATIONS,
    });
    // The backend stores the key as JSON: go through a round trip.
    contentKey = JSON.parse(JSON.stringify(file.contentKey));
    firstBlob = readBlob(file.html);
  });

  it('opens with the original passphrase', async () => {
    const updated: ExportPayload = samplePayload();
    updated.resources[0].accounts[0].password = 'rotated-password';

    const file = await reencryptExport(updated, contentKey);
    await expect(decryptExport(file.html, PASSPHRASE)).resolves.toEqual(
      updated,
    );
    await expect(
      decryptExport(file.html, 'another passphrase'),
    ).rejects.toThrow('wrong passphrase or damaged file');
  });

  it('keeps the key header and draws a fresh content IV', async () => {
    const file = await reencryptExport(samplePayload(), contentKey);
    const blob = readBlob(file.html);

    expect(blob.subarray(0, 86)).toEqual(firstBlob.subarray(0, 86));
    expect(blob.subarray(86, 98)).not.toEqual(firstBlob.subarray(86, 98));
    expect(file.contentKey).toEqual(contentKey);
  });

  it('names a malformed content key field without its value', async () => {
    const cases: Array<[Partial<ReusableContentKey>, string]> = [
      [
        { key: 'AAAA' },
        'invalid reusable content key: key must be standard base64 of 32 bytes',
      ],
      [
        { salt: '*' },
        'invalid reusable content key: salt must be standard base64 of 16 bytes',
      ],
      [
        { wrapIv: undefined },
        'invalid reusable content key: wrapIv must be standard base64 of 12 bytes',
      ],
      [
        { wrappedKey: contentKey.key },
        'invalid reusable content key: wrappedKey must be standard base64 of 48 bytes',
      ],
      [
        { iterations: 5 },
        'invalid reusable content key: iterations must be an integer from 100000 to 10000000',
      ],
      [
        { formatVersion: 2 as 1 },
        'invalid reusable content key: formatVersion must be 1',
      ],
    ];
    for (const [change, message] of cases) {
      const error = await reencryptExport(samplePayload(), {
        ...contentKey,
        ...change,
      }).catch(e => e);
      expect(error).toBeInstanceOf(InvalidContentKeyError);
      expect(error.message).toBe(message);
      expect(error.message).not.toContain(contentKey.key);
    }
  });
});
