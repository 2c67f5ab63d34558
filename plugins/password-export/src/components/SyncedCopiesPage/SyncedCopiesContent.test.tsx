import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { SyncedCopyView } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  createProvidersBackend,
  createTestClient,
  errorResponse,
  makeSyncedCopy,
  TEST_BASE_URL,
} from '../../__testUtils__/fakePasswordExportBackend';
import { SyncedCopiesContent } from './SyncedCopiesContent';
import { formatExactTime } from './formatRelativeTime';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

const dropboxCopy = makeSyncedCopy({
  entityRefs: ['resource:default/orders-db', 'resource:ops/payments-gateway'],
});
const failedBoxCopy = makeSyncedCopy({
  id: 'copy-2',
  providerId: 'box',
  providerTitle: 'Box',
  fileName: 'billing-passwords.html',
  location: 'Box: Password Export/billing-passwords.html',
  entityRefs: ['resource:default/billing'],
  status: 'failed',
  lastError: 'Box rejected the stored authorization; reconnect Box',
  nextAttemptAt: '2026-03-02T10:15:00.000Z',
});
const stoppedS3Copy = makeSyncedCopy({
  id: 'copy-3',
  providerId: 's3',
  providerTitle: 'Amazon S3',
  fileName: 'legacy-passwords.html',
  location: 's3://team-exports/password-exports/legacy-passwords.html',
  keepUpToDate: false,
  status: 'stopped',
  lastSyncedAt: undefined,
});

describe('SyncedCopiesContent', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function useBackend(syncedCopies: SyncedCopyView[]) {
    const backend = createProvidersBackend({
      providers: [],
      // Copies so that one test's actions do not change the next test's data.
      syncedCopies: syncedCopies.map(copy => ({ ...copy })),
    });
    server.use(...backend.handlers);
    return backend;
  }

  async function renderContent() {
    await renderInTestApp(<SyncedCopiesContent />, {
      apis: [[passwordExportApiRef, createTestClient()]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });
    return screen.findByRole('table', { name: 'My synced copies' });
  }

  function rowOf(table: HTMLElement, fileName: string) {
    const row = within(table)
      .getAllByRole('row')
      .find(r => within(r).queryByText(new RegExp(fileName)));
    if (!row) {
      throw new Error(`No row for ${fileName}`);
    }
    return row;
  }

  it('lists copies with resources, times and status', async () => {
    useBackend([dropboxCopy, failedBoxCopy, stoppedS3Copy]);
    const table = await renderContent();

    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(header => header.textContent),
    ).toEqual([
      'Resources',
      'Provider',
      'Location',
      'Last synced',
      'Status',
      'Actions',
    ]);

    const dropboxRow = rowOf(table, 'orders-db-passwords.html');
    const cells = within(dropboxRow).getAllByRole('cell');
    expect(
      within(cells[0])
        .getAllByRole('link')
        .map(link => link.getAttribute('href')),
    ).toEqual([
      '/catalog/default/resource/orders-db',
      '/catalog/ops/resource/payments-gateway',
    ]);
    expect(cells[0]).toHaveTextContent('orders-db');
    expect(cells[1]).toHaveTextContent('Dropbox');
    expect(cells[2]).toHaveTextContent(
      '/Apps/Password Export/orders-db-passwords.html',
    );
    const lastSynced = cells[3].querySelector('time');
    expect(lastSynced).toHaveAttribute('dateTime', '2026-03-02T09:15:00.000Z');
    expect(lastSynced).toHaveAttribute(
      'title',
      formatExactTime('2026-03-02T09:15:00.000Z'),
    );
    expect(lastSynced?.textContent).toMatch(/ago$|^now$|^yesterday$/);
    expect(cells[4]).toHaveTextContent('Up to date');
    for (const action of [
      'Sync now',
      'Stop keeping up to date',
      'Delete remote file',
    ]) {
      expect(
        within(dropboxRow).getByRole('button', {
          name: `${action}: orders-db-passwords.html in Dropbox`,
        }),
      ).toBeEnabled();
    }

    const failedCells = within(
      rowOf(table, 'billing-passwords.html'),
    ).getAllByRole('cell');
    expect(failedCells[4]).toHaveTextContent(
      'Sync failed' +
        'Box rejected the stored authorization; reconnect Box' +
        'Next attempt',
    );
    expect(failedCells[4].querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-03-02T10:15:00.000Z',
    );

    const stoppedRow = rowOf(table, 'legacy-passwords.html');
    expect(within(stoppedRow).getAllByRole('cell')[3]).toHaveTextContent(
      'Never',
    );
    expect(within(stoppedRow).getAllByRole('cell')[4]).toHaveTextContent(
      'Not kept up to date',
    );
    expect(
      within(stoppedRow)
        .getAllByRole('button')
        .map(button => button.textContent),
    ).toEqual(['Delete remote file', 'Remove from list']);
  });

  it('says when another instance is syncing the copy', async () => {
    const backend = useBackend([dropboxCopy]);
    const user = userEvent.setup();
    const table = await renderContent();

    await user.click(
      within(table).getByRole('button', {
        name: 'Sync now: orders-db-passwords.html in Dropbox',
      }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Another portal backend instance is syncing orders-db-passwords.html to Dropbox already; refresh the list to see its status.',
    );
    expect(backend.requests.copyActions).toEqual(['sync copy-1']);
    await waitFor(() =>
      expect(
        within(rowOf(table, 'orders-db-passwords.html')).getAllByRole(
          'cell',
        )[4],
      ).toHaveTextContent('Update pending'),
    );
  });

  it('confirms a finished sync', async () => {
    useBackend([dropboxCopy]);
    server.use(
      http.post(`${TEST_BASE_URL}/synced-copies/:copyId/sync`, () =>
        HttpResponse.json({ ...dropboxCopy, status: 'current' }),
      ),
    );
    const user = userEvent.setup();
    const table = await renderContent();

    await user.click(
      within(table).getByRole('button', {
        name: 'Sync now: orders-db-passwords.html in Dropbox',
      }),
    );

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Synced orders-db-passwords.html to Dropbox.',
    );
  });

  it('shows the error of a sync that failed', async () => {
    useBackend([dropboxCopy]);
    const lastError =
      'Dropbox is disabled; a portal admin must enable it on the Cloud Storage page first';
    server.use(
      http.post(`${TEST_BASE_URL}/synced-copies/:copyId/sync`, () =>
        HttpResponse.json({ ...dropboxCopy, status: 'failed', lastError }),
      ),
    );
    const user = userEvent.setup();
    const table = await renderContent();

    await user.click(
      within(table).getByRole('button', {
        name: 'Sync now: orders-db-passwords.html in Dropbox',
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      `Sync of orders-db-passwords.html to Dropbox failed: ${lastError}`,
    );
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('says so when the sync stopped the copy instead', async () => {
    useBackend([dropboxCopy]);
    server.use(
      http.post(`${TEST_BASE_URL}/synced-copies/:copyId/sync`, () =>
        HttpResponse.json({
          ...dropboxCopy,
          status: 'stopped',
          keepUpToDate: false,
        }),
      ),
    );
    const user = userEvent.setup();
    const table = await renderContent();

    await user.click(
      within(table).getByRole('button', {
        name: 'Sync now: orders-db-passwords.html in Dropbox',
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'orders-db-passwords.html to Dropbox was not synced: the copy is stopped.',
    );
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('removes a stopped copy from the list after confirming', async () => {
    const backend = useBackend([dropboxCopy, stoppedS3Copy]);
    const user = userEvent.setup();
    const table = await renderContent();
    expect(
      within(rowOf(table, 'orders-db-passwords.html')).queryByRole('button', {
        name: /^Remove from list/,
      }),
    ).toBeNull();

    await user.click(
      within(table).getByRole('button', {
        name: 'Remove from list: legacy-passwords.html in Amazon S3',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Remove legacy-passwords.html from the list?',
    });
    expect(dialog).toHaveTextContent(
      'The file legacy-passwords.html stays in your Amazon S3 storage at s3://team-exports/password-exports/legacy-passwords.html.',
    );
    expect(backend.requests.copyActions).toEqual([]);
    await user.click(
      within(dialog).getByRole('button', { name: 'Remove from list' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requests.copyActions).toEqual(['remove from list copy-3']);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Removed legacy-passwords.html from the list; the file stays in Amazon S3.',
    );
    await waitFor(() =>
      expect(within(table).queryByText(/legacy-passwords/)).toBeNull(),
    );
  });

  it('shows why a sync request failed', async () => {
    useBackend([dropboxCopy]);
    server.use(
      http.post(`${TEST_BASE_URL}/synced-copies/:copyId/sync`, () =>
        errorResponse(
          409,
          'ConflictError',
          'Dropbox is not connected; reconnect it on the Cloud Storage page',
        ),
      ),
    );
    const user = userEvent.setup();
    const table = await renderContent();

    await user.click(
      within(table).getByRole('button', {
        name: 'Sync now: orders-db-passwords.html in Dropbox',
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Dropbox is not connected; reconnect it on the Cloud Storage page',
    );
  });

  it('stops keeping a copy up to date after confirming', async () => {
    const backend = useBackend([dropboxCopy]);
    const user = userEvent.setup();
    const table = await renderContent();
    const stopButton = within(table).getByRole('button', {
      name: 'Stop keeping up to date: orders-db-passwords.html in Dropbox',
    });

    await user.click(stopButton);
    const cancelled = await screen.findByRole('dialog', {
      name: 'Stop keeping orders-db-passwords.html up to date?',
    });
    await user.click(within(cancelled).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requests.copyActions).toEqual([]);

    await user.click(stopButton);
    const dialog = await screen.findByRole('dialog', {
      name: 'Stop keeping orders-db-passwords.html up to date?',
    });
    expect(dialog).toHaveTextContent(
      'The file orders-db-passwords.html stays in Dropbox at /Apps/Password Export/orders-db-passwords.html as it is now.',
    );
    expect(dialog).toHaveTextContent(
      'This cannot be undone: to keep a copy up to date again, export the resources again.',
    );
    await user.click(
      within(dialog).getByRole('button', { name: 'Stop keeping up to date' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requests.copyActions).toEqual(['stop copy-1']);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'orders-db-passwords.html in Dropbox is no longer kept up to date.',
    );
    await waitFor(() =>
      expect(
        within(rowOf(table, 'orders-db-passwords.html')).queryByRole('button', {
          name: /^Sync now/,
        }),
      ).toBeNull(),
    );
  });

  it('deletes the remote file after confirming', async () => {
    const backend = useBackend([dropboxCopy, failedBoxCopy]);
    const user = userEvent.setup();
    const table = await renderContent();

    await user.click(
      within(table).getByRole('button', {
        name: 'Delete remote file: orders-db-passwords.html in Dropbox',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Delete orders-db-passwords.html from Dropbox?',
    });
    expect(dialog).toHaveTextContent(
      'The portal deletes orders-db-passwords.html at /Apps/Password Export/orders-db-passwords.html from your Dropbox storage',
    );
    expect(backend.requests.copyActions).toEqual([]);
    await user.click(
      within(dialog).getByRole('button', { name: 'Delete remote file' }),
    );

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requests.copyActions).toEqual(['delete copy-1']);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Deleted orders-db-passwords.html from Dropbox.',
    );
    await waitFor(() =>
      expect(within(table).queryByText(/orders-db-passwords/)).toBeNull(),
    );
    expect(within(table).getByText(/billing-passwords/)).toBeInTheDocument();
  });

  it('keeps the dialog open with the error of a failed delete', async () => {
    useBackend([dropboxCopy]);
    server.use(
      http.delete(`${TEST_BASE_URL}/synced-copies/:copyId`, () =>
        errorResponse(
          502,
          'ServiceUnavailableError',
          'Dropbox did not respond',
        ),
      ),
    );
    const user = userEvent.setup();
    const table = await renderContent();

    await user.click(
      within(table).getByRole('button', {
        name: 'Delete remote file: orders-db-passwords.html in Dropbox',
      }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Delete orders-db-passwords.html from Dropbox?',
    });
    await user.click(
      within(dialog).getByRole('button', { name: 'Delete remote file' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Dropbox did not respond',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Delete remote file' }),
    ).toBeEnabled();
  });

  it('says when there are no synced copies', async () => {
    useBackend([]);
    await renderInTestApp(<SyncedCopiesContent />, {
      apis: [[passwordExportApiRef, createTestClient()]],
    });

    expect(
      await screen.findByText(/You have no synced copies/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
