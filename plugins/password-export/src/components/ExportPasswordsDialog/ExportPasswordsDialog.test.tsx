import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { passwordExportApiRef } from '../../api';
import {
  createTestClient,
  errorResponse,
  TEST_BASE_URL,
  createPreflightHandler,
} from '../../__testUtils__/fakePasswordExportBackend';
import { ExportPasswordsDialog } from './ExportPasswordsDialog';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

const entityRefs = ['resource:default/orders-db'];
const sha256 =
  '3a7bd3e2360a3d29eea436fcfb7e44c735d117c42d1c1835420b6b9942dd4f1b';

// A passphrase that meets every rule, also for a minimum length of 14.
const goodPassphrase = 'Tangerine-Quartz-Harbor-97';

function Harness(props: { onClose?: () => void; onFinished?: () => void }) {
  const [open, setOpen] = useState(true);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open export
      </button>
      <ExportPasswordsDialog
        open={open}
        onClose={() => {
          setOpen(false);
          props.onClose?.();
        }}
        onFinished={props.onFinished}
        entityRefs={entityRefs}
      />
    </>
  );
}

describe('ExportPasswordsDialog', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let exportBodies: unknown[];
  let clickedAnchors: { href: string; download: string }[];

  beforeEach(() => {
    exportBodies = [];
    clickedAnchors = [];

    server.use(
      http.get(`${TEST_BASE_URL}/providers`, () =>
        HttpResponse.json({ items: [] }),
      ),
      createPreflightHandler(),
      http.get(`${TEST_BASE_URL}/export-options`, () =>
        HttpResponse.json({
          passphraseMinLength: 14,
          formats: ['encrypted-html', 'csv', 'xlsx'],
        }),
      ),
      http.post(`${TEST_BASE_URL}/exports`, async ({ request }) => {
        exportBodies.push(await request.json());
        return new HttpResponse('<!doctype html><title>export</title>', {
          headers: {
            'Content-Type': 'text/html; charset=utf-8',
            'Content-Disposition':
              'attachment; filename="passwords-orders-db.html"',
            'X-Export-Id': 'export-42',
            'X-Export-Sha256': sha256,
          },
        });
      }),
    );

    // jsdom implements neither object URLs nor downloads, so the test
    // supplies the URL and records the anchor that starts the download.
    URL.createObjectURL = jest.fn(() => 'blob:http://localhost/file-1');
    URL.revokeObjectURL = jest.fn();
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clickedAnchors.push({ href: this.href, download: this.download });
      });
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  async function renderDialog(
    props: { onClose?: () => void; onFinished?: () => void } = {},
  ) {
    await renderInTestApp(<Harness {...props} />, {
      apis: [[passwordExportApiRef, createTestClient()]],
    });
    return screen.findByRole('dialog', { name: 'Export passwords' });
  }

  function exportButton(dialog: HTMLElement) {
    return within(dialog).getByRole('button', { name: 'Export' });
  }

  async function typePassphrases(
    user: ReturnType<typeof userEvent.setup>,
    dialog: HTMLElement,
    passphrase: string,
    confirmation = passphrase,
  ) {
    await user.click(within(dialog).getByLabelText('Passphrase'));
    await user.paste(passphrase);
    await user.click(within(dialog).getByLabelText('Confirm passphrase'));
    await user.paste(confirmation);
  }

  it('shows the entity, the formats and a disabled Export button', async () => {
    const dialog = await renderDialog();

    expect(
      within(dialog).getByRole('list', { name: 'Resources to export' }),
    ).toHaveTextContent('resource:default/orders-db');
    const formats = within(dialog).getByRole('radiogroup', { name: 'Format' });
    expect(
      within(formats)
        .getAllByRole('radio')
        .map(radio => radio.closest('label')?.textContent),
    ).toEqual([
      'Encrypted HTML',
      'CSV spreadsheet',
      'Excel spreadsheet (XLSX)',
    ]);
    expect(
      within(formats).getByRole('radio', { name: 'Encrypted HTML' }),
    ).toBeChecked();
    expect(within(dialog).getByLabelText('Passphrase')).toHaveAttribute(
      'type',
      'password',
    );
    expect(within(dialog).getByLabelText('Confirm passphrase')).toHaveAttribute(
      'type',
      'password',
    );
    expect(exportButton(dialog)).toBeDisabled();
  });

  it('applies the minimum length from the export options', async () => {
    const user = userEvent.setup();
    const dialog = await renderDialog();
    await within(dialog).findByText(/At least 14 characters/);

    await typePassphrases(user, dialog, 'a'.repeat(13));

    expect(
      within(dialog).getByText(
        'The passphrase must be at least 14 characters long (13 so far).',
      ),
    ).toBeInTheDocument();
    expect(exportButton(dialog)).toBeDisabled();

    await user.click(within(dialog).getByLabelText('Passphrase'));
    await user.keyboard('a');
    await user.click(within(dialog).getByLabelText('Confirm passphrase'));
    await user.keyboard('a');

    expect(exportButton(dialog)).toBeEnabled();
  });

  it('uses a minimum of 12 while the options load', async () => {
    server.use(
      http.get(`${TEST_BASE_URL}/export-options`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    const user = userEvent.setup();
    const dialog = await renderDialog();

    expect(within(dialog).getByText(/At least 12 characters/)).toBeVisible();
    await typePassphrases(user, dialog, 'a'.repeat(11));
    expect(
      within(dialog).getByText(
        'The passphrase must be at least 12 characters long (11 so far).',
      ),
    ).toBeInTheDocument();
  });

  it('rejects a passphrase with outer whitespace', async () => {
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await typePassphrases(user, dialog, ` ${goodPassphrase}`);

    expect(
      within(dialog).getByText(
        /^The passphrase must not start or end with a space/,
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Passphrase')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(exportButton(dialog)).toBeDisabled();
  });

  it('reports mismatched passphrases', async () => {
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await typePassphrases(user, dialog, goodPassphrase, `${goodPassphrase}x`);

    expect(
      within(dialog).getByText('The passphrases do not match.'),
    ).toBeInTheDocument();
    expect(exportButton(dialog)).toBeDisabled();
  });

  it('shows a strength meter', async () => {
    const user = userEvent.setup();
    const dialog = await renderDialog();
    const meter = within(dialog).getByRole('progressbar', {
      name: 'Passphrase strength',
    });

    await user.click(within(dialog).getByLabelText('Passphrase'));
    await user.paste('password123');

    // The first estimate waits for the word lists to load.
    await waitFor(
      () => expect(meter).toHaveAttribute('aria-valuetext', 'Very weak'),
      { timeout: 10_000 },
    );
    expect(within(dialog).getByText(/Strength: Very weak/)).toBeVisible();

    await user.clear(within(dialog).getByLabelText('Passphrase'));
    await user.paste('vivid-otter-canyon-lantern-49');

    await waitFor(() =>
      expect(meter).toHaveAttribute('aria-valuetext', 'Very strong'),
    );
    expect(meter).toHaveAttribute('aria-valuenow', '100');
  }, 20_000);

  it('warns that spreadsheets are not encrypted', async () => {
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await user.click(
      within(dialog).getByRole('radio', { name: 'CSV spreadsheet' }),
    );

    expect(
      within(dialog).getByText(/Spreadsheet files are NOT encrypted/),
    ).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Passphrase')).toBeNull();

    await user.click(
      within(dialog).getByRole('radio', { name: 'Excel spreadsheet (XLSX)' }),
    );
    expect(
      within(dialog).getByText(/Spreadsheet files are NOT encrypted/),
    ).toBeInTheDocument();
    expect(exportButton(dialog)).toBeEnabled();

    await user.click(exportButton(dialog));

    await waitFor(() => expect(exportBodies).toHaveLength(1));
    expect(exportBodies[0]).toEqual({ entityRefs, format: 'xlsx' });
  });

  it('downloads the file and shows a confirmation', async () => {
    const user = userEvent.setup();
    const onClose = jest.fn();
    const onFinished = jest.fn();
    const dialog = await renderDialog({ onClose, onFinished });

    await typePassphrases(user, dialog, goodPassphrase);
    await user.click(exportButton(dialog));

    const confirmation = await screen.findByRole('status');
    expect(exportBodies).toEqual([
      { entityRefs, format: 'encrypted-html', passphrase: goodPassphrase },
    ]);
    expect(clickedAnchors).toEqual([
      {
        href: 'blob:http://localhost/file-1',
        download: 'passwords-orders-db.html',
      },
    ]);
    expect(URL.createObjectURL).toHaveBeenCalledWith(expect.any(Blob));
    expect(onClose).toHaveBeenCalledTimes(1);
    await waitFor(() =>
      expect(
        screen.queryByRole('dialog', { name: 'Export passwords' }),
      ).not.toBeInTheDocument(),
    );

    expect(confirmation).toHaveTextContent('passwords-orders-db.html');
    expect(confirmation).toHaveTextContent('SHA-256: 3a7bd3e2360a…');
    expect(confirmation).not.toHaveTextContent(sha256);
    expect(
      within(confirmation).getByRole('link', { name: 'Open file' }),
    ).toHaveAttribute('href', 'blob:http://localhost/file-1');
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    expect(onFinished).not.toHaveBeenCalled();

    // The confirmation sits in the bottom-left corner.
    expect(
      confirmation.closest('.MuiSnackbar-anchorOriginBottomLeft'),
    ).not.toBeNull();

    await user.click(
      within(confirmation).getByRole('button', { name: 'Close' }),
    );

    await waitFor(() =>
      expect(URL.revokeObjectURL).toHaveBeenCalledWith(
        'blob:http://localhost/file-1',
      ),
    );
    expect(onFinished).toHaveBeenCalledTimes(1);
  });

  it('forgets the passphrases when it closes', async () => {
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await typePassphrases(user, dialog, goodPassphrase);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );

    await user.click(screen.getByRole('button', { name: 'Open export' }));
    const reopened = await screen.findByRole('dialog', {
      name: 'Export passwords',
    });
    expect(within(reopened).getByLabelText('Passphrase')).toHaveValue('');
    expect(within(reopened).getByLabelText('Confirm passphrase')).toHaveValue(
      '',
    );
  });

  it('shows the server message and keeps the values', async () => {
    server.use(
      http.post(`${TEST_BASE_URL}/exports`, () =>
        errorResponse(403, 'NotAllowedError', 'Exporting orders-db is denied'),
      ),
    );
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await typePassphrases(user, dialog, goodPassphrase);
    await user.click(exportButton(dialog));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'Exporting orders-db is denied',
    );
    expect(within(dialog).getByLabelText('Passphrase')).toHaveValue(
      goodPassphrase,
    );
    expect(within(dialog).getByLabelText('Confirm passphrase')).toHaveValue(
      goodPassphrase,
    );
    expect(within(dialog).queryByLabelText('Reason')).toBeNull();
    expect(clickedAnchors).toEqual([]);
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('asks for a reason when the backend requires one', async () => {
    server.use(
      http.post(
        `${TEST_BASE_URL}/exports`,
        () =>
          errorResponse(
            400,
            'InputError',
            'A reason of at least 10 characters is required for this export',
          ),
        { once: true },
      ),
    );
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await typePassphrases(user, dialog, goodPassphrase);
    await user.click(exportButton(dialog));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'A reason of at least 10 characters is required for this export',
    );
    const reason = within(dialog).getByLabelText('Reason');
    expect(exportButton(dialog)).toBeDisabled();

    await user.click(reason);
    await user.paste('  Site visit at the client  ');
    await user.click(exportButton(dialog));

    await screen.findByRole('status');
    expect(exportBodies).toEqual([
      {
        entityRefs,
        format: 'encrypted-html',
        passphrase: goodPassphrase,
        reason: 'Site visit at the client',
      },
    ]);
  });
});
