import { useState } from 'react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { ConnectionView } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  createProvidersBackend,
  createTestClient,
  FakeFieldError,
  makeBoxProvider,
  makeS3Provider,
  TEST_BASE_URL,
  createPreflightHandler,
} from '../../__testUtils__/fakePasswordExportBackend';
import { ExportPasswordsDialog } from './ExportPasswordsDialog';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

const entityRefs = ['resource:default/orders-db'];
const goodPassphrase = 'Tangerine-Quartz-Harbor-97';

const s3Credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  bucket: 'team-exports',
  region: 'eu-west-1',
};

function Harness(props: { onClose: () => void; syncedCopiesLink?: string }) {
  const [open, setOpen] = useState(true);
  return (
    <ExportPasswordsDialog
      open={open}
      onClose={() => {
        setOpen(false);
        props.onClose();
      }}
      entityRefs={entityRefs}
      syncedCopiesLink={props.syncedCopiesLink}
    />
  );
}

describe('ExportPasswordsDialog with cloud storage', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let downloads: unknown[];

  function useBackend(options: {
    connection?: ConnectionView;
    validateConnection?: (
      providerId: string,
      input: Record<string, string>,
    ) => FakeFieldError | undefined;
  }) {
    const backend = createProvidersBackend({
      providers: [makeS3Provider(), makeBoxProvider({ enabled: false })],
      connections: options.connection ? { s3: options.connection } : {},
      validateConnection: options.validateConnection,
    });
    server.use(...backend.handlers);
    return backend;
  }

  beforeEach(() => {
    downloads = [];
    server.use(
      createPreflightHandler(),
      http.get(`${TEST_BASE_URL}/export-options`, () =>
        HttpResponse.json({
          passphraseMinLength: 12,
          formats: ['encrypted-html', 'csv', 'xlsx'],
        }),
      ),
      http.post(`${TEST_BASE_URL}/exports`, async ({ request }) => {
        downloads.push(await request.json());
        return new HttpResponse('<html></html>', {
          headers: { 'Content-Disposition': 'attachment; filename="x.html"' },
        });
      }),
    );
  });

  async function renderDialog(onClose = jest.fn(), syncedCopiesLink?: string) {
    await renderInTestApp(
      <Harness onClose={onClose} syncedCopiesLink={syncedCopiesLink} />,
      { apis: [[passwordExportApiRef, createTestClient()]] },
    );
    return screen.findByRole('dialog', { name: 'Export passwords' });
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

  async function chooseS3(
    user: ReturnType<typeof userEvent.setup>,
    dialog: HTMLElement,
  ) {
    const destinations = within(dialog).getByRole('radiogroup', {
      name: 'Destination',
    });
    await user.click(
      await within(destinations).findByRole('radio', {
        name: 'Sync with Amazon S3',
      }),
    );
  }

  it('offers download and the enabled providers only', async () => {
    useBackend({});
    const dialog = await renderDialog();

    const destinations = within(dialog).getByRole('radiogroup', {
      name: 'Destination',
    });
    await within(destinations).findByRole('radio', {
      name: 'Sync with Amazon S3',
    });
    expect(
      within(destinations)
        .getAllByRole('radio')
        .map(radio => radio.closest('label')?.textContent),
    ).toEqual(['Download', 'Sync with Amazon S3']);
    expect(
      within(destinations).getByRole('radio', { name: 'Download' }),
    ).toBeChecked();
  });

  it('forces the encrypted format for a cloud destination', async () => {
    useBackend({
      connection: { accountLabel: 'bucket team-exports', status: 'connected' },
    });
    const user = userEvent.setup();
    const dialog = await renderDialog();
    const formats = within(dialog).getByRole('radiogroup', { name: 'Format' });

    await user.click(
      within(formats).getByRole('radio', { name: 'CSV spreadsheet' }),
    );
    await chooseS3(user, dialog);

    expect(
      within(formats).getByRole('radio', { name: 'Encrypted HTML' }),
    ).toBeChecked();
    for (const name of ['CSV spreadsheet', 'Excel spreadsheet (XLSX)']) {
      expect(within(formats).getByRole('radio', { name })).toBeDisabled();
    }
    expect(formats).toHaveAccessibleDescription(
      /Only the encrypted HTML file can be synced to cloud storage/,
    );
    expect(within(dialog).getByLabelText('Passphrase')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('radio', { name: 'Download' }));
    expect(
      within(formats).getByRole('radio', { name: 'CSV spreadsheet' }),
    ).toBeEnabled();
  });

  it('syncs and confirms with the location and hash', async () => {
    const backend = useBackend({
      connection: { accountLabel: 'bucket team-exports', status: 'connected' },
    });
    const user = userEvent.setup();
    const onClose = jest.fn();
    const dialog = await renderDialog(onClose);

    await chooseS3(user, dialog);
    expect(
      within(dialog).queryByRole('button', { name: 'Connect' }),
    ).not.toBeInTheDocument();
    await typePassphrases(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));

    const confirmation = await screen.findByRole('status');
    expect(backend.requests.cloudExports).toEqual([
      {
        entityRefs,
        format: 'encrypted-html',
        passphrase: goodPassphrase,
        destination: 's3',
        keepUpToDate: true,
      },
    ]);
    expect(downloads).toEqual([]);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(confirmation).toHaveTextContent(
      'Synced to Amazon S3: s3://team-exports/password-exports/orders-db-passwords.html',
    );
    expect(confirmation).toHaveTextContent('SHA-256: 9f86d081884c…');
    expect(confirmation).toHaveTextContent(
      'The file is kept up to date when its accounts change.',
    );
    expect(
      within(confirmation).queryByRole('link', { name: 'Open file' }),
    ).not.toBeInTheDocument();
    expect(
      confirmation.closest('.MuiSnackbar-anchorOriginBottomLeft'),
    ).not.toBeNull();
  });

  it('keeps cloud copies up to date by default', async () => {
    useBackend({
      connection: { accountLabel: 'bucket team-exports', status: 'connected' },
    });
    const user = userEvent.setup();
    const dialog = await renderDialog();

    expect(
      within(dialog).queryByRole('checkbox', {
        name: 'Keep this copy up to date',
      }),
    ).not.toBeInTheDocument();
    await chooseS3(user, dialog);

    const keep = within(dialog).getByRole('checkbox', {
      name: 'Keep this copy up to date',
    });
    expect(keep).toBeChecked();
    expect(keep).toHaveAccessibleDescription(
      /When an account of these resources changes, the portal uploads an updated file/,
    );
    expect(
      within(dialog).getByText('Connected to Amazon S3: bucket team-exports'),
    ).toBeInTheDocument();

    await user.click(within(dialog).getByRole('radio', { name: 'Download' }));
    expect(
      within(dialog).queryByRole('checkbox', {
        name: 'Keep this copy up to date',
      }),
    ).not.toBeInTheDocument();
    await typePassphrases(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));

    await screen.findByRole('status');
    expect(downloads).toEqual([
      { entityRefs, format: 'encrypted-html', passphrase: goodPassphrase },
    ]);
  });

  it('sends keepUpToDate false when unchecked', async () => {
    const backend = useBackend({
      connection: { accountLabel: 'bucket team-exports', status: 'connected' },
    });
    const user = userEvent.setup();
    const dialog = await renderDialog(
      jest.fn(),
      '/cloud-storage/synced-copies',
    );

    await chooseS3(user, dialog);
    await user.click(
      within(dialog).getByRole('checkbox', {
        name: 'Keep this copy up to date',
      }),
    );
    await typePassphrases(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));

    const confirmation = await screen.findByRole('status');
    expect(backend.requests.cloudExports).toEqual([
      expect.objectContaining({ destination: 's3', keepUpToDate: false }),
    ]);
    expect(confirmation).toHaveTextContent('Synced to Amazon S3');
    expect(confirmation).not.toHaveTextContent('kept up to date');
    expect(
      within(confirmation).queryByRole('link', {
        name: 'Manage synced copies',
      }),
    ).not.toBeInTheDocument();
  });

  it('links a kept copy to the synced copies page', async () => {
    useBackend({
      connection: { accountLabel: 'bucket team-exports', status: 'connected' },
    });
    const user = userEvent.setup();
    const dialog = await renderDialog(
      jest.fn(),
      '/cloud-storage/synced-copies',
    );

    await chooseS3(user, dialog);
    await typePassphrases(user, dialog);
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));

    const confirmation = await screen.findByRole('status');
    expect(confirmation).toHaveTextContent(
      'The file is kept up to date when its accounts change.',
    );
    expect(
      within(confirmation).getByRole('link', { name: 'Manage synced copies' }),
    ).toHaveAttribute('href', '/cloud-storage/synced-copies');
  });

  it('connects inline, shows a field error, then exports', async () => {
    const backend = useBackend({
      validateConnection: (_providerId, input) =>
        input.bucket === 'missing-bucket'
          ? {
              field: 'bucket',
              message: 'Bucket missing-bucket does not exist in eu-west-1',
            }
          : undefined,
    });
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await typePassphrases(user, dialog);
    await chooseS3(user, dialog);

    const form = within(dialog).getByRole('region', {
      name: 'Connect Amazon S3',
    });
    expect(
      within(dialog).getByRole('button', { name: 'Export' }),
    ).toBeDisabled();
    expect(within(form).getByLabelText('Secret access key')).toHaveAttribute(
      'type',
      'password',
    );
    const connect = within(form).getByRole('button', { name: 'Connect' });
    expect(connect).toBeDisabled();

    await user.type(
      within(form).getByLabelText('Access key id'),
      s3Credentials.accessKeyId,
    );
    await user.click(within(form).getByLabelText('Secret access key'));
    await user.paste(s3Credentials.secretAccessKey);
    await user.type(within(form).getByLabelText('Bucket'), 'missing-bucket');
    await user.type(
      within(form).getByLabelText('Region'),
      s3Credentials.region,
    );
    await user.click(connect);

    const bucket = within(form).getByLabelText('Bucket');
    await waitFor(() =>
      expect(bucket).toHaveAccessibleDescription(
        'Bucket missing-bucket does not exist in eu-west-1',
      ),
    );
    expect(bucket).toHaveAttribute('aria-invalid', 'true');
    expect(within(form).queryByRole('alert')).not.toBeInTheDocument();
    expect(backend.requests.cloudExports).toEqual([]);

    await user.clear(bucket);
    await user.type(bucket, s3Credentials.bucket);
    await user.click(connect);

    const confirmation = await screen.findByRole('status');
    expect(confirmation).toHaveTextContent('Synced to Amazon S3');
    expect(backend.requests.connects).toEqual([
      {
        providerId: 's3',
        body: {
          input: { ...s3Credentials, bucket: 'missing-bucket' },
        },
      },
      { providerId: 's3', body: { input: s3Credentials } },
    ]);
    expect(backend.requests.cloudExports).toHaveLength(1);
  });

  it('shows an error without a field at the top of the form', async () => {
    useBackend({
      validateConnection: () => ({
        message: 'The storage service did not respond in time',
      }),
    });
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await chooseS3(user, dialog);
    const form = within(dialog).getByRole('region', {
      name: 'Connect Amazon S3',
    });
    for (const [label, value] of [
      ['Access key id', 'AKIA1'],
      ['Secret access key', 'secret'],
      ['Bucket', 'b'],
      ['Region', 'r'],
    ]) {
      await user.type(within(form).getByLabelText(label), value);
    }
    await user.click(within(form).getByRole('button', { name: 'Connect' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      'The storage service did not respond in time',
    );
  });

  it('asks to reconnect when the credentials were rejected', async () => {
    useBackend({
      connection: {
        accountLabel: 'bucket team-exports (eu-west-1)',
        status: 'reconnect-needed',
      },
    });
    const user = userEvent.setup();
    const dialog = await renderDialog();

    await typePassphrases(user, dialog);
    await chooseS3(user, dialog);

    const form = within(dialog).getByRole('region', {
      name: 'Connect Amazon S3',
    });
    expect(form).toHaveTextContent(
      'Amazon S3 no longer accepts the saved credentials for bucket team-exports (eu-west-1)',
    );
    expect(within(form).getByLabelText('Access key id')).toHaveValue('');
    expect(
      within(dialog).getByRole('button', { name: 'Export' }),
    ).toBeDisabled();
  });
});
