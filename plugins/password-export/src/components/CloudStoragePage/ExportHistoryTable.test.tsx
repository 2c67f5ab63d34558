import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { HistoryEntry } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  createProvidersBackend,
  createTestClient,
  makeS3Provider,
} from '../../__testUtils__/fakePasswordExportBackend';
import { ExportHistoryTable } from './ExportHistoryTable';

// Rendering a whole test app takes seconds on a busy machine.
jest.setTimeout(30_000);

const sha256 =
  '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';

// 23 entries, newest first: every third one by Jane to S3, one per day.
function makeHistory(): HistoryEntry[] {
  return Array.from({ length: 23 }, (_, index) => {
    const toS3 = index % 3 === 0;
    return {
      id: `export-${index}`,
      createdAt: new Date(Date.UTC(2026, 2, 23 - index, 12)).toISOString(),
      userEntityRef: toS3 ? 'user:default/jane' : 'user:default/sam',
      entityRefs: ['resource:default/orders-db'],
      format: toS3 ? 'encrypted-html' : 'csv',
      destination: toS3 ? 's3' : 'download',
      reason: `Reason ${index}`,
      sha256,
      outcome: index === 1 ? 'failed' : 'succeeded',
      accountCount: 2,
      location: toS3 ? `s3://team-exports/export-${index}.html` : undefined,
      error: index === 1 ? 'Upload timed out' : undefined,
    };
  });
}

describe('ExportHistoryTable', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  async function renderTable(allUsers: boolean) {
    const backend = createProvidersBackend({
      providers: [makeS3Provider()],
      history: makeHistory(),
    });
    server.use(...backend.handlers);
    await renderInTestApp(
      <ExportHistoryTable providers={[makeS3Provider()]} allUsers={allUsers} />,
      { apis: [[passwordExportApiRef, createTestClient()]] },
    );
    return backend;
  }

  function bodyRows() {
    const table = screen.getByRole('table', { name: 'Recent exports' });
    return within(table).getAllByRole('row').slice(1);
  }

  it('shows one page of entries with every column', async () => {
    const backend = await renderTable(true);

    await waitFor(() => expect(bodyRows()).toHaveLength(10));
    const table = screen.getByRole('table', { name: 'Recent exports' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(header => header.textContent),
    ).toEqual([
      'When',
      'User',
      'Resources',
      'Format',
      'Destination',
      'Reason',
      'Outcome',
      'SHA-256',
    ]);
    const cells = within(bodyRows()[0]).getAllByRole('cell');
    expect(cells[1]).toHaveTextContent('user:default/jane');
    expect(cells[4]).toHaveTextContent(
      'Amazon S3s3://team-exports/export-0.html',
    );
    expect(cells[7]).toHaveTextContent('3a7bd3e2360a…');
    expect(cells[7].querySelector('abbr')).toHaveAttribute('title', sha256);
    expect(within(bodyRows()[1]).getAllByRole('cell')[6]).toHaveTextContent(
      'FailedUpload timed out',
    );
    expect(screen.getByText('1-10 of 23')).toBeInTheDocument();
    expect(backend.requests.historyQueries).toEqual(['?offset=0&limit=10']);
  });

  it('pages through the entries', async () => {
    const backend = await renderTable(true);
    const user = userEvent.setup();
    await waitFor(() => expect(bodyRows()).toHaveLength(10));

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('11-20 of 23');
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('21-23 of 23');

    expect(bodyRows()).toHaveLength(3);
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    expect(backend.requests.historyQueries).toEqual([
      '?offset=0&limit=10',
      '?offset=10&limit=10',
      '?offset=20&limit=10',
    ]);
  });

  it('filters by user, resource, destination and dates', async () => {
    const backend = await renderTable(true);
    const user = userEvent.setup();
    await waitFor(() => expect(bodyRows()).toHaveLength(10));
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByText('11-20 of 23');

    await user.type(
      screen.getByRole('textbox', { name: 'User' }),
      'user:default/jane',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'Resource' }),
      'resource:default/orders-db',
    );
    await user.selectOptions(
      screen.getByRole('combobox', { name: 'Destination' }),
      's3',
    );
    await user.type(screen.getByLabelText('From'), '2026-03-10');
    await user.type(screen.getByLabelText('To'), '2026-03-20');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));

    // Jane's S3 exports of 11, 14, 17 and 20 March.
    await screen.findByText('1-4 of 4');
    const from = new Date('2026-03-10T00:00:00.000').toISOString();
    const to = new Date('2026-03-20T23:59:59.999').toISOString();
    const expected = new URLSearchParams({
      user: 'user:default/jane',
      entityRef: 'resource:default/orders-db',
      destination: 's3',
      from,
      to,
      offset: '0',
      limit: '10',
    });
    expect(backend.requests.historyQueries.at(-1)).toBe(`?${expected}`);
    expect(bodyRows()).toHaveLength(4);
    for (const row of bodyRows()) {
      expect(within(row).getAllByRole('cell')[1]).toHaveTextContent(
        'user:default/jane',
      );
    }
  });

  it('offers no user filter for a user\u2019s own exports', async () => {
    await renderTable(false);

    await waitFor(() => expect(bodyRows()).toHaveLength(10));
    expect(screen.queryByRole('textbox', { name: 'User' })).toBeNull();
    expect(
      screen.getByRole('textbox', { name: 'Resource' }),
    ).toBeInTheDocument();
  });
});
