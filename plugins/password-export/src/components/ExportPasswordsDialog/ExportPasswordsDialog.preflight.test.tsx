import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  ExportPreflightRequest,
  ExportPreflightResult,
} from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  ALLOW_PREFLIGHT,
  createPreflightHandler,
  createTestClient,
  TEST_BASE_URL,
} from '../../__testUtils__/fakePasswordExportBackend';
import { ExportPasswordsDialog } from './ExportPasswordsDialog';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

const entityRefs = ['resource:default/orders-db'];

const REASON_10: ExportPreflightResult = {
  allowed: true,
  reason: { required: true, minLength: 10 },
};

const DENIED: ExportPreflightResult = {
  allowed: false,
  reason: { required: false },
  denied: [
    {
      entityRef: 'resource:default/orders-db',
      message:
        'You are not allowed to export the passwords of resource:default/orders-db as encrypted-html (permission password-export.export.create)',
    },
  ],
};

describe('ExportPasswordsDialog preflight', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let preflightBodies: ExportPreflightRequest[];
  let exportBodies: unknown[];

  beforeEach(() => {
    preflightBodies = [];
    exportBodies = [];
    server.use(
      http.get(`${TEST_BASE_URL}/providers`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${TEST_BASE_URL}/export-options`, () =>
        HttpResponse.json({
          passphraseMinLength: 12,
          formats: ['encrypted-html', 'csv', 'xlsx'],
        }),
      ),
      http.post(`${TEST_BASE_URL}/exports`, async ({ request }) => {
        exportBodies.push(await request.json());
        return new HttpResponse('a,b\n', {
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition':
              'attachment; filename="passwords-orders-db.csv"',
          },
        });
      }),
    );
    URL.createObjectURL = jest.fn(() => 'blob:http://localhost/file-1');
    URL.revokeObjectURL = jest.fn();
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  /** Responds to preflight requests by format and records each body. */
  function answerByFormat(
    answers: Partial<Record<string, ExportPreflightResult>>,
  ) {
    server.use(
      createPreflightHandler(body => {
        preflightBodies.push(body);
        return answers[body.format] ?? ALLOW_PREFLIGHT;
      }),
    );
  }

  async function renderDialog() {
    await renderInTestApp(
      <ExportPasswordsDialog open onClose={() => {}} entityRefs={entityRefs} />,
      { apis: [[passwordExportApiRef, createTestClient()]] },
    );
    return screen.findByRole('dialog', { name: 'Export passwords' });
  }

  function exportButton(dialog: HTMLElement) {
    return within(dialog).getByRole('button', { name: 'Export' });
  }

  async function chooseCsv(
    user: ReturnType<typeof userEvent.setup>,
    dialog: HTMLElement,
  ) {
    await user.click(
      within(dialog).getByRole('radio', { name: 'CSV spreadsheet' }),
    );
  }

  it('asks with the entities, format and destination', async () => {
    answerByFormat({});
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await waitFor(() => expect(preflightBodies).toHaveLength(1));
    await chooseCsv(user, dialog);
    await waitFor(() => expect(preflightBodies).toHaveLength(2));

    expect(preflightBodies).toEqual([
      { entityRefs, format: 'encrypted-html', destination: 'download' },
      { entityRefs, format: 'csv', destination: 'download' },
    ]);
  });

  it('shows no reason field when the policy allows', async () => {
    answerByFormat({});
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await chooseCsv(user, dialog);
    // The debounce may drop the request for the initial format.
    await waitFor(() => expect(preflightBodies.at(-1)?.format).toBe('csv'));
    await delay(50);

    expect(
      within(dialog).queryByRole('textbox', { name: 'Reason' }),
    ).toBeNull();
    expect(exportButton(dialog)).toBeEnabled();
  });

  it('shows the reason field a conditional policy asks for', async () => {
    answerByFormat({ csv: REASON_10 });
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await chooseCsv(user, dialog);
    const reason = await within(dialog).findByRole('textbox', {
      name: 'Reason',
    });

    expect(reason).toHaveAccessibleDescription(
      'At least 10 characters: why do you need these passwords?',
    );
    expect(reason).toBeRequired();
  });

  it('enables Export once the trimmed reason is long enough', async () => {
    answerByFormat({ csv: REASON_10 });
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await chooseCsv(user, dialog);
    const reason = await within(dialog).findByRole('textbox', {
      name: 'Reason',
    });
    expect(exportButton(dialog)).toBeDisabled();

    await user.type(reason, '   nine char   ');
    expect(exportButton(dialog)).toBeDisabled();
    expect(reason).toHaveAccessibleDescription(
      'Reason must be at least 10 characters (9 so far).',
    );

    await user.clear(reason);
    await user.type(reason, '  ten chars.  ');
    expect(exportButton(dialog)).toBeEnabled();

    await user.click(exportButton(dialog));
    await waitFor(() => expect(exportBodies).toHaveLength(1));
    expect(exportBodies[0]).toEqual({
      entityRefs,
      format: 'csv',
      reason: 'ten chars.',
    });
  });

  it('says up front when the policy denies the export', async () => {
    answerByFormat({ 'encrypted-html': DENIED });
    const user = userEvent.setup();
    const dialog = await renderDialog();

    const notice = await within(dialog).findByRole('alert', {
      name: 'Export not allowed',
    });
    expect(notice).toHaveTextContent(
      'You are not allowed to export the passwords of resource:default/orders-db as encrypted-html',
    );

    await user.click(within(dialog).getByLabelText('Passphrase'));
    await user.paste('Tangerine-Quartz-Harbor-97');
    await user.click(within(dialog).getByLabelText('Confirm passphrase'));
    await user.paste('Tangerine-Quartz-Harbor-97');
    expect(exportButton(dialog)).toBeDisabled();

    await chooseCsv(user, dialog);
    await waitFor(() =>
      expect(
        within(dialog).queryByRole('alert', { name: 'Export not allowed' }),
      ).toBeNull(),
    );
    expect(exportButton(dialog)).toBeEnabled();
  });

  it('ignores an answer for inputs that changed', async () => {
    let releaseCsv: () => void = () => {};
    const csvReleased = new Promise<void>(resolve => {
      releaseCsv = resolve;
    });
    server.use(
      createPreflightHandler(async body => {
        preflightBodies.push(body);
        if (body.format === 'csv') {
          await csvReleased;
          return DENIED;
        }
        return ALLOW_PREFLIGHT;
      }),
    );
    const user = userEvent.setup();
    const dialog = await renderDialog();
    await waitFor(() => expect(preflightBodies).toHaveLength(1));

    await chooseCsv(user, dialog);
    await waitFor(() => expect(preflightBodies).toHaveLength(2));
    await user.click(
      within(dialog).getByRole('radio', { name: 'Excel spreadsheet (XLSX)' }),
    );
    await waitFor(() => expect(preflightBodies).toHaveLength(3));
    releaseCsv();
    await delay(100);

    expect(preflightBodies.map(body => body.format)).toEqual([
      'encrypted-html',
      'csv',
      'xlsx',
    ]);
    expect(
      within(dialog).queryByRole('alert', { name: 'Export not allowed' }),
    ).toBeNull();
    expect(exportButton(dialog)).toBeEnabled();
  });

  it('falls back to the submit error when preflight fails', async () => {
    server.use(
      http.post(`${TEST_BASE_URL}/exports/preflight`, () =>
        HttpResponse.json(
          { error: { name: 'Error', message: 'boom' } },
          { status: 500 },
        ),
      ),
      http.post(
        `${TEST_BASE_URL}/exports`,
        () =>
          HttpResponse.json(
            {
              error: {
                name: 'InputError',
                message:
                  'Reason is required to export the passwords of resource:default/orders-db: give at least 12 characters explaining why you need them',
              },
              response: { statusCode: 400 },
            },
            { status: 400 },
          ),
        { once: true },
      ),
    );
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await chooseCsv(user, dialog);
    await user.click(exportButton(dialog));

    const reason = await within(dialog).findByRole('textbox', {
      name: 'Reason',
    });
    expect(reason).toHaveAccessibleDescription(
      'At least 12 characters: why do you need these passwords?',
    );
    expect(exportButton(dialog)).toBeDisabled();
  });
});
