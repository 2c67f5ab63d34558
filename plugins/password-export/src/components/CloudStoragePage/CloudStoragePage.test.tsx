import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http } from 'msw';
import { setupServer } from 'msw/node';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { TestConnectionResult } from '@internal/backstage-plugin-password-export-common';
import { passwordExportApiRef } from '../../api';
import {
  createProvidersBackend,
  createTestClient,
  errorResponse,
  FakeProvider,
  makeBoxProvider,
  makeDropboxProvider,
  makeS3Provider,
  TEST_BASE_URL,
} from '../../__testUtils__/fakePasswordExportBackend';
import { CloudStorageContent } from './CloudStorageContent';
import { CloudStoragePage } from './CloudStoragePage';
import { PRESET_NOTE } from './ProviderSettingField';

// Rendering a whole test app takes seconds on a busy machine.
jest.setTimeout(30_000);

// Replaces the browser clipboard with one that records what was written;
// jsdom has none.
function installClipboard(writeText: (text: string) => Promise<void>) {
  const clipboard = { writeText: jest.fn(writeText) };
  Object.defineProperty(navigator, 'clipboard', {
    value: clipboard,
    configurable: true,
  });
  return clipboard;
}

// Permission decisions are cached for the whole test file, so this file
// contains the tests of an admin with every permission.
describe('CloudStorageContent for an admin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  function useBackend(
    providers: FakeProvider[],
    testResult?: TestConnectionResult,
  ) {
    const backend = createProvidersBackend({
      providers,
      canReadSettings: true,
      testResult,
    });
    server.use(...backend.handlers);
    return backend;
  }

  async function renderPage(page = <CloudStorageContent />) {
    await renderInTestApp(page, {
      apis: [[passwordExportApiRef, createTestClient()], mockApis.permission()],
    });
  }

  async function findCard(title: string) {
    return screen.findByRole('region', { name: `${title} settings` });
  }

  it('toggles a provider and saves only changed values', async () => {
    const box = makeBoxProvider();
    const backend = useBackend([makeS3Provider(), box]);
    const user = userEvent.setup();
    await renderPage();

    const card = await findCard('Box');
    const enable = within(card).getByRole('checkbox', { name: 'Enable Box' });
    const save = within(card).getByRole('button', { name: 'Save' });
    expect(enable).not.toBeChecked();
    expect(save).toBeDisabled();

    await user.click(enable);
    const clientId = within(card).getByRole('textbox', { name: 'Client id' });
    expect(clientId).toHaveValue('box-client-1');
    await user.clear(clientId);
    await user.type(clientId, 'box-client-2');
    await user.click(save);

    expect(await within(card).findByRole('status')).toHaveTextContent(
      'Settings saved.',
    );
    expect(backend.requests.settingsUpdates).toEqual([
      {
        providerId: 'box',
        body: { enabled: true, values: { clientId: 'box-client-2' } },
      },
    ]);
    expect(box.enabled).toBe(true);
    await waitFor(() =>
      expect(
        within(card).getByRole('checkbox', { name: 'Enable Box' }),
      ).toBeChecked(),
    );
  });

  it('never displays a secret and replaces it on request', async () => {
    const box = makeBoxProvider();
    const backend = useBackend([box]);
    const user = userEvent.setup();
    await renderPage();

    const card = await findCard('Box');
    const secret = within(card).getByRole('group', { name: 'Client secret' });
    expect(secret).toHaveTextContent('Saved');
    expect(document.body).not.toHaveTextContent('box-s3cr3t');
    for (const input of Array.from(card.querySelectorAll('input'))) {
      expect(input.value).not.toBe('box-s3cr3t');
    }

    await user.click(
      within(card).getByRole('button', { name: 'Replace Client secret' }),
    );
    const replacement = within(card).getByLabelText('Client secret');
    expect(replacement).toHaveAttribute('type', 'password');
    expect(replacement).toHaveValue('');
    await user.click(replacement);
    await user.paste('rotated-secret-2');
    await user.click(within(card).getByRole('button', { name: 'Save' }));

    await within(card).findByRole('status');
    expect(backend.requests.settingsUpdates).toEqual([
      {
        providerId: 'box',
        body: { enabled: false, values: { clientSecret: 'rotated-secret-2' } },
      },
    ]);
    expect(box.storedSettings.clientSecret).toBe('rotated-secret-2');
    // After saving, the field is back to its state and the typed value is
    // gone from the page.
    await waitFor(() =>
      expect(
        within(card).getByRole('group', { name: 'Client secret' }),
      ).toHaveTextContent('Saved'),
    );
    expect(document.body).not.toHaveTextContent('rotated-secret-2');
    for (const input of Array.from(card.querySelectorAll('input'))) {
      expect(input.value).not.toBe('rotated-secret-2');
    }
  });

  it('clears a secret with null', async () => {
    const box = makeBoxProvider();
    const backend = useBackend([box]);
    const user = userEvent.setup();
    await renderPage();

    const card = await findCard('Box');
    await user.click(
      within(card).getByRole('button', { name: 'Clear Client secret' }),
    );
    expect(
      within(card).getByRole('group', { name: 'Client secret' }),
    ).toHaveTextContent('Will be cleared when you save');
    await user.click(within(card).getByRole('button', { name: 'Save' }));

    await within(card).findByRole('status');
    expect(backend.requests.settingsUpdates[0].body).toEqual({
      enabled: false,
      values: { clientSecret: null },
    });
    await waitFor(() =>
      expect(
        within(card).getByRole('group', { name: 'Client secret' }),
      ).toHaveTextContent('Not set'),
    );
  });

  it('renders each field kind and keeps preset keys read-only', async () => {
    const s3 = makeS3Provider({
      presetKeys: ['prefix', 'allowCustomEndpoints'],
      storedSettings: { prefix: 'team/', allowCustomEndpoints: true },
    });
    const backend = useBackend([s3]);
    const user = userEvent.setup();
    await renderPage();

    const card = await findCard('Amazon S3');
    const prefix = within(card).getByRole('textbox', {
      name: 'Object key prefix',
    });
    expect(prefix).toHaveValue('team/');
    expect(prefix).toHaveAttribute('readonly');
    expect(prefix).toHaveAccessibleDescription(PRESET_NOTE);
    const endpoints = within(card).getByRole('checkbox', {
      name: 'Allow custom endpoints',
    });
    expect(endpoints).toBeChecked();
    expect(endpoints).toBeDisabled();

    const encryption = within(card).getByRole('combobox', {
      name: 'Server-side encryption',
    });
    expect(encryption).toHaveValue('none');
    expect(
      within(encryption)
        .getAllByRole('option')
        .map(option => option.textContent),
    ).toEqual([
      'None (bucket default)',
      'SSE-S3 (AES256)',
      'SSE-KMS (AWS KMS key)',
    ]);

    await user.type(prefix, 'other/');
    await user.selectOptions(encryption, 'aws:kms');
    await user.type(
      within(card).getByRole('textbox', { name: 'KMS key id' }),
      'alias/exports',
    );
    await user.click(within(card).getByRole('button', { name: 'Save' }));

    await within(card).findByRole('status');
    expect(backend.requests.settingsUpdates).toEqual([
      {
        providerId: 's3',
        body: {
          enabled: true,
          values: {
            serverSideEncryption: 'aws:kms',
            kmsKeyId: 'alias/exports',
          },
        },
      },
    ]);
  });

  it('shows a server error next to the named field', async () => {
    useBackend([makeS3Provider()]);
    server.use(
      http.put(`${TEST_BASE_URL}/providers/s3/settings`, () =>
        errorResponse(
          400,
          'InputError',
          'KMS key id is required when server-side encryption is SSE-KMS',
        ),
      ),
    );
    const user = userEvent.setup();
    await renderPage();

    const card = await findCard('Amazon S3');
    await user.selectOptions(
      within(card).getByRole('combobox', { name: 'Server-side encryption' }),
      'aws:kms',
    );
    await user.click(within(card).getByRole('button', { name: 'Save' }));

    expect(await within(card).findByRole('alert')).toHaveTextContent(
      'KMS key id is required when server-side encryption is SSE-KMS',
    );
    const kmsKeyId = within(card).getByRole('textbox', { name: 'KMS key id' });
    expect(kmsKeyId).toHaveAccessibleDescription(
      'KMS key id is required when server-side encryption is SSE-KMS',
    );
    expect(kmsKeyId).toHaveAttribute('aria-invalid', 'true');
    expect(within(card).queryByRole('status')).not.toBeInTheDocument();
  });

  it('tests the connection and shows the outcome', async () => {
    const backend = useBackend(
      [
        makeS3Provider({
          testConnectionFields: [
            { key: 'region', title: 'Region', type: 'string' },
          ],
        }),
      ],
      {
        ok: false,
        message:
          'The proxy refused the connection to s3.eu-west-1.amazonaws.com',
        durationMs: 1520.4,
        proxy: 'http://proxy.internal:3128',
      },
    );
    const user = userEvent.setup();
    await renderPage();

    const card = await findCard('Amazon S3');
    await user.type(
      within(card).getByRole('textbox', { name: 'Region' }),
      'eu-west-1',
    );
    await user.click(
      within(card).getByRole('button', { name: 'Test connection' }),
    );

    const result = await within(card).findByRole('status');
    expect(result).toHaveTextContent('Connection failed');
    expect(result).toHaveTextContent(
      'The proxy refused the connection to s3.eu-west-1.amazonaws.com',
    );
    expect(result).toHaveTextContent('Duration: 1520 ms');
    expect(result).toHaveTextContent('Proxy: http://proxy.internal:3128');
    expect(backend.requests.tests).toEqual([
      { providerId: 's3', body: { input: { region: 'eu-west-1' } } },
    ]);
  });

  it('reports a direct successful connection', async () => {
    const backend = useBackend([makeBoxProvider()], {
      ok: true,
      message: 'Reached api.box.com',
      durationMs: 87,
    });
    const user = userEvent.setup();
    await renderPage();

    const card = await findCard('Box');
    await user.click(
      within(card).getByRole('button', { name: 'Test connection' }),
    );

    const result = await within(card).findByRole('status');
    expect(result).toHaveTextContent('Connection succeeded');
    expect(result).toHaveTextContent('Proxy: none (direct connection)');
    expect(backend.requests.tests).toEqual([{ providerId: 'box', body: {} }]);
  });

  it('shows the Box redirect URI with a copy button', async () => {
    useBackend([makeBoxProvider(), makeDropboxProvider()]);
    const user = userEvent.setup();
    const clipboard = installClipboard(async () => {});
    await renderPage();

    const card = await findCard('Box');
    const redirectUri = within(card).getByRole('textbox', {
      name: 'Redirect URI to register in your Box app',
    });
    expect(redirectUri).toHaveValue(
      'https://backstage.example.com/api/password-export/oauth/callback',
    );
    expect(redirectUri).toHaveAttribute('readonly');
    expect(redirectUri).toHaveAccessibleDescription(
      'Box sends users back to this address after they allow access. Add it to the redirect URIs of your Box app.',
    );

    await user.click(
      within(card).getByRole('button', { name: 'Copy redirect URI' }),
    );

    expect(clipboard.writeText.mock.calls).toEqual([
      ['https://backstage.example.com/api/password-export/oauth/callback'],
    ]);
    expect(redirectUri).toHaveAccessibleDescription(
      'Redirect URI copied to the clipboard.',
    );
    const dropbox = await findCard('Dropbox');
    expect(
      within(dropbox).queryByRole('textbox', { name: /^Redirect URI/ }),
    ).toBeNull();
  });

  it('says when the browser refuses to copy the redirect URI', async () => {
    useBackend([makeBoxProvider()]);
    const user = userEvent.setup();
    installClipboard(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    await renderPage();

    const card = await findCard('Box');
    await user.click(
      within(card).getByRole('button', { name: 'Copy redirect URI' }),
    );

    expect(
      within(card).getByRole('textbox', {
        name: 'Redirect URI to register in your Box app',
      }),
    ).toHaveAccessibleDescription(
      'The browser did not allow copying. Select the address and copy it yourself.',
    );
  });

  it('shows every user history with a user filter', async () => {
    useBackend([makeS3Provider()]);
    await renderPage();

    await findCard('Amazon S3');
    expect(
      await screen.findByRole('table', { name: 'Recent exports' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'User' })).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'My connections' }),
    ).toBeInTheDocument();
  });

  it('titles the legacy page Cloud Storage', async () => {
    useBackend([makeS3Provider()]);
    await renderPage(<CloudStoragePage />);

    expect(
      await screen.findByRole('heading', { name: 'Cloud Storage', level: 1 }),
    ).toBeInTheDocument();
    expect(await findCard('Amazon S3')).toBeInTheDocument();
  });
});
