/* eslint-disable jest/no-export */
// This module registers the viewer scenarios shared by the per-engine test
// files, so it both exports helpers and declares tests.

import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { encryptExport } from '../encryptExport';
import { renderHtml } from '../html';
import { HOSTILE_VALUES, samplePayload } from '../testFixtures';
import { TestVector } from '../testVectors';

/**
 * Engine-neutral control of one browser tab, so the same viewer scenarios
 * run in Chromium, Firefox and WebKit.
 */
export interface ViewerPage {
  /** Navigates the tab and waits for the load event. */
  open(url: string): Promise<void>;
  /** Evaluates a JavaScript expression in the page; promises are awaited. */
  evaluate<T>(expression: string): Promise<T>;
  /** Clicks the element matching a CSS selector with a real pointer event. */
  click(selector: string): Promise<void>;
  /** Focuses the element and types text with real key events. */
  type(selector: string, text: string): Promise<void>;
  /** Presses one key on the focused element. */
  press(key: 'Enter' | 'Tab'): Promise<void>;
  /** Requests the page made, or undefined when the driver cannot see them. */
  requests(): string[] | undefined;
  /** Number of alert/confirm/prompt dialogs the page opened. */
  dialogs(): Promise<number>;
  /** Reads the system clipboard, or undefined when the driver cannot. */
  readClipboard(): Promise<string | undefined>;
  close(): Promise<void>;
}

/** Test files written once per test file run. */
export interface ViewerFiles {
  directory: string;
  /** Unicode passphrase vector, openable with several equivalent forms. */
  unicode: { url: string; vector: TestVector };
  /** Hostile values vector (600,000 iterations). */
  hostile: { url: string; vector: TestVector };
  /** Authentic file with too few iterations: must be rejected. */
  rejected: { url: string; vector: TestVector };
  /**
   * The unicode vector's file with the ASCII vector's data block inserted
   * before its own. `vector` is the ASCII vector, whose passphrase opens the
   * first block: the file must still be rejected.
   */
  duplicated: { url: string; vector: TestVector };
  /** Sample payload read 400 days ago, passphrase SAMPLE_PASSPHRASE. */
  stale: { url: string };
}

export const SAMPLE_PASSPHRASE = 'correct horse battery staple';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

// Tests run from source, where __dirname is this folder.
// eslint-disable-next-line no-restricted-syntax
const vectorDir = path.resolve(__dirname, '../../test-vectors');

function readVector(name: string): TestVector {
  return JSON.parse(
    fs.readFileSync(path.join(vectorDir, `${name}.json`), 'utf8'),
  );
}

/** Writes the viewer files into a fresh temporary folder. */
export async function writeViewerFiles(): Promise<ViewerFiles> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'viewer-test-'));
  const write = (name: string, html: string | Buffer) => {
    const file = path.join(directory, name);
    fs.writeFileSync(file, html);
    return pathToFileURL(file).href;
  };
  const fromVector = (name: string) => {
    const vector = readVector(name);
    return { vector, url: write(`${name}.html`, renderHtml(vector.blob)) };
  };

  const payload = samplePayload();
  payload.metadata.validAsOf = new Date(
    Date.now() - 400 * 24 * 60 * 60 * 1000,
  ).toISOString();
  const stale = await encryptExport(payload, {
    passphrase: SAMPLE_PASSPHRASE,
    iterations: 100_000,
  });

  const unicode = fromVector('open-unicode-passphrase');
  const inserted = readVector('open-ascii-passphrase');
  const unicodeHtml = renderHtml(unicode.vector.blob);
  const dataStartTag =
    '<script id="encrypted-export" type="application/octet-stream">';
  const duplicatedHtml = unicodeHtml.replace(
    dataStartTag,
    `${dataStartTag}${inserted.blob}</script>\n${dataStartTag}`,
  );

  return {
    directory,
    unicode,
    duplicated: {
      vector: inserted,
      url: write('duplicated.html', duplicatedHtml),
    },
    hostile: fromVector('open-hostile-values'),
    rejected: fromVector('reject-iterations-below-minimum'),
    stale: { url: write('stale.html', stale.html) },
  };
}

/** Polls an expression until it is truthy. */
export async function waitFor(
  page: ViewerPage,
  expression: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate<boolean>(`Boolean(${expression})`)) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${expression}`);
    }
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

const RENDERED = `document.querySelector('#accounts[data-complete]')`;
const UNLOCK_ERROR_SHOWN = `!document.getElementById('unlock-error').hidden`;

/** Sets the passphrase field's value directly, then clicks Unlock. */
async function unlockWithValue(page: ViewerPage, passphrase: string) {
  await page.evaluate(
    `(document.getElementById('passphrase').value = ${JSON.stringify(
      passphrase,
    )}, true)`,
  );
  await page.click('#unlock');
}

/** Types the passphrase with the keyboard, then clicks Unlock. */
async function unlockByTyping(page: ViewerPage, passphrase: string) {
  await page.type('#passphrase', passphrase);
  await page.click('#unlock');
}

async function textsOf(page: ViewerPage, selector: string): Promise<string[]> {
  return page.evaluate<string[]>(
    `Array.from(document.querySelectorAll(${JSON.stringify(
      selector,
    )}), e => e.textContent)`,
  );
}

/** Options that differ between engines, each with the reason. */
export interface ScenarioOptions {
  /** Whether the clipboard can be read back to check copy and clear. */
  clipboardReadable: boolean;
  /** Whether the driver reports network requests. */
  requestsObservable: boolean;
}

/**
 * Registers the viewer scenarios shared by all engines. `getPage` returns a
 * fresh tab of the right size for each test.
 */
export function describeViewerScenarios(
  getFiles: () => ViewerFiles,
  getPage: () => ViewerPage,
  options: ScenarioOptions,
) {
  it('shows one message for a wrong passphrase or a rejected file', async () => {
    const page = getPage();
    await page.open(getFiles().unicode.url);
    await unlockByTyping(page, 'not the passphrase');
    await waitFor(page, UNLOCK_ERROR_SHOWN);
    expect(await textsOf(page, '#unlock-error')).toEqual([
      'Wrong passphrase or damaged file.',
    ]);
    expect(
      await page.evaluate(`document.getElementById('content').hidden`),
    ).toBe(true);

    const rejected = getFiles().rejected;
    await page.open(rejected.url);
    await unlockWithValue(page, rejected.vector.passphrase);
    await waitFor(page, UNLOCK_ERROR_SHOWN);
    expect(await textsOf(page, '#unlock-error')).toEqual([
      'Wrong passphrase or damaged file.',
    ]);

    const duplicated = getFiles().duplicated;
    await page.open(duplicated.url);
    await unlockWithValue(page, duplicated.vector.passphrases[0]);
    await waitFor(page, UNLOCK_ERROR_SHOWN);
    expect(await textsOf(page, '#unlock-error')).toEqual([
      'Wrong passphrase or damaged file.',
    ]);
  });

  it('opens with every equivalent passphrase form', async () => {
    const page = getPage();
    const { url, vector } = getFiles().unicode;
    for (const passphrase of vector.passphrases) {
      await page.open(url);
      await unlockWithValue(page, passphrase);
      await waitFor(page, RENDERED);
      expect(await textsOf(page, '#result-count')).toEqual(['2 accounts']);
      expect(await textsOf(page, '.account-name')).toEqual(['Admin', 'Reader']);
    }
  });

  it('shows hostile values exactly and runs none of them', async () => {
    const page = getPage();
    const { url, vector } = getFiles().hostile;
    await page.open(url);
    await page.type('#passphrase', vector.passphrase);
    await page.press('Enter');
    await waitFor(page, RENDERED);

    expect(await textsOf(page, '.resource-title')).toEqual(HOSTILE_VALUES);
    expect(await textsOf(page, '.account-name')).toEqual(HOSTILE_VALUES);
    expect(await textsOf(page, '[data-field="username"] .value')).toEqual(
      HOSTILE_VALUES,
    );
    expect(await textsOf(page, '[data-field="url"] .value')).toEqual(
      HOSTILE_VALUES,
    );
    expect(await textsOf(page, '[data-field="notes"] .value')).toEqual(
      HOSTILE_VALUES,
    );
    const metadata = await textsOf(page, '#metadata dd');
    expect(metadata).toContain(vector.payload.metadata.exportedBy);
    expect(metadata).toContain(HOSTILE_VALUES[0]);

    const count = HOSTILE_VALUES.length;
    for (let i = 0; i < count; i++) {
      await page.click(
        `.account[data-index="${i}"] button[data-action="reveal"]`,
      );
    }
    expect(await textsOf(page, '[data-field="password"] .value')).toEqual(
      HOSTILE_VALUES,
    );

    // Give any injected handler time to fire before checking it did not.
    await new Promise(resolve => setTimeout(resolve, 300));
    expect(await page.evaluate(`window.__pwned === undefined`)).toBe(true);
    expect(
      await page.evaluate(
        `document.querySelectorAll('#app img, #app b, #accounts script').length`,
      ),
    ).toBe(0);
    expect(await page.dialogs()).toBe(0);
  });

  it('searches, reveals, copies and locks', async () => {
    const page = getPage();
    await page.open(getFiles().stale.url);
    await unlockByTyping(page, SAMPLE_PASSPHRASE);
    await waitFor(page, RENDERED);

    // Metadata and the staleness warning.
    expect(await textsOf(page, '#metadata dt')).toEqual([
      'Portal',
      'Exported by',
      'Exported at',
      'Valid as of',
      'Resources',
    ]);
    expect(await textsOf(page, '#metadata dd')).toContain(
      'user:default/jane.doe',
    );
    expect(
      await page.evaluate(`document.getElementById('stale-warning').hidden`),
    ).toBe(false);
    expect((await textsOf(page, '#stale-warning'))[0]).toContain(
      'more than 30 days ago',
    );

    // Search filters by user name.
    await page.type('#search', 'READER');
    await waitFor(
      page,
      `document.getElementById('result-count').textContent === '1 of 2 accounts match' && ${RENDERED}`,
    );
    expect(await textsOf(page, '.account-name')).toEqual(['Reader']);

    // Reveal toggles the password.
    const passwordValue = '[data-field="password"] .value';
    expect(await textsOf(page, passwordValue)).toEqual(['••••••••']);
    await page.click('button[aria-label="Reveal password"]');
    expect(await textsOf(page, passwordValue)).toEqual(['r34d-only']);
    await page.click('button[aria-label="Hide password"]');
    expect(await textsOf(page, passwordValue)).toEqual(['••••••••']);

    // Copy reports what it copied.
    await page.click('button[aria-label="Copy password"]');
    await waitFor(
      page,
      `document.getElementById('clipboard-status').textContent.startsWith('Password copied')`,
    );

    // Lock removes decrypted content from the page.
    await page.click('#lock');
    expect(
      await page.evaluate(`document.getElementById('content').hidden`),
    ).toBe(true);
    expect(
      await page.evaluate(
        `document.getElementById('accounts').childElementCount`,
      ),
    ).toBe(0);
    const bodyText = await page.evaluate<string>(`document.body.innerHTML`);
    for (const secret of ['r34d-only', 'S3cret!pass', 'postgres', 'jane.doe']) {
      expect(bodyText.includes(secret)).toBe(false);
    }
    expect(
      await page.evaluate(`document.getElementById('passphrase').value`),
    ).toBe('');
  });

  it('locks itself after inactivity', async () => {
    const page = getPage();
    await page.open(`${getFiles().stale.url}#lock-after-ms=700`);
    await unlockWithValue(page, SAMPLE_PASSPHRASE);
    await waitFor(page, RENDERED);
    await waitFor(page, `document.getElementById('content').hidden`, 10_000);
    expect(await textsOf(page, '#unlock-status')).toEqual([
      'Locked after inactivity. Enter the passphrase to unlock.',
    ]);
    expect(
      await page.evaluate(
        `document.getElementById('accounts').childElementCount`,
      ),
    ).toBe(0);
  });

  it('is usable with the keyboard alone', async () => {
    const page = getPage();
    await page.open(getFiles().stale.url);
    expect(await page.evaluate(`document.activeElement.id`)).toBe('passphrase');
    await page.type('#passphrase', SAMPLE_PASSPHRASE);
    await page.press('Enter');
    await waitFor(page, RENDERED);
    expect(await page.evaluate(`document.activeElement.id`)).toBe('search');

    await page.press('Tab');
    expect(await page.evaluate(`document.activeElement.id`)).toBe('lock');
    await page.press('Tab');
    await page.press('Tab');
    expect(
      await page.evaluate(`document.activeElement.getAttribute('aria-label')`),
    ).toBe('Reveal password');
    expect(
      await page.evaluate(
        `getComputedStyle(document.activeElement).outlineStyle`,
      ),
    ).toBe('solid');
    await page.press('Enter');
    expect((await textsOf(page, '[data-field="password"] .value'))[0]).toBe(
      'S3cret!pass',
    );
  });

  it('fits the window without horizontal scrolling', async () => {
    const page = getPage();
    await page.open(getFiles().hostile.url);
    await unlockWithValue(page, getFiles().hostile.vector.passphrase);
    await waitFor(page, RENDERED);
    const overflow = await page.evaluate<number>(
      `document.documentElement.scrollWidth - window.innerWidth`,
    );
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('makes no network request and blocks unhashed scripts', async () => {
    const page = getPage();
    await page.open(getFiles().stale.url);
    await unlockWithValue(page, SAMPLE_PASSPHRASE);
    await waitFor(page, RENDERED);

    const csp = await page.evaluate<string>(
      `document.querySelector('meta[http-equiv="Content-Security-Policy"]').content`,
    );
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-/);
    expect(csp).toContain("connect-src 'none'");

    const injected = await page.evaluate<{ ran: boolean; violations: number }>(
      `new Promise(resolve => {
        let violations = 0;
        document.addEventListener('securitypolicyviolation', () => violations++);
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
        setTimeout(() => resolve({ ran: window.__injected === true, violations }), 200);
      })`,
    );
    expect(injected.ran).toBe(false);
    expect(injected.violations).toBeGreaterThan(0);

    expect(
      await page.evaluate(`performance.getEntriesByType('resource').length`),
    ).toBe(0);
  });

  // Registered only where the driver can observe requests.
  const itWithRequests = options.requestsObservable ? it : it.skip;
  itWithRequests('sends no network request while unlocking', async () => {
    const page = getPage();
    await page.open(getFiles().stale.url);
    await unlockWithValue(page, SAMPLE_PASSPHRASE);
    await waitFor(page, RENDERED);
    await page.click('button[aria-label="Copy password"]');
    await page.click('#lock');

    // A data: URL (the empty favicon) is decoded locally, not fetched.
    const network = (page.requests() ?? []).filter(
      url => !url.startsWith('data:'),
    );
    expect(network).toEqual([]);
  });

  // Registered only where the test can read the clipboard back.
  const itWithClipboard = options.clipboardReadable ? it : it.skip;
  itWithClipboard('copies and later clears the clipboard', async () => {
    const page = getPage();
    await page.open(`${getFiles().stale.url}#clipboard-clear-ms=600`);
    await unlockWithValue(page, SAMPLE_PASSPHRASE);
    await waitFor(page, RENDERED);

    await page.click('button[aria-label="Copy password"]');
    await waitFor(
      page,
      `document.getElementById('clipboard-status').textContent.startsWith('Password copied')`,
    );
    expect(await page.readClipboard()).toBe('S3cret!pass');

    await waitFor(
      page,
      `document.getElementById('clipboard-status').textContent !== '' && !document.getElementById('clipboard-status').textContent.startsWith('Password copied')`,
    );
    // Engines that only write during a gesture clear at the next click.
    await page.click('#search');
    await waitFor(
      page,
      `document.getElementById('clipboard-status').textContent === 'Clipboard cleared.'`,
    );
    expect(await page.readClipboard()).toBe('');
  });

  itWithClipboard('clears the clipboard on lock', async () => {
    const page = getPage();
    await page.open(getFiles().stale.url);
    await unlockWithValue(page, SAMPLE_PASSPHRASE);
    await waitFor(page, RENDERED);

    await page.click('button[aria-label="Copy username"]');
    await waitFor(
      page,
      `document.getElementById('clipboard-status').textContent.startsWith('Username copied')`,
    );
    expect(await page.readClipboard()).toBe('postgres');

    await page.click('#lock');
    await waitFor(
      page,
      `document.getElementById('clipboard-status').textContent === 'Clipboard cleared.'`,
    );
    expect(await page.readClipboard()).toBe('');
  });
}

/** Returns a free TCP port on the loopback interface. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on a display it picks itself and returns the display number. */
export async function startXvfb(): Promise<{
  display: string;
  process: ChildProcess;
}> {
  const child = spawn(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', '1400x1000x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'ignore', 'pipe'] },
  );
  const display = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('Xvfb did not start')),
      10_000,
    );
    (child.stdio[3] as NodeJS.ReadableStream).once('data', data => {
      clearTimeout(timer);
      resolve(String(data).trim());
    });
    child.once('error', reject);
  });
  return { display, process: child };
}
