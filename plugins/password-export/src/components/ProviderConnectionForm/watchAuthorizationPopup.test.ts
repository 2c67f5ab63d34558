import { OAuthCallbackMessage } from '@internal/backstage-plugin-password-export-common';
import {
  POPUP_POLL_INTERVAL_MS,
  watchAuthorizationPopup,
} from './watchAuthorizationPopup';

const backendOrigin = 'http://backstage.test';

const okMessage: OAuthCallbackMessage = {
  type: 'password-export:oauth-result',
  providerId: 'box',
  ok: true,
  message: 'Box is connected.',
};

function post(data: unknown, source: unknown, origin = backendOrigin) {
  const event = new MessageEvent('message', { data, origin });
  Object.defineProperty(event, 'source', { value: source });
  window.dispatchEvent(event);
}

describe('watchAuthorizationPopup', () => {
  let popup: { closed: boolean };
  let onOutcome: jest.Mock;

  beforeEach(() => {
    jest.useFakeTimers();
    popup = { closed: false };
    onOutcome = jest.fn();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  function watch() {
    return watchAuthorizationPopup({
      popup: popup as unknown as Window,
      backendOrigin,
      providerId: 'box',
      onOutcome,
    });
  }

  it('reports the callback message once', () => {
    watch();

    post(okMessage, popup);
    post(okMessage, popup);

    expect(onOutcome.mock.calls).toEqual([
      [{ kind: 'message', message: okMessage }],
    ]);
  });

  it('accepts a message without a provider id', () => {
    watch();
    const { providerId: _providerId, ...unknownState } = okMessage;

    post({ ...unknownState, ok: false, message: 'Unknown state' }, popup);

    expect(onOutcome).toHaveBeenCalledWith({
      kind: 'message',
      message: { ...unknownState, ok: false, message: 'Unknown state' },
    });
  });

  it.each([
    ['a string', 'password-export:oauth-result'],
    ['no ok flag', { ...okMessage, ok: 'yes' }],
    ['no message', { ...okMessage, message: undefined }],
    ['null', null],
  ])('ignores a message with %s', (_case, data) => {
    watch();

    post(data, popup);

    expect(onOutcome).not.toHaveBeenCalled();
  });

  it('waits one more interval for a message after closing', () => {
    watch();

    popup.closed = true;
    jest.advanceTimersByTime(POPUP_POLL_INTERVAL_MS);
    expect(onOutcome).not.toHaveBeenCalled();
    post(okMessage, popup);
    jest.advanceTimersByTime(POPUP_POLL_INTERVAL_MS * 4);

    expect(onOutcome.mock.calls).toEqual([
      [{ kind: 'message', message: okMessage }],
    ]);
  });

  it('reports a popup closed without a message', () => {
    watch();

    popup.closed = true;
    jest.advanceTimersByTime(POPUP_POLL_INTERVAL_MS * 2);
    post(okMessage, popup);

    expect(onOutcome.mock.calls).toEqual([[{ kind: 'closed' }]]);
  });

  it('reports nothing after stop', () => {
    const stop = watch();

    stop();
    post(okMessage, popup);
    popup.closed = true;
    jest.advanceTimersByTime(POPUP_POLL_INTERVAL_MS * 4);

    expect(onOutcome).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});
