#!/usr/bin/env node
/*
 * Writes test-vectors/*.json: files made with fixed "random" draws so that
 * every reader can replay them byte for byte. Run once per format version;
 * rerunning must reproduce the committed files (the replay test checks it).
 *
 *   node scripts/generate-test-vectors.js
 */
require('@backstage/cli/config/nodeTransform.cjs');

const fs = require('node:fs');
const path = require('node:path');
const { extractBlobText } = require('../src/html.ts');
const {
  encryptExportWithRandom,
  reencryptExportWithRandom,
} = require('../src/encryptExport.ts');
const { encodeHeader } = require('../src/header.ts');
const keys = require('../src/keys.ts');
const { packPayload } = require('../src/payload.ts');
const { hostilePayload, samplePayload } = require('../src/testFixtures.ts');
const { fixedRandom } = require('../src/testVectors.ts');

const outputDir = path.resolve(__dirname, '../test-vectors');

/** Deterministic, visibly artificial bytes: `count` bytes counting up from `start`. */
function counting(start, count) {
  return Buffer.from(
    Array.from({ length: count }, (_, i) => (start + i) & 0xff),
  ).toString('hex');
}

function describeFile(file, draws, vector) {
  const blob = Buffer.from(
    extractBlobText(file.html.toString('utf8')),
    'base64',
  );
  return {
    ...vector,
    salt: draws[0],
    wrapIv: draws[1],
    contentKey: draws[2],
    contentIv: draws[3],
    wrappedKey: blob.subarray(38, 86).toString('hex'),
    header: blob.subarray(0, 98).toString('hex'),
    blob: blob.toString('base64'),
  };
}

async function openVector(
  name,
  description,
  payload,
  passphrase,
  passphrases,
  iterations,
  seed,
) {
  const draws = [
    counting(seed, 16),
    counting(seed + 0x40, 12),
    counting(seed + 0x80, 32),
    counting(seed + 0xc0, 12),
  ];
  const file = await encryptExportWithRandom(
    payload,
    { passphrase, iterations },
    fixedRandom(draws),
  );
  return {
    name,
    file,
    vector: describeFile(file, draws, {
      description,
      expect: 'open',
      passphrase,
      passphrases,
      iterations,
      payload,
    }),
  };
}

/**
 * Builds an authentic file whose iteration count is outside the allowed
 * range, which the writer refuses to make: readers must reject it before
 * deriving a key.
 */
async function outOfRangeIterationsVector(name, description, iterations) {
  const passphrase = 'correct horse battery staple';
  const draws = [
    counting(0x50, 16),
    counting(0x60, 12),
    counting(0x70, 32),
    counting(0x80, 12),
  ];
  const [salt, wrapIv, rawKey, contentIv] = draws.map(
    h => new Uint8Array(Buffer.from(h, 'hex')),
  );

  const blank = {
    iterations,
    salt,
    wrapIv,
    wrappedKey: new Uint8Array(48),
    contentIv,
  };
  const keyHeader = encodeHeader(blank).subarray(0, 26);
  const wrappingKey = await keys.deriveWrappingKey(
    passphrase,
    salt,
    iterations,
    ['encrypt'],
  );
  const wrappedKey = await keys.wrapContentKey(
    wrappingKey,
    rawKey,
    wrapIv,
    keyHeader,
  );
  const header = encodeHeader({ ...blank, wrappedKey });
  const payload = samplePayload();
  const ciphertext = await keys.encryptContent(
    await keys.importContentKey(rawKey),
    contentIv,
    header,
    await packPayload(payload),
  );
  const blob = Buffer.concat([header, ciphertext]);
  return {
    name,
    vector: {
      description,
      expect: 'reject',
      passphrase,
      passphrases: [passphrase],
      iterations,
      salt: draws[0],
      wrapIv: draws[1],
      contentKey: draws[2],
      contentIv: draws[3],
      wrappedKey: Buffer.from(wrappedKey).toString('hex'),
      header: Buffer.from(header).toString('hex'),
      payload,
      blob: blob.toString('base64'),
    },
  };
}

/**
 * Derives a vector that readers must reject from an openable one, by
 * changing its blob or the passphrases it is tried with.
 */
function derivedRejectVector(source, name, description, changes) {
  const blob = changes.blob ?? Buffer.from(source.blob, 'base64');
  return {
    name,
    vector: {
      ...source,
      description,
      expect: 'reject',
      passphrases: changes.passphrases ?? source.passphrases,
      iterations: blob.readUInt32BE(6),
      header: blob.subarray(0, 98).toString('hex'),
      blob: blob.toString('base64'),
    },
  };
}

/** Returns a copy of a vector's blob with one bit of one byte flipped. */
function flipBit(source, offset) {
  const blob = Buffer.from(source.blob, 'base64');
  const index = offset < 0 ? blob.length + offset : offset;
  blob[index] ^= 0x01;
  return blob;
}

async function main() {
  const ascii = await openVector(
    'open-ascii-passphrase',
    'ASCII passphrase, sample payload, minimum iteration count.',
    samplePayload(),
    'correct horse battery staple',
    [
      'correct horse battery staple',
      '  correct horse battery staple\n',
      '\tcorrect horse battery staple\r\n',
    ],
    100_000,
    0x00,
  );

  const nfc =
    'P\u00e4ssw\u00f6rd \u00fcn\u00efc\u00f6d\u00e9 \u05e1\u05d5\u05d3 \u{1f511}';
  const unicode = await openVector(
    'open-unicode-passphrase',
    'Non-ASCII passphrase written in NFD; readers given NFC, NFD or padded forms derive the same key.',
    samplePayload(),
    nfc.normalize('NFD'),
    [nfc, nfc.normalize('NFD'), ` ${nfc} `],
    100_000,
    0x10,
  );

  const hostile = await openVector(
    'open-hostile-values',
    'Hostile strings in every field, default iteration count.',
    hostilePayload(),
    'correct horse battery staple',
    ['correct horse battery staple'],
    600_000,
    0x20,
  );

  const updated = samplePayload();
  updated.resources[0].accounts[0].password = 'rotated-Pa55';
  const reencryptDraws = [counting(0xa0, 12)];
  const reencrypted = await reencryptExportWithRandom(
    updated,
    ascii.file.contentKey,
    fixedRandom(reencryptDraws),
  );
  const reencryptVector = describeFile(
    reencrypted,
    [
      ascii.vector.salt,
      ascii.vector.wrapIv,
      ascii.vector.contentKey,
      reencryptDraws[0],
    ],
    {
      description:
        'Re-encryption of open-ascii-passphrase: same salt, wrap IV and wrapped key, new content IV and payload.',
      expect: 'open',
      passphrase: ascii.vector.passphrase,
      passphrases: [ascii.vector.passphrase],
      iterations: 100_000,
      payload: updated,
    },
  );

  const vectors = [
    ascii,
    unicode,
    hostile,
    { name: 'open-reencrypted', vector: reencryptVector },
    await outOfRangeIterationsVector(
      'reject-iterations-below-minimum',
      'Authentic file with 99,999 PBKDF2 iterations: readers must reject it before deriving a key.',
      99_999,
    ),
    await outOfRangeIterationsVector(
      'reject-iterations-above-maximum',
      'Authentic file with 10,000,001 PBKDF2 iterations: readers must reject it before deriving a key.',
      10_000_001,
    ),
    derivedRejectVector(
      ascii.vector,
      'reject-wrong-passphrase',
      'open-ascii-passphrase tried with near misses of its passphrase.',
      {
        passphrases: [
          'correct horse battery stapler',
          'Correct horse battery staple',
          'correct  horse battery staple',
        ],
      },
    ),
    derivedRejectVector(
      ascii.vector,
      'reject-changed-header',
      'open-ascii-passphrase with the iteration count raised by one, still within range: the key derivation and both tags change.',
      {
        blob: (() => {
          const blob = Buffer.from(ascii.vector.blob, 'base64');
          blob.writeUInt32BE(blob.readUInt32BE(6) + 1, 6);
          return blob;
        })(),
      },
    ),
    derivedRejectVector(
      ascii.vector,
      'reject-flipped-tag-bit',
      'open-ascii-passphrase with one bit of the content tag flipped.',
      { blob: flipBit(ascii.vector, -1) },
    ),
    derivedRejectVector(
      ascii.vector,
      'reject-truncated',
      'open-ascii-passphrase without the last byte of its content tag.',
      {
        blob: Buffer.from(ascii.vector.blob, 'base64').subarray(0, -1),
      },
    ),
  ];
  for (const { name, vector } of vectors) {
    const file = path.join(outputDir, `${name}.json`);
    fs.writeFileSync(file, `${JSON.stringify(vector, null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
