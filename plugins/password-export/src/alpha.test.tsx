import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityContextMenuItemBlueprint,
  EntityContextMenuItemData,
} from '@backstage/plugin-catalog-react/alpha';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import passwordExportPlugin, {
  accountsEntityCard,
  cloudStorageOverviewSubPage,
  cloudStoragePage,
  exportPasswordsEntityContextMenuItem,
  syncedCopiesRouteRef,
  syncedCopiesSubPage,
} from './alpha';
import { passwordExportApiRef, PasswordExportClient } from './api';
import {
  createAccountsHandlers,
  createPreflightHandler,
  createProvidersBackend,
  createTestClient,
  makeS3Provider,
  TEST_BASE_URL,
} from './__testUtils__/fakePasswordExportBackend';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

function makeEntity(kind: string, name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    spec: { type: 'database', owner: 'team-a' },
  };
}

const resource = makeEntity('Resource', 'orders-db');
const component = makeEntity('Component', 'orders-service');
// permission-react caches decisions per resource, so the test that denies
// access uses a resource of its own.
const restrictedResource = makeEntity('Resource', 'payments-gateway');

// Renders a context menu item the way the entity page does: its title as a
// button that runs the item's onClick.
function ContextMenuItemButton(props: { data: EntityContextMenuItemData }) {
  const itemProps = props.data.useProps();
  return (
    <button
      type="button"
      disabled={itemProps.disabled}
      onClick={() => itemProps.onClick?.()}
    >
      {itemProps.title}
    </button>
  );
}

describe('password-export frontend plugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  beforeEach(() => {
    server.use(
      ...createAccountsHandlers([
        {
          id: 'a1',
          entityRef: 'resource:default/orders-db',
          name: 'Admin console',
          username: 'root',
          password: 'pw',
          updatedAt: '2026-01-15T08:30:00.000Z',
        },
      ]),
      http.get(`${TEST_BASE_URL}/providers`, () =>
        HttpResponse.json({ items: [] }),
      ),
      http.get(`${TEST_BASE_URL}/export-options`, () =>
        HttpResponse.json({
          passphraseMinLength: 12,
          formats: ['encrypted-html', 'csv', 'xlsx'],
        }),
      ),
    );
  });

  it('declares its id and extensions', () => {
    expect(passwordExportPlugin.pluginId).toBe('password-export');
    // getExtension returns the plugin's copy, bound to its namespace.
    for (const id of [
      'api:password-export',
      'page:password-export/cloud-storage',
      'sub-page:password-export/cloud-storage-overview',
      'sub-page:password-export/synced-copies',
      'entity-card:password-export/accounts',
      'entity-context-menu-item:password-export/export-passwords',
    ]) {
      expect(passwordExportPlugin.getExtension(id as any)).toEqual(
        expect.objectContaining({ namespace: 'password-export' }),
      );
    }
    expect(String(accountsEntityCard)).toContain(
      'attachTo=entity-content:catalog/overview@cards',
    );
    expect(String(exportPasswordsEntityContextMenuItem)).toContain(
      'attachTo=page:catalog/entity@contextMenuItems',
    );
    expect(String(cloudStoragePage)).toContain('attachTo=app/routes@routes');
    for (const subPage of [cloudStorageOverviewSubPage, syncedCopiesSubPage]) {
      expect(String(subPage)).toContain(
        'attachTo=page:<plugin>/cloud-storage@pages',
      );
    }
  });

  it('renders the Cloud Storage page at /cloud-storage', async () => {
    server.use(
      ...createProvidersBackend({
        providers: [makeS3Provider()],
        canReadSettings: true,
      }).handlers,
    );

    await renderTestApp({
      extensions: [
        cloudStoragePage,
        cloudStorageOverviewSubPage,
        syncedCopiesSubPage,
      ],
      apis: [[passwordExportApiRef, createTestClient()], mockApis.permission()],
      initialRouteEntries: ['/cloud-storage'],
    });

    expect(
      await screen.findByRole('checkbox', { name: 'Enable Amazon S3' }),
    ).toBeChecked();
    expect(
      screen.getByRole('heading', { name: 'Cloud Storage' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Recent exports' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
      'href',
      '/cloud-storage/overview',
    );
    expect(
      screen.getByRole('tab', { name: 'My synced copies' }),
    ).toHaveAttribute('href', '/cloud-storage/synced-copies');
  });

  it('provides the client through the API extension', async () => {
    const { apis } = await renderTestApp({
      features: [passwordExportPlugin],
      apis: [mockApis.discovery({ baseUrl: 'http://backstage.test' })],
    });

    expect(apis.get(passwordExportApiRef)).toBeInstanceOf(PasswordExportClient);
  });

  it('shows the accounts card on a Resource entity', async () => {
    await renderTestApp({
      extensions: [
        createTestEntityPage({ entity: resource }),
        accountsEntityCard,
      ],
      apis: [[passwordExportApiRef, createTestClient()], mockApis.permission()],
    });

    expect(
      await screen.findByRole('table', { name: 'Accounts' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Admin console')).toBeInTheDocument();
  });

  it('leaves out the accounts card on other kinds', async () => {
    await renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component }),
        accountsEntityCard,
      ],
      apis: [[passwordExportApiRef, createTestClient()], mockApis.permission()],
    });

    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(screen.queryByText('Accounts')).not.toBeInTheDocument();
  });

  it('offers the context menu item on Resource entities only', () => {
    const tester = createExtensionTester(exportPasswordsEntityContextMenuItem);
    const filter = tester.get(
      EntityContextMenuItemBlueprint.dataRefs.filterFunction,
    );

    expect(filter).toBeDefined();
    expect(filter?.(resource)).toBe(true);
    expect(filter?.(component)).toBe(false);
  });

  it('opens the export dialog from the context menu item', async () => {
    const data = createExtensionTester(
      exportPasswordsEntityContextMenuItem,
    ).get(EntityContextMenuItemBlueprint.dataRefs.data);
    const user = userEvent.setup();

    await renderInTestApp(
      <EntityProvider entity={resource}>
        <ContextMenuItemButton data={data} />
      </EntityProvider>,
      {
        apis: [
          [passwordExportApiRef, createTestClient()],
          mockApis.permission(),
        ],
      },
    );
    expect(data.icon).not.toBeNull();
    await user.click(screen.getByRole('button', { name: 'Export passwords…' }));

    const dialog = await screen.findByRole('dialog', {
      name: 'Export passwords',
    });
    expect(
      within(dialog).getByRole('list', { name: 'Resources to export' }),
    ).toHaveTextContent('resource:default/orders-db');

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('links the export confirmation to the synced copies tab', async () => {
    server.use(
      createPreflightHandler(),
      ...createProvidersBackend({
        providers: [makeS3Provider()],
        connections: {
          s3: { accountLabel: 'bucket team-exports', status: 'connected' },
        },
      }).handlers,
    );
    const data = createExtensionTester(
      exportPasswordsEntityContextMenuItem,
    ).get(EntityContextMenuItemBlueprint.dataRefs.data);
    const user = userEvent.setup();

    await renderInTestApp(
      <EntityProvider entity={resource}>
        <ContextMenuItemButton data={data} />
      </EntityProvider>,
      {
        apis: [
          [passwordExportApiRef, createTestClient()],
          mockApis.permission(),
        ],
        mountedRoutes: { '/cloud-storage/synced-copies': syncedCopiesRouteRef },
      },
    );
    await user.click(screen.getByRole('button', { name: 'Export passwords…' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Export passwords',
    });
    await user.click(
      await within(dialog).findByRole('radio', { name: 'Sync with Amazon S3' }),
    );
    for (const label of ['Passphrase', 'Confirm passphrase']) {
      await user.click(within(dialog).getByLabelText(label));
      await user.paste('Tangerine-Quartz-Harbor-97');
    }
    await user.click(within(dialog).getByRole('button', { name: 'Export' }));

    const confirmation = await screen.findByRole('status');
    expect(
      within(confirmation).getByRole('link', { name: 'Manage synced copies' }),
    ).toHaveAttribute('href', '/cloud-storage/synced-copies');
  });

  it('disables the menu item without account read access', async () => {
    const data = createExtensionTester(
      exportPasswordsEntityContextMenuItem,
    ).get(EntityContextMenuItemBlueprint.dataRefs.data);
    const permissionApi = mockApis.permission({
      authorize: request =>
        request.permission.name === 'password-export.account.read'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });

    await renderInTestApp(
      <EntityProvider entity={restrictedResource}>
        <ContextMenuItemButton data={data} />
      </EntityProvider>,
      { apis: [[passwordExportApiRef, createTestClient()], permissionApi] },
    );

    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'Export passwords…' }),
      ).toBeDisabled(),
    );
  });
});
