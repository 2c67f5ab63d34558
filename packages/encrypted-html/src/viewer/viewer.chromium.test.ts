import fs from 'node:fs';
import path from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { encryptExport } from '../encryptExport';
import { largePayload } from '../testFixtures';
import {
  describeViewerScenarios,
  DESKTOP,
  PHONE,
  SAMPLE_PASSPHRASE,
  ViewerFiles,
  ViewerPage,
  waitFor,
  writeViewerFiles,
} from './browserTestKit';

const CHROMIUM = '/usr/bin/chromium';
const available = fs.existsSync(CHROMIUM);
if (!available) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping Chromium viewer tests: ${CHROMIUM} is not installed`);
}

jest.setTimeout(60_000);

/** Wraps a Playwright page, recording its requests and dialogs. */
function wrapPage(page: Page): ViewerPage {
  const requests: string[] = [];
  let dialogs = 0;
  let documentUrl = '';
  page.on('request', request => {
    // The file:// document itself is a navigation, not a network request.
    if (!(request.isNavigationRequest() && request.url() === documentUrl)) {
      requests.push(request.url());
    }
  });
  page.on('dialog', dialog => {
    dialogs++;
    dialog.dismiss().catch(() => undefined);
  });

  return {
    async open(url) {
      documentUrl = url.split('#')[0];
      await page.goto(url);
      // Reload so a change of fragment alone still runs the page again.
      await page.reload();
    },
    evaluate: expression => page.evaluate(expression),
    click: selector => page.locator(selector).first().click(),
    type: (selector, text) => page.locator(selector).pressSequentially(text),
    press: key => page.keyboard.press(key),
    requests: () => requests,
    dialogs: async () => dialogs,
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    close: () => page.close(),
  };
}

(available ? describe : describe.skip)('viewer in Chromium', () => {
  let browser: Browser;
  let files: ViewerFiles;

  beforeAll(async () => {
    files = await writeViewerFiles();
    // launch() starts Chromium with a fresh temporary profile, the same as a
    // new --user-data-dir, and removes it on close.
    browser = await chromium.launch({
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
  });

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(files.directory, { recursive: true, force: true });
  });

  describe.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])('at %s size', (_, viewport) => {
    let context: BrowserContext;
    let page: ViewerPage;
    let rawPage: Page;

    beforeEach(async () => {
      context = await browser.newContext({ viewport });
      await context.grantPermissions(['clipboard-read', 'clipboard-write']);
      rawPage = await context.newPage();
      page = wrapPage(rawPage);
    });

    afterEach(async () => {
      await context.close();
    });

    describeViewerScenarios(
      () => files,
      () => page,
      { clipboardReadable: true, requestsObservable: true },
    );

    it('exposes the controls by role and accessible name', async () => {
      await rawPage.goto(files.stale.url);
      await rawPage.getByLabel('Passphrase').fill(SAMPLE_PASSPHRASE);
      await rawPage.getByRole('button', { name: 'Unlock' }).click();
      await waitFor(page, `document.querySelector('#accounts[data-complete]')`);

      await expect(rawPage.getByLabel('Search').count()).resolves.toBe(1);
      await expect(
        rawPage.getByRole('button', { name: 'Lock' }).count(),
      ).resolves.toBe(1);
      for (const name of [
        'Reveal password',
        'Copy password',
        'Copy username',
      ]) {
        await expect(
          rawPage.getByRole('button', { name, exact: true }).count(),
        ).resolves.toBe(2);
      }
      await expect(
        rawPage.getByRole('button', { name: 'Copy URL' }).count(),
      ).resolves.toBe(1);
    });

    it('keeps the clipboard when something else was copied since', async () => {
      await page.open(`${files.stale.url}#clipboard-clear-ms=400`);
      await rawPage.getByLabel('Passphrase').fill(SAMPLE_PASSPHRASE);
      await rawPage.getByRole('button', { name: 'Unlock' }).click();
      await waitFor(page, `document.querySelector('#accounts[data-complete]')`);

      await rawPage
        .getByRole('button', { name: 'Copy username' })
        .first()
        .click();
      await expect(page.readClipboard()).resolves.toBe('postgres');
      await rawPage.evaluate(() => navigator.clipboard.writeText('mine'));
      await waitFor(
        page,
        `document.getElementById('clipboard-status').textContent === ''`,
      );
      await expect(page.readClipboard()).resolves.toBe('mine');
    });
  });

  describe('feature detection', () => {
    let context: BrowserContext;

    beforeEach(async () => {
      context = await browser.newContext({ viewport: DESKTOP });
    });

    afterEach(async () => {
      await context.close();
    });

    it('explains a missing secure context instead of asking for the passphrase', async () => {
      const rawPage = await context.newPage();
      await rawPage.addInitScript(() =>
        Object.defineProperty(window, 'isSecureContext', { value: false }),
      );
      await rawPage.goto(files.stale.url);
      const notice = await rawPage.getByRole('alert').first().textContent();
      expect(notice).toContain('not through an http:// address');
      expect(await rawPage.locator('#unlock-form').isHidden()).toBe(true);
    });

    it('explains a missing DecompressionStream', async () => {
      const rawPage = await context.newPage();
      await rawPage.addInitScript(() => {
        delete (window as any).DecompressionStream;
      });
      await rawPage.goto(files.stale.url);
      const notice = await rawPage.getByRole('alert').first().textContent();
      expect(notice).toContain('This browser is too old to decrypt this file.');
      expect(await rawPage.locator('#unlock-form').isHidden()).toBe(true);
    });
  });

  it('renders a large export progressively', async () => {
    const file = await encryptExport(largePayload(5_000), {
      passphrase: SAMPLE_PASSPHRASE,
      iterations: 100_000,
    });
    const filePath = path.join(files.directory, 'large.html');
    fs.writeFileSync(filePath, file.html);

    const context = await browser.newContext({ viewport: DESKTOP });
    try {
      const rawPage = await context.newPage();
      const page = wrapPage(rawPage);
      await rawPage.goto(`file://${filePath}`);
      await rawPage.getByLabel('Passphrase').fill(SAMPLE_PASSPHRASE);
      await rawPage.getByRole('button', { name: 'Unlock' }).click();
      await waitFor(
        page,
        `document.querySelector('#accounts[data-complete]')`,
        40_000,
      );

      expect(
        await page.evaluate(`document.querySelectorAll('.account').length`),
      ).toBe(5_000);
      const marks = await page.evaluate<string[]>(
        `performance.getEntriesByType('mark').map(mark => mark.name)`,
      );
      expect(marks).toEqual([
        'ehtml-unlock-start',
        'ehtml-first-rows',
        'ehtml-rendered',
      ]);
      // More than one frame was used, so input was handled in between.
      const frames = await page.evaluate<number>(
        `performance.getEntriesByName('ehtml-rendered')[0].startTime - performance.getEntriesByName('ehtml-first-rows')[0].startTime`,
      );
      expect(frames).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });
});
