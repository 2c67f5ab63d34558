import { copySecretToClipboard } from './copySecretToClipboard';

// jsdom has neither a clipboard nor a permissions API, so the test installs
// in-memory ones with the same methods.
function installBrowserApis(options: { clipboardRead: PermissionState }) {
  let text = '';
  const clipboard = {
    writeText: jest.fn(async (value: string) => {
      text = value;
    }),
    readText: jest.fn(async () => text),
  };
  const permissions = {
    query: jest.fn(async () => ({ state: options.clipboardRead })),
  };
  Object.defineProperty(navigator, 'clipboard', {
    value: clipboard,
    configurable: true,
  });
  Object.defineProperty(navigator, 'permissions', {
    value: permissions,
    configurable: true,
  });
  return {
    clipboard,
    permissions,
    contents: () => text,
    copyElsewhere: (value: string) => {
      text = value;
    },
  };
}

// Lets the promise chain started by the timer run to its end.
async function flushPromises() {
  for (let i = 0; i < 5; i++) {
    await Promise.resolve();
  }
}

describe('copySecretToClipboard', () => {
  beforeEach(() => {
    jest.useFakeTimers();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  it('clears the clipboard after the timeout', async () => {
    const apis = installBrowserApis({ clipboardRead: 'granted' });

    await copySecretToClipboard('s3cret', 30_000);
    expect(apis.contents()).toBe('s3cret');

    jest.advanceTimersByTime(29_999);
    await flushPromises();
    expect(apis.contents()).toBe('s3cret');

    jest.advanceTimersByTime(1);
    await flushPromises();
    expect(apis.contents()).toBe('');
    expect(apis.permissions.query).toHaveBeenCalledWith({
      name: 'clipboard-read',
    });
  });

  it('keeps text copied after the secret', async () => {
    const apis = installBrowserApis({ clipboardRead: 'granted' });

    await copySecretToClipboard('s3cret', 30_000);
    apis.copyElsewhere('something else');

    jest.advanceTimersByTime(30_000);
    await flushPromises();
    expect(apis.contents()).toBe('something else');
  });

  it('never reads the clipboard without the permission', async () => {
    const apis = installBrowserApis({ clipboardRead: 'prompt' });

    await copySecretToClipboard('s3cret', 30_000);
    jest.advanceTimersByTime(30_000);
    await flushPromises();

    expect(apis.clipboard.readText).not.toHaveBeenCalled();
    expect(apis.contents()).toBe('s3cret');
  });

  it('cancels the scheduled removal', async () => {
    const apis = installBrowserApis({ clipboardRead: 'granted' });

    const cancel = await copySecretToClipboard('s3cret', 30_000);
    cancel();
    jest.advanceTimersByTime(30_000);
    await flushPromises();

    expect(apis.contents()).toBe('s3cret');
  });

  it('rejects when the browser refuses to write', async () => {
    const apis = installBrowserApis({ clipboardRead: 'granted' });
    apis.clipboard.writeText.mockRejectedValueOnce(
      new DOMException('Document is not focused.', 'NotAllowedError'),
    );

    await expect(copySecretToClipboard('s3cret')).rejects.toThrow(
      'Document is not focused.',
    );
    jest.advanceTimersByTime(30_000);
    await flushPromises();
    expect(apis.clipboard.readText).not.toHaveBeenCalled();
  });
});
