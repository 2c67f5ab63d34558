import { screen, waitFor, within } from '@testing-library/react';
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
  makeS3Provider,
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
    await user.click(
      within(
        await screen.findByRole('dialog', { name: 'Disconnect Amazon S3?' }),
      ).getByRole('button', { name: 'Disconnect' }),
    );

    expect(
      await screen.findByText(/You have not connected any cloud storage/),
    ).toBeInTheDocument();
    expect(backend.requests.disconnects).toEqual(['s3']);
  });
});
