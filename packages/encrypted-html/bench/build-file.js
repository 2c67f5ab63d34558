#!/usr/bin/env node
/*
 * Builds one encrypted file of N generated accounts in a fresh process and
 * prints {"kdfMs":[...],"buildMs":[...],"rssGrowthBytes":...,"bytes":...}
 * as JSON; kdfMs times PBKDF2 alone in the same process.
 * Used by bench/run.js, which runs it once per size so peak RSS readings
 * start from a clean process.
 *
 *   node bench/build-file.js COUNT OUTPUT.html PASSPHRASE
 */
require('@backstage/cli/config/nodeTransform.cjs');

const fs = require('node:fs');
const { encryptExport } = require('../src/index.ts');
const { largePayload } = require('../src/testFixtures.ts');

const RUNS = 3;

/** Times PBKDF2 alone in this process, so build times compare like for like. */
async function measureKdf(passphrase) {
  const subtle = globalThis.crypto.subtle;
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    const material = await subtle.importKey(
      'raw',
      new TextEncoder().encode(passphrase),
      'PBKDF2',
      false,
      ['deriveBits'],
    );
    await subtle.deriveBits(
      {
        name: 'PBKDF2',
        hash: 'SHA-256',
        salt: new Uint8Array(16),
        iterations: 600_000,
      },
      material,
      256,
    );
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times;
}

async function main() {
  const [countText, output, passphrase] = process.argv.slice(2);
  const payload = largePayload(Number(countText));

  // maxRSS is the process's peak in KiB; the difference is what building
  // the file added on top of holding the payload.
  if (global.gc) {
    global.gc();
  }
  const peakBefore = process.resourceUsage().maxRSS * 1024;

  const kdfMs = await measureKdf(passphrase);
  const buildMs = [];
  let rssGrowthBytes = 0;
  let file;
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    file = await encryptExport(payload, { passphrase });
    buildMs.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (i === 0) {
      rssGrowthBytes = process.resourceUsage().maxRSS * 1024 - peakBefore;
    }
  }

  fs.writeFileSync(output, file.html);
  process.stdout.write(
    JSON.stringify({
      kdfMs,
      buildMs,
      rssGrowthBytes,
      bytes: file.html.length,
    }),
  );
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
