import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { AccountSource } from '@internal/backstage-plugin-password-export-node';
import { collectAccounts } from './collectAccounts';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db' },
};

describe('collectAccounts', () => {
  it('copies only the account fields of each source', async () => {
    const source: AccountSource = {
      id: 'vault',
      listAccounts: async () => [
        { name: 'a', username: 'u', password: 'p', extra: 'x' } as any,
      ],
    };

    const [resource] = await collectAccounts({
      entities: [entity],
      sources: [source],
      credentials: mockCredentials.user(),
      userEntityRef: 'user:default/mock',
      logger: mockServices.logger.mock(),
    });

    expect(resource.accounts[0]).not.toHaveProperty('extra');
    expect(resource.accountSources).toEqual(['vault']);
    expect(resource.title).toBe('orders-db');
  });

  it('fails with the source id when a source fails', async () => {
    const source: AccountSource = {
      id: 'vault',
      listAccounts: async () => {
        throw new Error('vault sealed');
      },
    };

    await expect(
      collectAccounts({
        entities: [entity],
        sources: [source],
        credentials: mockCredentials.user(),
        userEntityRef: 'user:default/mock',
        logger: mockServices.logger.mock(),
      }),
    ).rejects.toThrow(
      'Account source vault failed to list the accounts of resource:default/orders-db; caused by Error: vault sealed',
    );
  });

  it('passes the user and the service credentials of a re-sync', async () => {
    const listAccounts = jest.fn(async () => []);
    const credentials = mockCredentials.service('plugin:password-export');

    await collectAccounts({
      entities: [entity],
      sources: [{ id: 'vault', listAccounts }],
      credentials,
      userEntityRef: 'user:default/alice',
      logger: mockServices.logger.mock(),
    });

    expect(listAccounts).toHaveBeenCalledWith({
      entityRef: 'resource:default/orders-db',
      userEntityRef: 'user:default/alice',
      credentials,
    });
  });
});
