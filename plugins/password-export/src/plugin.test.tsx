import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { setupServer } from 'msw/node';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { passwordExportApiRef } from './api';
import {
  CloudStoragePage,
  EntityAccountsCard,
  passwordExportPlugin,
} from './plugin';
import { cloudStorageRouteRef, syncedCopiesRouteRef } from './routes';
import {
  createAccountsHandlers,
  createProvidersBackend,
  createTestClient,
  makeS3Provider,
  makeSyncedCopy,
} from './__testUtils__/fakePasswordExportBackend';

describe('legacy passwordExportPlugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('registers the client factory', () => {
    expect(passwordExportPlugin.getId()).toBe('password-export');
    expect(
      Array.from(passwordExportPlugin.getApis()).map(factory => factory.api),
    ).toEqual([passwordExportApiRef]);
    expect(passwordExportPlugin.routes).toEqual({
      cloudStorage: cloudStorageRouteRef,
      syncedCopies: syncedCopiesRouteRef,
    });
  });

  it('renders CloudStoragePage with its header', async () => {
    server.use(
      ...createProvidersBackend({
        providers: [makeS3Provider()],
        canReadSettings: true,
      }).handlers,
    );

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [passwordExportApiRef, createTestClient()],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/cloud-storage/*" element={<CloudStoragePage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/cloud-storage'],
        mountedRoutes: { '/cloud-storage': cloudStorageRouteRef },
      },
    );

    expect(
      await screen.findByRole('heading', { name: 'Cloud Storage', level: 1 }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('checkbox', { name: 'Enable Amazon S3' }),
    ).toBeChecked();
    expect(screen.getByRole('tab', { name: 'Overview' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('renders the synced copies tab of CloudStoragePage', async () => {
    server.use(
      ...createProvidersBackend({
        providers: [makeS3Provider()],
        syncedCopies: [makeSyncedCopy()],
      }).handlers,
    );

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [passwordExportApiRef, createTestClient()],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <Routes>
          <Route path="/cloud-storage/*" element={<CloudStoragePage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/cloud-storage/synced-copies'],
        mountedRoutes: {
          '/cloud-storage': cloudStorageRouteRef,
          '/catalog/:namespace/:kind/:name': entityRouteRef,
        },
      },
    );

    expect(
      await screen.findByRole('table', { name: 'My synced copies' }),
    ).toHaveTextContent('orders-db-passwords.html');
    expect(
      screen.getByRole('tab', { name: 'My synced copies' }),
    ).toHaveAttribute('aria-selected', 'true');
  });

  it('renders EntityAccountsCard for the current entity', async () => {
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
    );
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      requests.push(request.url);
    });

    await renderInTestApp(
      <TestApiProvider
        apis={[
          [passwordExportApiRef, createTestClient()],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Resource',
            metadata: { name: 'orders-db', namespace: 'default' },
          }}
        >
          <EntityAccountsCard />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(await screen.findByText('Admin console')).toBeInTheDocument();
    expect(requests).toContain(
      'http://backstage.test/api/password-export/entities/resource/default/orders-db/accounts',
    );
    server.events.removeAllListeners();
  });
});
