import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { passwordExportApiRef } from '../../api';
import {
  createProvidersBackend,
  createTestClient,
  makeBoxProvider,
  makeDropboxProvider,
  makeS3Provider,
  makeSyncedCopy,
  TEST_AUTHORIZATION_URL,
} from '../../__testUtils__/fakePasswordExportBackend';
import {
  CloudStorageContent,
  NO_SETTINGS_PERMISSION_MESSAGE,
} from './CloudStorageContent';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

// Permission decisions are cached for the whole test file, so this file
// contains the tests of a user without any settings permission.
describe('CloudStorageContent without settings permissions', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  async function renderPage() {
    await renderInTestApp(<CloudStorageContent />, {
      apis: [
        [passwordExportApiRef, createTestClient()],
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
        mockApis.discovery({ baseUrl: 'http://backstage.test' }),
      ],
    });
  }

  it('says so and shows only the user\u2019s own data', async () => {
    const backend = createProvidersBackend({
      providers: [makeS3Provider(), makeBoxProvider({ enabled: false })],
      canReadSettings: false,
    });
    server.use(...backend.handlers);
    await renderPage();

    expect(
      await screen.findByText(NO_SETTINGS_PERMISSION_MESSAGE),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /settings$/ })).toBeNull();
    expect(screen.queryByRole('checkbox', { name: /^Enable / })).toBeNull();
    expect(
      await screen.findByRole('table', { name: 'Recent exports' }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'User' })).toBeNull();
    expect(screen.getByText('Your own exports.')).toBeInTheDocument();
  });

  it('lists the user\u2019s connections and disconnects one', async () => {
    const backend = createProvidersBackend({
      providers: [makeS3Provider()],
      connections: {
        s3: {
          accountLabel: 'bucket team-exports (eu-west-1)',
          status: 'reconnect-needed',
          lastUsedAt: '2026-03-02T09:15:00.000Z',
        },
      },
    });
    server.use(...backend.handlers);
    const user = userEvent.setup();
    await renderPage();

    const table = await screen.findByRole('table', { name: 'My connections' });
    const row = within(table).getAllByRole('row')[1];
    expect(
      within(row)
        .getAllByRole('cell')
        .slice(0, 3)
        .map(cell => cell.textContent),
    ).toEqual([
      'Amazon S3',
      'bucket team-exports (eu-west-1)',
      'Reconnect needed',
    ]);
    expect(row.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-03-02T09:15:00.000Z',
    );

    await user.click(
      within(row).getByRole('button', { name: 'Disconnect Amazon S3' }),
    );
    const confirm = await screen.findByRole('dialog', {
      name: 'Disconnect Amazon S3?',
    });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requests.disconnects).toEqual([]);

    await user.click(
      within(row).getByRole('button', { name: 'Disconnect Amazon S3' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Disconnect Amazon S3?',
    });
    expect(dialog).toHaveTextContent(
      'The portal forgets the saved credentials for bucket team-exports (eu-west-1).',
    );
    await waitFor(() =>
      expect(within(dialog).queryByRole('progressbar')).toBeNull(),
    );
    // The user has no synced copies in S3, so there is nothing to delete.
    expect(within(dialog).queryByRole('checkbox')).toBeNull();
    await user.click(
      within(dialog).getByRole('button', { name: 'Disconnect' }),
    );

    expect(
      await screen.findByText(/You have not connected any cloud storage/),
    ).toBeInTheDocument();
    expect(backend.requests.disconnects).toEqual([
      { providerId: 's3', deleteCopies: 'false' },
    ]);
  });

  it('deletes the synced copies on disconnect when asked', async () => {
    const s3Copy = makeSyncedCopy({ id: 'copy-s3', providerId: 's3' });
    const backend = createProvidersBackend({
      providers: [makeDropboxProvider(), makeS3Provider()],
      connections: {
        dropbox: { accountLabel: 'jane@example.com', status: 'connected' },
      },
      syncedCopies: [
        makeSyncedCopy({ id: 'copy-1' }),
        makeSyncedCopy({ id: 'copy-2', fileName: 'billing-passwords.html' }),
        s3Copy,
      ],
    });
    server.use(...backend.handlers);
    const user = userEvent.setup();
    await renderPage();

    await user.click(
      await screen.findByRole('button', { name: 'Disconnect Dropbox' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Disconnect Dropbox?',
    });
    expect(dialog).toHaveTextContent(
      'The portal forgets the saved authorization for jane@example.com.',
    );
    const deleteCopies = await within(dialog).findByRole('checkbox', {
      name: 'Also delete my 2 synced copies from Dropbox',
    });
    expect(deleteCopies).not.toBeChecked();

    await user.click(deleteCopies);
    await user.click(
      within(dialog).getByRole('button', { name: 'Disconnect' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requests.disconnects).toEqual([
      { providerId: 'dropbox', deleteCopies: 'true' },
    ]);
    expect(backend.syncedCopies).toEqual([s3Copy]);
  });

  it('reconnects a rejected Box connection in a popup', async () => {
    const backend = createProvidersBackend({
      providers: [makeBoxProvider({ enabled: true })],
      connections: {
        box: { accountLabel: 'jane@example.org', status: 'reconnect-needed' },
      },
    });
    server.use(...backend.handlers);
    const popup = { closed: false, close: jest.fn(), location: { href: '' } };
    const openSpy = jest
      .spyOn(window, 'open')
      .mockReturnValue(popup as unknown as Window);
    const user = userEvent.setup();
    await renderPage();

    const table = await screen.findByRole('table', { name: 'My connections' });
    await user.click(
      within(table).getByRole('button', { name: 'Reconnect Box' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Reconnect Box' });
    await user.click(within(dialog).getByRole('button', { name: 'Reconnect' }));
    await waitFor(() =>
      expect(popup.location.href).toBe(
        `${TEST_AUTHORIZATION_URL}?provider=box&state=state-1`,
      ),
    );

    backend.connections.box = {
      accountLabel: 'jane@example.org',
      status: 'connected',
    };
    const message = new MessageEvent('message', {
      origin: 'http://backstage.test',
      data: {
        type: 'password-export:oauth-result',
        providerId: 'box',
        ok: true,
        message: 'Box is connected.',
      },
    });
    Object.defineProperty(message, 'source', { value: popup });
    act(() => {
      window.dispatchEvent(message);
    });

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    await waitFor(() =>
      expect(within(table).getAllByRole('cell')[2]).toHaveTextContent(
        'Connected',
      ),
    );
    expect(
      within(table).queryByRole('button', { name: 'Reconnect Box' }),
    ).toBeNull();
    openSpy.mockRestore();
  });
});
