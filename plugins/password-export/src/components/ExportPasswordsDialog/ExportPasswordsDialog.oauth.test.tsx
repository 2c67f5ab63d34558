/* eslint-disable no-script-url -- javascript: URLs are hostile input under test */
import { useState } from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  ConnectionView,
  OAuthCallbackMessage,
} from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  createPreflightHandler,
  createProvidersBackend,
  createTestClient,
  FakeFieldError,
  makeBoxProvider,
  makeDropboxProvider,
  TEST_AUTHORIZATION_URL,
  TEST_BASE_URL,
} from '../../__testUtils__/fakePasswordExportBackend';
import { ExportPasswordsDialog } from './ExportPasswordsDialog';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

const entityRefs = ['resource:default/orders-db'];
const goodPassphrase = 'Tangerine-Quartz-Harbor-97';
const backendOrigin = 'http://backstage.test';
const pastedCode = 'dbx-code-4f1c2a9e77';

const boxAuthorizationUrl = (state: string) =>
  `${TEST_AUTHORIZATION_URL}?provider=box&state=${state}`;
const dropboxAuthorizationUrl = (state: string) =>
  `${TEST_AUTHORIZATION_URL}?provider=dropbox&state=${state}`;

/** The part of a browser window that the popup flow uses. */
interface FakePopup {
  closed: boolean;
  close: jest.Mock;
  location: { href: string };
}

function createFakePopup(): FakePopup {
  const popup: FakePopup = {
    closed: false,
    close: jest.fn(() => {
      popup.closed = true;
    }),
    location: { href: '' },
  };
  return popup;
}

// jsdom's MessageEvent accepts only real windows as its source, so the
// source is set on the event afterwards.
function postToPortal(
  data: unknown,
  options: { origin: string; source: unknown },
) {
  const event = new MessageEvent('message', { data, origin: options.origin });
  Object.defineProperty(event, 'source', { value: options.source });
  act(() => {
    window.dispatchEvent(event);
  });
}

function callbackMessage(
  overrides: Partial<OAuthCallbackMessage> = {},
): OAuthCallbackMessage {
  return {
    type: 'password-export:oauth-result',
    providerId: 'box',
    ok: true,
    message: 'Box is connected.',
    ...overrides,
  };
}

function Harness() {
  const [open, setOpen] = useState(true);
  return (
    <ExportPasswordsDialog
      open={open}
      onClose={() => setOpen(false)}
      entityRefs={entityRefs}
    />
  );
}

describe('ExportPasswordsDialog with OAuth providers', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let openSpy: jest.SpyInstance;

  function useBackend(
    options: {
      connections?: Record<string, ConnectionView>;
      validateConnection?: (
        providerId: string,
        input: Record<string, string>,
        state?: string,
      ) => FakeFieldError | undefined;
    } = {},
  ) {
    const backend = createProvidersBackend({
      providers: [makeDropboxProvider(), makeBoxProvider({ enabled: true })],
      connections: options.connections,
      validateConnection: options.validateConnection,
      accountLabels: { dropbox: 'jane@example.com', box: 'jane@example.org' },
    });
    server.use(...backend.handlers);
    return backend;
  }

  beforeEach(() => {
    openSpy = jest.spyOn(window, 'open').mockReturnValue(null);
    server.use(
      createPreflightHandler(),
      http.get(`${TEST_BASE_URL}/export-options`, () =>
        HttpResponse.json({
          passphraseMinLength: 12,
          formats: ['encrypted-html', 'csv', 'xlsx'],
        }),
      ),
    );
  });

  afterEach(() => {
    openSpy.mockRestore();
  });

  async function renderDialog() {
    const result = await renderInTestApp(<Harness />, {
      apis: [
        [passwordExportApiRef, createTestClient()],
        mockApis.discovery({ baseUrl: backendOrigin }),
      ],
    });
    const dialog = await screen.findByRole('dialog', {
      name: 'Export passwords',
    });
    return { dialog, unmount: result.unmount };
  }

  async function chooseDestination(
    user: ReturnType<typeof userEvent.setup>,
    dialog: HTMLElement,
    title: string,
  ) {
    await user.click(
      await within(dialog).findByRole('radio', { name: `Sync with ${title}` }),
    );
    return within(dialog).getByRole('region', { name: `Connect ${title}` });
  }

  async function typePassphrases(
    user: ReturnType<typeof userEvent.setup>,
    dialog: HTMLElement,
  ) {
    await user.click(within(dialog).getByLabelText('Passphrase'));
    await user.paste(goodPassphrase);
    await user.click(within(dialog).getByLabelText('Confirm passphrase'));
    await user.paste(goodPassphrase);
  }

  describe('pasted authorization code', () => {
    it('opens a new tab, saves the code and exports', async () => {
      const backend = useBackend();
      const user = userEvent.setup();
      const { dialog } = await renderDialog();

      await typePassphrases(user, dialog);
      const form = await chooseDestination(user, dialog, 'Dropbox');
      expect(
        within(form).queryByLabelText('Authorization code'),
      ).not.toBeInTheDocument();
      await user.click(within(form).getByRole('button', { name: 'Authorize' }));

      const codeField = await within(form).findByLabelText(
        'Authorization code',
      );
      expect(openSpy).toHaveBeenCalledTimes(1);
      expect(openSpy).toHaveBeenCalledWith(
        dropboxAuthorizationUrl('state-1'),
        '_blank',
        'noopener,noreferrer',
      );
      const fallback = within(form).getByRole('link', {
        name: 'open the Dropbox authorization page',
      });
      expect(fallback).toHaveAttribute(
        'href',
        dropboxAuthorizationUrl('state-1'),
      );
      expect(fallback).toHaveAttribute('target', '_blank');
      expect(fallback).toHaveAttribute('rel', 'noopener noreferrer');
      expect(codeField).toHaveAttribute('type', 'password');

      await user.click(codeField);
      await user.paste(`  ${pastedCode}\n`);
      await user.click(within(form).getByRole('button', { name: 'Save' }));

      const confirmation = await screen.findByRole('status');
      expect(confirmation).toHaveTextContent('Synced to Dropbox');
      expect(backend.requests.connects).toEqual([
        {
          providerId: 'dropbox',
          body: { input: { code: pastedCode }, state: 'state-1' },
        },
      ]);
      expect(backend.requests.cloudExports).toHaveLength(1);
      expect(document.body).not.toHaveTextContent(pastedCode);
    });

    it('shows the backend message and authorizes again', async () => {
      const backend = useBackend({
        validateConnection: (_providerId, _input, state) =>
          state === 'state-1'
            ? {
                message:
                  'The authorization for Dropbox expired after 10 minutes; select Authorize again',
              }
            : undefined,
      });
      const user = userEvent.setup();
      const { dialog } = await renderDialog();

      const form = await chooseDestination(user, dialog, 'Dropbox');
      await user.click(within(form).getByRole('button', { name: 'Authorize' }));
      await user.type(
        await within(form).findByLabelText('Authorization code'),
        'late-code',
      );
      await user.click(within(form).getByRole('button', { name: 'Save' }));

      expect(await within(form).findByRole('alert')).toHaveTextContent(
        'The authorization for Dropbox expired after 10 minutes; select Authorize again',
      );

      await user.click(
        within(form).getByRole('button', { name: 'Authorize again' }),
      );
      await waitFor(() => expect(openSpy).toHaveBeenCalledTimes(2));
      expect(openSpy).toHaveBeenLastCalledWith(
        dropboxAuthorizationUrl('state-2'),
        '_blank',
        'noopener,noreferrer',
      );
      expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
      const codeField = within(form).getByLabelText('Authorization code');
      expect(codeField).toHaveValue('');

      await user.type(codeField, 'fresh-code');
      await user.click(within(form).getByRole('button', { name: 'Save' }));

      expect(
        await within(dialog).findByText(
          'Connected to Dropbox: jane@example.com',
        ),
      ).toBeInTheDocument();
      expect(
        within(dialog).queryByRole('region', { name: 'Connect Dropbox' }),
      ).not.toBeInTheDocument();
      expect(backend.requests.connects.map(c => c.body)).toEqual([
        { input: { code: 'late-code' }, state: 'state-1' },
        { input: { code: 'fresh-code' }, state: 'state-2' },
      ]);
    });

    it('never opens a javascript: authorization URL', async () => {
      useBackend();
      server.use(
        http.post(`${TEST_BASE_URL}/providers/dropbox/authorizations`, () =>
          HttpResponse.json({
            authorizationUrl: 'javascript:alert(document.domain)',
            state: 'state-x',
            expiresAt: '2026-03-02T09:25:00.000Z',
          }),
        ),
      );
      const user = userEvent.setup();
      const { dialog } = await renderDialog();

      const form = await chooseDestination(user, dialog, 'Dropbox');
      await user.click(within(form).getByRole('button', { name: 'Authorize' }));

      expect(await within(form).findByRole('alert')).toHaveTextContent(
        'The authorization URL for Dropbox uses javascript: instead of https:',
      );
      expect(openSpy).not.toHaveBeenCalled();
      expect(within(form).queryByRole('link')).not.toBeInTheDocument();
    });
  });

  describe('popup redirect', () => {
    let popup: FakePopup;

    beforeEach(() => {
      popup = createFakePopup();
      openSpy.mockReturnValue(popup);
    });

    async function startBoxFlow(
      user: ReturnType<typeof userEvent.setup>,
      dialog: HTMLElement,
      buttonName = 'Authorize',
    ) {
      const form = await chooseDestination(user, dialog, 'Box');
      await user.click(within(form).getByRole('button', { name: buttonName }));
      await waitFor(() =>
        expect(popup.location.href).toBe(boxAuthorizationUrl('state-1')),
      );
      return form;
    }

    it('opens the popup at once and then points it at Box', async () => {
      useBackend();
      const user = userEvent.setup();
      const { dialog } = await renderDialog();

      const form = await startBoxFlow(user, dialog);

      expect(openSpy).toHaveBeenCalledTimes(1);
      expect(openSpy).toHaveBeenCalledWith(
        '',
        'password-export-oauth',
        'popup,width=600,height=700',
      );
      expect(form).toHaveTextContent(
        'Waiting for you to finish in the Box window…',
      );
      expect(
        within(form).getByRole('button', { name: 'Authorize' }),
      ).toBeDisabled();
    });

    it('ignores foreign messages, then connects on success', async () => {
      const backend = useBackend();
      const user = userEvent.setup();
      const { dialog } = await renderDialog();
      await startBoxFlow(user, dialog);
      // The callback stores the connection before it posts its message.
      backend.connections.box = {
        accountLabel: 'jane@example.org',
        status: 'connected',
      };

      postToPortal(callbackMessage(), {
        origin: 'https://attacker.example',
        source: popup,
      });
      postToPortal(callbackMessage(), {
        origin: backendOrigin,
        source: window,
      });
      postToPortal(
        { ...callbackMessage(), type: 'other-plugin:result' },
        { origin: backendOrigin, source: popup },
      );
      postToPortal(callbackMessage({ providerId: 'dropbox' }), {
        origin: backendOrigin,
        source: popup,
      });
      // Gives an accepted message time to reload the providers.
      await act(() => new Promise(resolve => setTimeout(resolve, 200)));
      const form = within(dialog).getByRole('region', { name: 'Connect Box' });
      expect(form).toHaveTextContent(
        'Waiting for you to finish in the Box window…',
      );
      expect(within(form).queryByRole('alert')).not.toBeInTheDocument();

      postToPortal(callbackMessage(), { origin: backendOrigin, source: popup });

      expect(
        await within(dialog).findByText('Connected to Box: jane@example.org'),
      ).toBeInTheDocument();
      expect(
        within(dialog).queryByRole('region', { name: 'Connect Box' }),
      ).not.toBeInTheDocument();
      expect(backend.requests.connects).toEqual([]);
    });

    it('shows the message of a failed authorization', async () => {
      useBackend();
      const user = userEvent.setup();
      const { dialog } = await renderDialog();
      const form = await startBoxFlow(user, dialog);

      postToPortal(
        callbackMessage({
          ok: false,
          message: 'Box did not grant access: the user denied the request.',
        }),
        { origin: backendOrigin, source: popup },
      );

      expect(await within(form).findByRole('alert')).toHaveTextContent(
        'Box did not grant access: the user denied the request.',
      );
      expect(
        within(form).getByRole('button', { name: 'Authorize' }),
      ).toBeEnabled();
      expect(form).not.toHaveTextContent('Waiting for you');
    });

    it('says so when the popup closes without a result', async () => {
      useBackend();
      const user = userEvent.setup();
      const { dialog } = await renderDialog();
      const form = await startBoxFlow(user, dialog);

      popup.closed = true;

      expect(
        await within(form).findByRole('alert', {}, { timeout: 5_000 }),
      ).toHaveTextContent(
        'The Box window was closed before the authorization finished. Select Authorize to try again.',
      );
      expect(
        within(form).getByRole('button', { name: 'Authorize' }),
      ).toBeEnabled();
    });

    it('accepts a connection saved by a popup that could not post its result', async () => {
      const backend = useBackend();
      const user = userEvent.setup();
      const { dialog } = await renderDialog();
      const form = await startBoxFlow(user, dialog);

      // The callback saved the connection, but the popup lost its opener,
      // as a Cross-Origin-Opener-Policy header on a page of the flow causes.
      backend.connections.box = {
        accountLabel: 'jane@example.org',
        status: 'connected',
      };
      popup.closed = true;

      expect(
        await within(dialog).findByText(
          'Connected to Box: jane@example.org',
          {},
          { timeout: 5_000 },
        ),
      ).toBeInTheDocument();
      expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
    });

    it('explains a blocked popup', async () => {
      const backend = useBackend();
      openSpy.mockReturnValue(null);
      const user = userEvent.setup();
      const { dialog } = await renderDialog();

      const form = await chooseDestination(user, dialog, 'Box');
      await user.click(within(form).getByRole('button', { name: 'Authorize' }));

      expect(await within(form).findByRole('alert')).toHaveTextContent(
        'The browser blocked the Box pop-up window. Allow pop-ups for this portal, usually from the icon at the end of the address bar, then select Authorize again.',
      );
      expect(backend.requests.authorizations).toEqual([]);
    });

    it('closes the popup when starting the flow fails', async () => {
      useBackend();
      server.use(
        http.post(`${TEST_BASE_URL}/providers/box/authorizations`, () =>
          HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message: 'Box is not configured: set its client id',
              },
              response: { statusCode: 400 },
            },
            { status: 400 },
          ),
        ),
      );
      const user = userEvent.setup();
      const { dialog } = await renderDialog();

      const form = await chooseDestination(user, dialog, 'Box');
      await user.click(within(form).getByRole('button', { name: 'Authorize' }));

      expect(await within(form).findByRole('alert')).toHaveTextContent(
        'Box is not configured: set its client id',
      );
      expect(popup.close).toHaveBeenCalledTimes(1);
      expect(popup.location.href).toBe('');
    });

    it('reconnects a connection that needs it', async () => {
      const backend = useBackend({
        connections: {
          box: { accountLabel: 'jane@example.org', status: 'reconnect-needed' },
        },
      });
      const user = userEvent.setup();
      const { dialog } = await renderDialog();

      const form = await startBoxFlow(user, dialog, 'Reconnect');
      expect(form).toHaveTextContent(
        'Box no longer accepts the saved authorization for jane@example.org. Select Reconnect to authorize the portal again.',
      );
      backend.connections.box = {
        accountLabel: 'jane@example.org',
        status: 'connected',
      };
      postToPortal(callbackMessage(), { origin: backendOrigin, source: popup });

      expect(
        await within(dialog).findByText('Connected to Box: jane@example.org'),
      ).toBeInTheDocument();
    });

    it('stops listening when the form unmounts', async () => {
      useBackend();
      const addSpy = jest.spyOn(window, 'addEventListener');
      const removeSpy = jest.spyOn(window, 'removeEventListener');
      const user = userEvent.setup();
      const { dialog, unmount } = await renderDialog();
      await startBoxFlow(user, dialog);

      const messageListeners = addSpy.mock.calls
        .filter(([type]) => type === 'message')
        .map(([, listener]) => listener);
      expect(messageListeners).toHaveLength(1);

      unmount();

      expect(removeSpy).toHaveBeenCalledWith('message', messageListeners[0]);
      addSpy.mockRestore();
      removeSpy.mockRestore();
    });
  });
});
