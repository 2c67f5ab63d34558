import { screen } from '@testing-library/react';
import { setupServer } from 'msw/node';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { passwordExportApiRef } from './api';
import { EntityAccountsCard, passwordExportPlugin } from './plugin';
import {
  createAccountsHandlers,
  createTestClient,
} from './__testUtils__/fakePasswordExportBackend';

describe('legacy passwordExportPlugin', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  it('registers the client factory', () => {
    expect(passwordExportPlugin.getId()).toBe('password-export');
    expect(
      Array.from(passwordExportPlugin.getApis()).map(factory => factory.api),
    ).toEqual([passwordExportApiRef]);
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
