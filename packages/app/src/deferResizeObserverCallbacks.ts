/** The parts of a window that {@link deferResizeObserverCallbacks} replaces. */
export interface ResizeObserverHost {
  ResizeObserver?: typeof ResizeObserver;
  requestAnimationFrame(callback: FrameRequestCallback): number;
}

/**
 * Makes every ResizeObserver deliver its notifications one animation frame
 * later, so that the development server's error overlay stops covering the
 * page with "ResizeObserver loop completed with undelivered notifications".
 *
 * @remarks
 *
 * Backstage UI's header tabs observe their own size and change layout in the
 * callback. When a dialog opens and the page's scroll bar disappears, the
 * browser reports that loop as an error. It is harmless, since the browser
 * delivers the notifications in the next frame anyway, but the overlay treats
 * it as a crash and blocks every click. The overlay registers its listener
 * before the app's code runs, so the app cannot filter the report. Deferring
 * the callbacks keeps the browser from raising it at all.
 */
export function deferResizeObserverCallbacks(
  target: ResizeObserverHost = window,
) {
  const NativeResizeObserver = target.ResizeObserver;
  if (!NativeResizeObserver) {
    return;
  }

  target.ResizeObserver = class extends NativeResizeObserver {
    constructor(callback: ResizeObserverCallback) {
      super((entries, observer) => {
        target.requestAnimationFrame(() => callback(entries, observer));
      });
    }
  };
}
