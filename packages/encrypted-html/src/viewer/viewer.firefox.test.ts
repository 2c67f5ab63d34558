import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer-core';
import {
  describeViewerScenarios,
  DESKTOP,
  PHONE,
  ViewerFiles,
  ViewerPage,
  writeViewerFiles,
} from './browserTestKit';

const FIREFOX = '/usr/bin/firefox-esr';
const available = fs.existsSync(FIREFOX);
if (!available) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping Firefox viewer tests: ${FIREFOX} is not installed`);
}

jest.setTimeout(60_000);

/** Wraps a Puppeteer page (WebDriver BiDi), recording requests and dialogs. */
function wrapPage(page: Page): ViewerPage {
  const requests: string[] = [];
  let dialogs = 0;
  let documentUrl = '';
  page.on('request', request => {
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
      await page.reload();
    },
    evaluate: <T>(expression: string) =>
      page.evaluate(expression) as Promise<T>,
    click: selector => page.click(selector),
    type: (selector, text) => page.type(selector, text),
    press: key => page.keyboard.press(key),
    requests: () => requests,
    dialogs: async () => dialogs,
    readClipboard: () => page.evaluate(() => navigator.clipboard.readText()),
    close: () => page.close(),
  };
}

(available ? describe : describe.skip)('viewer in Firefox ESR', () => {
  let browser: Browser;
  let files: ViewerFiles;
  let userDataDir: string;

  beforeAll(async () => {
    files = await writeViewerFiles();
    userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'firefox-profile-'));
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      userDataDir,
      extraPrefsFirefox: {
        // Lets the test read the clipboard back without Firefox's paste
        // prompt; the viewer itself never reads in Firefox.
        'dom.events.testing.asyncClipboard': true,
      },
    });
  });

  afterAll(async () => {
    await browser?.close();
    fs.rmSync(files.directory, { recursive: true, force: true });
    fs.rmSync(userDataDir, { recursive: true, force: true });
  });

  describe.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])('at %s size', (_, viewport) => {
    let page: ViewerPage;

    beforeEach(async () => {
      const rawPage = await browser.newPage();
      await rawPage.setViewport(viewport);
      page = wrapPage(rawPage);
    });

    afterEach(async () => {
      await page.close();
    });

    describeViewerScenarios(
      () => files,
      () => page,
      { clipboardReadable: true, requestsObservable: true },
    );
  });
});
