import { screen, within } from '@testing-library/react';
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
import { CloudStorageContent } from './CloudStorageContent';

// Rendering a whole test app takes seconds on a busy machine.
jest.setTimeout(30_000);

// Permission decisions are cached for the whole test file, so this file
// contains the tests of a user who may read the settings but not change them.
describe('CloudStorageContent for a settings reader', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('shows every provider read-only', async () => {
    const backend = createProvidersBackend({
      providers: [
        makeS3Provider({ storedSettings: { prefix: 'team/' } }),
        makeBoxProvider(),
      ],
      canReadSettings: true,
    });
    server.use(...backend.handlers);

    await renderInTestApp(<CloudStorageContent />, {
      apis: [
        [passwordExportApiRef, createTestClient()],
        mockApis.permission({
          authorize: request =>
            request.permission.name === 'password-export.settings.read'
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }),
      ],
    });

    const s3 = await screen.findByRole('region', {
      name: 'Amazon S3 settings',
    });
    const box = screen.getByRole('region', { name: 'Box settings' });

    expect(
      within(s3).getByRole('checkbox', { name: 'Enable Amazon S3' }),
    ).toBeDisabled();
    expect(
      within(box).getByRole('checkbox', { name: 'Enable Box' }),
    ).toBeDisabled();
    expect(
      within(s3).getByRole('textbox', { name: 'Object key prefix' }),
    ).toHaveAttribute('readonly');
    expect(
      within(s3).getByRole('combobox', { name: 'Server-side encryption' }),
    ).toBeDisabled();
    expect(
      within(s3).getByRole('checkbox', { name: 'Allow custom endpoints' }),
    ).toBeDisabled();
    expect(
      within(box).getByRole('group', { name: 'Client secret' }),
    ).toHaveTextContent('Saved');

    for (const card of [s3, box]) {
      for (const name of [
        'Save',
        'Test connection',
        'Replace Client secret',
        'Clear Client secret',
      ]) {
        expect(
          within(card).queryByRole('button', { name }),
        ).not.toBeInTheDocument();
      }
    }
    expect(
      await screen.findByRole('table', { name: 'Recent exports' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'User' })).toBeInTheDocument();
  });
});
