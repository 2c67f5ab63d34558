import {
  deferResizeObserverCallbacks,
  ResizeObserverHost,
} from './deferResizeObserverCallbacks';

type Callback = (entries: unknown[], observer: unknown) => void;

// jsdom has no ResizeObserver; this stand-in records the callback it gets so
// the test can play the browser's part.
function createFakeWindow() {
  const frames: Array<() => void> = [];
  let registered: Callback | undefined;

  class FakeResizeObserver {
    constructor(callback: Callback) {
      registered = callback;
    }
  }

  const fakeWindow = {
    ResizeObserver: FakeResizeObserver,
    requestAnimationFrame: (frame: () => void) => frames.push(frame),
  } as unknown as Required<ResizeObserverHost>;

  return {
    fakeWindow,
    frames,
    notify: (entries: unknown[]) => registered?.(entries, undefined),
  };
}

describe('deferResizeObserverCallbacks', () => {
  it('delivers notifications in the next animation frame', () => {
    const { fakeWindow, frames, notify } = createFakeWindow();
    deferResizeObserverCallbacks(fakeWindow);
    const received: unknown[][] = [];

    const observer = new fakeWindow.ResizeObserver(entries => {
      received.push(entries);
    });
    notify(['first']);

    expect(observer).toBeInstanceOf(fakeWindow.ResizeObserver);
    expect(received).toEqual([]);
    expect(frames).toHaveLength(1);

    frames[0]();
    expect(received).toEqual([['first']]);
  });

  it('leaves a window without ResizeObserver alone', () => {
    const fakeWindow = {} as ResizeObserverHost;

    deferResizeObserverCallbacks(fakeWindow);

    expect(fakeWindow.ResizeObserver).toBeUndefined();
  });
});
