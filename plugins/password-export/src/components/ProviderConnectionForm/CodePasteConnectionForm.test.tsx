import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { passwordExportApiRef } from '../../api';
import {
  createProvidersBackend,
  createTestClient,
  makeDropboxProvider,
} from '../../__testUtils__/fakePasswordExportBackend';
import { CodePasteConnectionForm } from './CodePasteConnectionForm';

// Rendering a whole test app takes seconds on a busy machine.
jest.setTimeout(30_000);

const rejection =
  'Dropbox rejected the authorization code: it is invalid or expired. Start connecting Dropbox again';

describe('CodePasteConnectionForm', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let openSpy: jest.SpyInstance;

  beforeEach(() => {
    openSpy = jest.spyOn(window, 'open').mockReturnValue(null);
  });

  afterEach(() => {
    openSpy.mockRestore();
  });

  it('offers only a new authorization after a rejected code', async () => {
    const backend = createProvidersBackend({
      providers: [makeDropboxProvider()],
      // The backend uses up the state of state-1 before Dropbox rejects it.
      validateConnection: (_providerId, _input, state) =>
        state === 'state-1' ? { message: rejection } : undefined,
    });
    server.use(...backend.handlers);
    const onConnected = jest.fn();
    const user = userEvent.setup();
    await renderInTestApp(
      <CodePasteConnectionForm
        provider={makeDropboxProvider()}
        startLabel="Authorize"
        onConnected={onConnected}
      />,
      { apis: [[passwordExportApiRef, createTestClient()]] },
    );

    await user.click(screen.getByRole('button', { name: 'Authorize' }));
    await user.type(
      await screen.findByLabelText('Authorization code'),
      'mistyped-code',
    );
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(rejection);
    expect(screen.queryByLabelText('Authorization code')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Save' })).toBeNull();
    expect(
      screen.getAllByRole('button').map(button => button.textContent),
    ).toEqual(['Authorize again']);

    await user.click(screen.getByRole('button', { name: 'Authorize again' }));
    const codeField = await screen.findByLabelText('Authorization code');
    expect(codeField).toHaveValue('');
    await user.type(codeField, 'fresh-code');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(onConnected).toHaveBeenCalledTimes(1));
    expect(backend.requests.connects.map(c => c.body)).toEqual([
      { input: { code: 'mistyped-code' }, state: 'state-1' },
      { input: { code: 'fresh-code' }, state: 'state-2' },
    ]);
    expect(openSpy).toHaveBeenCalledTimes(2);
    expect(
      within(document.body).queryByText(/mistyped-code|fresh-code/),
    ).toBeNull();
  });
});
