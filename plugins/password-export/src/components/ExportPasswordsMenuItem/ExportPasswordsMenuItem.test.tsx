import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import MenuList from '@material-ui/core/MenuList';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { passwordExportApiRef } from '../../api';
import {
  createTestClient,
  TEST_BASE_URL,
  createPreflightHandler,
} from '../../__testUtils__/fakePasswordExportBackend';
import { ExportPasswordsMenuItem } from './ExportPasswordsMenuItem';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

describe('ExportPasswordsMenuItem', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  beforeEach(() => {
    server.use(
      http.get(`${TEST_BASE_URL}/providers`, () =>
        HttpResponse.json({ items: [] }),
      ),
      createPreflightHandler(),
      http.get(`${TEST_BASE_URL}/export-options`, () =>
        HttpResponse.json({
          passphraseMinLength: 12,
          formats: ['encrypted-html', 'csv', 'xlsx'],
        }),
      ),
    );
  });

  it('opens the dialog for the current entity', async () => {
    const onClick = jest.fn();
    const user = userEvent.setup();
    await renderInTestApp(
      <EntityProvider
        entity={{
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Resource',
          metadata: { name: 'orders-db', namespace: 'default' },
        }}
      >
        <MenuList>
          <ExportPasswordsMenuItem onClick={onClick} />
        </MenuList>
      </EntityProvider>,
      { apis: [[passwordExportApiRef, createTestClient()]] },
    );

    await user.click(
      screen.getByRole('menuitem', { name: 'Export passwords…' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Export passwords',
    });
    expect(
      within(dialog).getByRole('list', { name: 'Resources to export' }),
    ).toHaveTextContent('resource:default/orders-db');
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('exports the entities it is given', async () => {
    const user = userEvent.setup();
    await renderInTestApp(
      <MenuList>
        <ExportPasswordsMenuItem
          entityRefs={['resource:default/a', 'resource:default/b']}
        />
      </MenuList>,
      { apis: [[passwordExportApiRef, createTestClient()]] },
    );

    await user.click(
      screen.getByRole('menuitem', { name: 'Export passwords…' }),
    );

    const list = within(
      await screen.findByRole('dialog', { name: 'Export passwords' }),
    ).getByRole('list', { name: 'Resources to export' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual(['resource:default/a', 'resource:default/b']);
  });
});
