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
        logger: mockServices.logger.mock(),
      }),
    ).rejects.toThrow(
      'Account source vault failed to list the accounts of resource:default/orders-db; caused by Error: vault sealed',
    );
  });
});
