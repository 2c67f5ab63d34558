import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { passwordExportApiRef } from '../../api';
import {
  createTestClient,
  TEST_BASE_URL,
  createPreflightHandler,
} from '../../__testUtils__/fakePasswordExportBackend';
import { OpenedExportPasswordsDialog } from './OpenedExportPasswordsDialog';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('OpenedExportPasswordsDialog', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  beforeEach(() => {
    server.use(
      http.get(`${TEST_BASE_URL}/providers`, () =>
        HttpResponse.json({ items: [] }),
      ),
      createPreflightHandler(),
      http.get(`${TEST_BASE_URL}/export-options`, () =>
        HttpResponse.json({ passphraseMinLength: 12, formats: ['csv'] }),
      ),
      http.post(
        `${TEST_BASE_URL}/exports`,
        () =>
          new HttpResponse('a,b', {
            headers: {
              'Content-Disposition': 'attachment; filename="orders.csv"',
            },
          }),
      ),
    );
    URL.createObjectURL = jest.fn(() => 'blob:http://localhost/file-2');
    URL.revokeObjectURL = jest.fn();
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  function createHandle() {
    return { close: jest.fn(), update: jest.fn(), result: jest.fn() };
  }

  async function renderOpened(handle: ReturnType<typeof createHandle>) {
    await renderInTestApp(
      <OpenedExportPasswordsDialog
        dialog={handle}
        entityRefs={['resource:default/orders-db']}
      />,
      { apis: [[passwordExportApiRef, createTestClient()]] },
    );
    return screen.findByRole('dialog', { name: 'Export passwords' });
  }

  it('closes the handle when the user cancels', async () => {
    const handle = createHandle();
    const user = userEvent.setup();
    const dialog = await renderOpened(handle);

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(handle.close).toHaveBeenCalledTimes(1));
  });

  it('keeps the handle open while the confirmation shows', async () => {
    const handle = createHandle();
    const user = userEvent.setup();
    const dialog = await renderOpened(handle);

    await user.click(
      within(dialog).getByRole('radio', { name: 'CSV spreadsheet' }),
    );
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));

    const confirmation = await screen.findByRole('status');
    expect(confirmation).toHaveTextContent('orders.csv');
    expect(handle.close).not.toHaveBeenCalled();

    await user.click(
      within(confirmation).getByRole('button', { name: 'Close' }),
    );

    await waitFor(() => expect(handle.close).toHaveBeenCalledTimes(1));
  });

  it('disables formats the backend does not offer', async () => {
    const dialog = await renderOpened(createHandle());

    await waitFor(() =>
      expect(
        within(dialog).getByRole('radio', { name: 'Encrypted HTML' }),
      ).toBeDisabled(),
    );
    expect(
      within(dialog).getByRole('radio', { name: 'CSV spreadsheet' }),
    ).toBeEnabled();
  });
});
