import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  mockApis,
  registerMswTestHooks,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  cloudStorageOverviewSubPage,
  cloudStoragePage,
  syncedCopiesSubPage,
} from './alpha';
import { passwordExportApiRef } from './api';
import {
  createProvidersBackend,
  createTestClient,
  makeS3Provider,
  makeSyncedCopy,
} from './__testUtils__/fakePasswordExportBackend';

// Rendering a whole test app takes seconds on a busy machine.
jest.setTimeout(30_000);

// Permission decisions are cached for the whole test file, so this file
// contains the tests of a user without any settings permission.
describe('password-export frontend plugin without settings permissions', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('opens My synced copies from the Cloud Storage page', async () => {
    server.use(
      ...createProvidersBackend({
        providers: [makeS3Provider()],
        syncedCopies: [makeSyncedCopy()],
      }).handlers,
    );
    const user = userEvent.setup();

    await renderTestApp({
      extensions: [
        cloudStoragePage,
        cloudStorageOverviewSubPage,
        syncedCopiesSubPage,
      ],
      apis: [
        [passwordExportApiRef, createTestClient()],
        mockApis.permission({ authorize: AuthorizeResult.DENY }),
      ],
      initialRouteEntries: ['/cloud-storage'],
      // The table links resources to their catalog pages.
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    expect(
      await screen.findByText(/You do not have permission to view the cloud/),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('navigation', { name: 'sidebar nav' })).getByRole(
        'link',
        { name: 'Cloud Storage' },
      ),
    ).toHaveAttribute('href', '/cloud-storage');
    await user.click(screen.getByRole('tab', { name: 'My synced copies' }));

    const table = await screen.findByRole('table', {
      name: 'My synced copies',
    });
    expect(table).toHaveTextContent('orders-db-passwords.html');
    expect(
      within(table).getByRole('link', { name: /orders-db/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/orders-db');
  });
});
