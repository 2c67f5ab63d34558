import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import {
  describeViewerScenarios,
  DESKTOP,
  findFreePort,
  PHONE,
  startXvfb,
  ViewerFiles,
  ViewerPage,
  writeViewerFiles,
} from './browserTestKit';

const DRIVER = '/usr/bin/WebKitWebDriver';
const MINI_BROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const missing = [DRIVER, MINI_BROWSER, '/usr/bin/Xvfb'].filter(
  file => !fs.existsSync(file),
);
if (missing.length > 0) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping WebKit viewer tests: ${missing.join(', ')} missing`);
}

jest.setTimeout(60_000);

/** W3C WebDriver's key for element references. */
const ELEMENT_KEY = 'element-6066-11e4-a52e-4f735466cecf';
const KEYS = { Enter: '\uE007', Tab: '\uE004' };

/** A W3C WebDriver session over plain HTTP on the loopback interface. */
class WebDriverSession {
  private constructor(
    private readonly base: string,
    private readonly id: string,
  ) {}

  static async create(base: string): Promise<WebDriverSession> {
    const response = await fetch(`${base}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        capabilities: {
          alwaysMatch: {
            // A dialog stays open so the test can see it instead of the
            // driver dismissing it silently.
            unhandledPromptBehavior: 'ignore',
            'webkitgtk:browserOptions': {
              binary: MINI_BROWSER,
              args: ['--automation'],
            },
          },
        },
      }),
    });
    const body = await response.json();
    if (!response.ok) {
      throw new Error(`WebDriver session failed: ${JSON.stringify(body)}`);
    }
    return new WebDriverSession(base, body.value.sessionId);
  }

  async call<T = unknown>(
    method: string,
    path: string,
    body?: object,
  ): Promise<T> {
    const response = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const result = await response.json();
    if (!response.ok) {
      throw new Error(
        `WebDriver ${method} ${path} failed: ${result.value?.error} ${result.value?.message}`,
      );
    }
    return result.value as T;
  }

  async findElement(selector: string): Promise<string> {
    const element = await this.call<Record<string, string>>(
      'POST',
      '/element',
      {
        using: 'css selector',
        value: selector,
      },
    );
    return element[ELEMENT_KEY];
  }

  async end(): Promise<void> {
    await fetch(`${this.base}/session/${this.id}`, { method: 'DELETE' });
  }
}

function wrapSession(session: WebDriverSession): ViewerPage {
  return {
    async open(url) {
      await session.call('POST', '/url', { url });
      // A change of fragment alone does not reload the page.
      await session.call('POST', '/refresh', {});
    },
    evaluate: expression =>
      session.call('POST', '/execute/sync', {
        script: `return (${expression});`,
        args: [],
      }),
    async click(selector) {
      const element = await session.findElement(selector);
      // WebKit reports elements inside not yet painted content-visibility
      // sections as not interactable; scroll them in first, as a user would.
      await session.call('POST', '/execute/sync', {
        script: 'arguments[0].scrollIntoView({ block: "center" });',
        args: [{ [ELEMENT_KEY]: element }],
      });
      await session.call('POST', `/element/${element}/click`, {});
    },
    async type(selector, text) {
      const element = await session.findElement(selector);
      await session.call('POST', `/element/${element}/value`, { text });
    },
    async press(key) {
      const value = KEYS[key];
      await session.call('POST', '/actions', {
        actions: [
          {
            type: 'key',
            id: 'keyboard',
            actions: [
              { type: 'keyDown', value },
              { type: 'keyUp', value },
            ],
          },
        ],
      });
    },
    // Classic WebDriver reports no network traffic; the shared scenario still
    // checks resource timing and CSP violations.
    requests: () => undefined,
    async dialogs() {
      try {
        await session.call('GET', '/alert/text');
        return 1;
      } catch {
        return 0;
      }
    },
    // NOTE: WebKitGTK's automation offers no clipboard access and the page
    // cannot read it without a paste prompt, so copy is checked by its
    // status message only.
    readClipboard: async () => undefined,
    close: async () => undefined,
  };
}

async function waitForDriver(base: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`${base}/status`);
      if (response.ok) {
        return;
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      throw new Error('WebKitWebDriver did not start');
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

(missing.length === 0 ? describe : describe.skip)('viewer in WebKitGTK', () => {
  let files: ViewerFiles;
  let xvfb: ChildProcess;
  let driver: ChildProcess;
  let session: WebDriverSession;

  beforeAll(async () => {
    files = await writeViewerFiles();

    // MiniBrowser has no headless mode: it runs on a private Xvfb display.
    const display = await startXvfb();
    xvfb = display.process;
    const port = await findFreePort();
    driver = spawn(DRIVER, [`--port=${port}`, '--host=local'], {
      env: { ...process.env, DISPLAY: `:${display.display}` },
      stdio: 'ignore',
    });
    const base = `http://127.0.0.1:${port}`;
    await waitForDriver(base);

    // One window for both sizes: without a window manager on the Xvfb
    // display, a second MiniBrowser window never gets keyboard focus.
    session = await WebDriverSession.create(base);
  });

  afterAll(async () => {
    await session?.end();
    driver?.kill();
    xvfb?.kill();
    fs.rmSync(files.directory, { recursive: true, force: true });
  });

  describe.each([
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ])('at %s size', (_, size) => {
    let page: ViewerPage;

    beforeAll(async () => {
      // NOTE: MiniBrowser's window cannot be narrower than about 447 px, so
      // the phone run lays out at that width rather than 375 px.
      // Without a window manager, X gives keyboard focus to the window
      // under the pointer, which rests at the screen's centre (700, 500):
      // keep the window over it, or focus styles never apply.
      await session.call('POST', '/window/rect', {
        ...size,
        x: size.width < 700 ? 500 : 0,
        y: 0,
      });
      page = wrapSession(session);
    });

    describeViewerScenarios(
      () => files,
      () => page,
      { clipboardReadable: false, requestsObservable: false },
    );
  });
});
