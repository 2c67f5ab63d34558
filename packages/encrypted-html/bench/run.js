#!/usr/bin/env node
/*
 * Benchmark of the encrypted HTML file: KDF cost, build time and memory,
 * viewer unlock time in headless Chromium, file sizes, and StatiCrypt on
 * the same accounts for comparison. Prints a Markdown report.
 *
 *   node bench/run.js [--sizes 10,1000,100000]
 *
 * Needs /usr/bin/chromium and the npm registry (StatiCrypt is installed
 * into a temporary folder). Not part of the test suite.
 */
require('@backstage/cli/config/nodeTransform.cjs');

const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { chromium } = require('playwright-core');
const { largePayload } = require('../src/testFixtures.ts');

const CHROMIUM = '/usr/bin/chromium';
const ITERATIONS = 600_000;
// A benchmark-only passphrase; real passphrases never go on a command line.
const PASSPHRASE = 'benchmark passphrase 42';
const BROWSER_RUNS = 3;

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function parseSizes() {
  const index = process.argv.indexOf('--sizes');
  const text = index === -1 ? '10,1000,100000' : process.argv[index + 1];
  return text.split(',').map(Number);
}

function describeMachine() {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1] ?? 'unknown';
  return {
    nproc: os.availableParallelism(),
    cpu: model,
    memoryGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
  };
}

/** Times PBKDF2-HMAC-SHA256 alone through WebCrypto, as the writer runs it. */
async function measureNodeKdf() {
  const subtle = globalThis.crypto.subtle;
  const salt = new Uint8Array(16);
  const times = [];
  for (let i = 0; i < 5; i++) {
    const started = process.hrtime.bigint();
    const material = await subtle.importKey(
      'raw',
      new TextEncoder().encode(PASSPHRASE),
      'PBKDF2',
      false,
      ['deriveBits'],
    );
    await subtle.deriveBits(
      { name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS },
      material,
      256,
    );
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(times);
}

function buildFile(count, output) {
  const result = execFileSync(
    process.execPath,
    [
      '--expose-gc',
      path.join(__dirname, 'build-file.js'),
      String(count),
      output,
      PASSPHRASE,
    ],
    { encoding: 'utf8', maxBuffer: 1024 * 1024 },
  );
  return JSON.parse(result);
}

/** Writes the same accounts as a plain HTML table, StatiCrypt's input. */
function writePlainTable(payload, output) {
  const escape = text =>
    String(text ?? '').replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);
  const rows = [];
  for (const resource of payload.resources) {
    for (const account of resource.accounts) {
      const cells = [
        resource.title,
        account.name,
        account.username,
        account.password,
        account.url,
        account.notes,
        account.updatedAt,
      ];
      rows.push(
        `<tr>${cells.map(cell => `<td>${escape(cell)}</td>`).join('')}</tr>`,
      );
    }
  }
  fs.writeFileSync(
    output,
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Accounts</title></head><body><table>${rows.join(
      '\n',
    )}</table></body></html>\n`,
  );
}

function runStatiCrypt(workDir, sizes) {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'staticrypt-'));
  execFileSync(
    'npm',
    ['i', '--prefix', prefix, '--no-audit', '--no-fund', 'staticrypt'],
    {
      stdio: 'ignore',
    },
  );
  const bin = path.join(prefix, 'node_modules/.bin/staticrypt');
  const version = JSON.parse(
    fs.readFileSync(
      path.join(prefix, 'node_modules/staticrypt/package.json'),
      'utf8',
    ),
  ).version;

  const results = {};
  for (const count of sizes) {
    const input = path.join(workDir, `plain-${count}.html`);
    const outDir = path.join(workDir, `staticrypt-${count}`);
    writePlainTable(largePayload(count), input);
    const started = process.hrtime.bigint();
    execFileSync(
      bin,
      [
        input,
        '-p',
        PASSPHRASE,
        '--short',
        '-d',
        outDir,
        '-c',
        'false',
        '--remember',
        'false',
      ],
      { stdio: 'ignore', cwd: workDir },
    );
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const bytes = fs.statSync(path.join(outDir, path.basename(input))).size;
    results[count] = { ms, bytes, plainBytes: fs.statSync(input).size };
  }
  fs.rmSync(prefix, { recursive: true, force: true });
  return { version, results };
}

async function measureBrowser(files) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const version = browser.version();
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(files[0].file).href);
    const kdfTimes = [];
    for (let i = 0; i < 5; i++) {
      kdfTimes.push(
        await page.evaluate(async iterations => {
          const started = performance.now();
          const material = await crypto.subtle.importKey(
            'raw',
            new TextEncoder().encode('benchmark passphrase 42'),
            'PBKDF2',
            false,
            ['deriveBits'],
          );
          await crypto.subtle.deriveBits(
            {
              name: 'PBKDF2',
              hash: 'SHA-256',
              salt: new Uint8Array(16),
              iterations,
            },
            material,
            256,
          );
          return performance.now() - started;
        }, ITERATIONS),
      );
    }
    await context.close();

    const unlock = {};
    for (const { count, file } of files) {
      const firstRows = [];
      const allRows = [];
      for (let i = 0; i < BROWSER_RUNS; i++) {
        const runContext = await browser.newContext({
          viewport: { width: 1280, height: 800 },
        });
        const runPage = await runContext.newPage();
        await runPage.goto(pathToFileURL(file).href);
        await runPage.fill('#passphrase', PASSPHRASE);
        await runPage.click('#unlock');
        // Poll sparingly: Playwright's waitForSelector checks on every
        // animation frame and slowed the page's own rendering about 3 times.
        const deadline = Date.now() + 180_000;
        while (
          !(await runPage.evaluate(
            () => !!document.querySelector('#accounts[data-complete]'),
          ))
        ) {
          if (Date.now() > deadline) {
            throw new Error(`rendering ${count} accounts timed out`);
          }
          await runPage.waitForTimeout(250);
        }
        const marks = await runPage.evaluate(() =>
          Object.fromEntries(
            performance
              .getEntriesByType('mark')
              .map(mark => [mark.name, mark.startTime]),
          ),
        );
        firstRows.push(marks['ehtml-first-rows'] - marks['ehtml-unlock-start']);
        allRows.push(marks['ehtml-rendered'] - marks['ehtml-unlock-start']);
        await runContext.close();
      }
      unlock[count] = {
        firstRows: median(firstRows),
        allRows: median(allRows),
      };
    }
    return { version, kdf: median(kdfTimes), unlock };
  } finally {
    await browser.close();
  }
}

function format(ms) {
  return `${Math.round(ms)} ms`;
}

function formatBytes(bytes) {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${(bytes / 1024).toFixed(1)} KiB`;
}

function verdict(ok) {
  return ok ? 'met' : '**missed**';
}

async function main() {
  const sizes = parseSizes();
  const workDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'encrypted-html-bench-'),
  );
  const machine = describeMachine();

  const nodeKdf = await measureNodeKdf();
  const builds = sizes.map(count => {
    const file = path.join(workDir, `export-${count}.html`);
    return { count, file, ...buildFile(count, file) };
  });
  const browser = await measureBrowser(builds);
  const staticrypt = runStatiCrypt(workDir, sizes);
  fs.rmSync(workDir, { recursive: true, force: true });

  const lines = [];
  lines.push(
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), ${machine.memoryGiB} GiB memory, Node ${machine.node}, Chromium ${browser.version}, StatiCrypt ${staticrypt.version}.`,
  );
  lines.push('');
  lines.push(
    `PBKDF2-HMAC-SHA256, ${ITERATIONS} iterations, alone: ${format(
      nodeKdf,
    )} in Node (median of 5), ${format(
      browser.kdf,
    )} in Chromium (median of 5).`,
  );
  lines.push('');
  lines.push(
    '| Accounts | KDF alone in the build process | Build (median of 3) | Peak RSS growth | File size | StatiCrypt size | Size ratio | StatiCrypt build | Unlock to first rows | Unlock to all rows |',
  );
  lines.push(
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const build of builds) {
    const other = staticrypt.results[build.count];
    const unlock = browser.unlock[build.count];
    lines.push(
      `| ${build.count.toLocaleString('en')} | ${format(
        median(build.kdfMs),
      )} | ${format(median(build.buildMs))} | ${formatBytes(
        build.rssGrowthBytes,
      )} | ${formatBytes(build.bytes)} | ${formatBytes(other.bytes)} | ${(
        build.bytes / other.bytes
      ).toFixed(2)} | ${format(other.ms)} | ${format(
        unlock.firstRows,
      )} | ${format(unlock.allRows)} |`,
    );
  }
  lines.push('');

  const byCount = count => builds.find(build => build.count === count);
  const goals = [];
  if (byCount(1000)) {
    const build = median(byCount(1000).buildMs);
    const kdf = median(byCount(1000).kdfMs);
    goals.push(
      `| 1,000-account file built in at most 1.1 x KDF (${format(
        1.1 * kdf,
      )}) | ${format(build)} | ${verdict(build <= 1.1 * kdf)} |`,
    );
    const ratio = byCount(1000).bytes / staticrypt.results[1000].bytes;
    goals.push(
      `| 1,000-account file at most 0.6 x StatiCrypt's | ${ratio.toFixed(
        2,
      )} x | ${verdict(ratio <= 0.6)} |`,
    );
    const unlock = browser.unlock[1000].allRows;
    const first = browser.unlock[1000].firstRows;
    goals.push(
      `| Viewer, 1,000 accounts, first rows within 1.3 x browser KDF (${format(
        1.3 * browser.kdf,
      )}) | ${format(first)} | ${verdict(first <= 1.3 * browser.kdf)} |`,
    );
    goals.push(
      `| Viewer, 1,000 accounts, all rows within 1.3 x browser KDF (${format(
        1.3 * browser.kdf,
      )}) | ${format(unlock)} | ${verdict(unlock <= 1.3 * browser.kdf)} |`,
    );
  }
  if (byCount(100000)) {
    const build = median(byCount(100000).buildMs);
    const kdf = median(byCount(100000).kdfMs);
    goals.push(
      `| 100,000-account file built in at most KDF + 1.5 s (${format(
        kdf + 1500,
      )}) | ${format(build)} | ${verdict(build <= kdf + 1500)} |`,
    );
    const rss = byCount(100000).rssGrowthBytes;
    goals.push(
      `| 100,000-account build peak RSS growth under 300 MB | ${formatBytes(
        rss,
      )} | ${verdict(rss < 300 * 1e6)} |`,
    );
    const unlock = browser.unlock[100000];
    goals.push(
      `| Viewer, 100,000 accounts, first rows within browser KDF + 3 s (${format(
        browser.kdf + 3000,
      )}) | ${format(unlock.firstRows)} | ${verdict(
        unlock.firstRows <= browser.kdf + 3000,
      )} |`,
    );
    goals.push(
      `| Viewer, 100,000 accounts, all rows within browser KDF + 3 s (${format(
        browser.kdf + 3000,
      )}) | ${format(unlock.allRows)} | ${verdict(
        unlock.allRows <= browser.kdf + 3000,
      )} |`,
    );
  }
  lines.push('| Goal | Measured | Result |');
  lines.push('| --- | ---: | --- |');
  lines.push(...goals);

  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch(error => {
  process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});
