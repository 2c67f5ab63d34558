import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  getEntityOwnerRefs,
  loadResourceEntities,
} from './loadResourceEntities';

const ordersDb: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'shop' },
  spec: { owner: 'payments' },
};

describe('loadResourceEntities', () => {
  it('returns entities in request order', async () => {
    const catalog = catalogServiceMock({
      entities: [
        ordersDb,
        { ...ordersDb, metadata: { name: 'cache', namespace: 'default' } },
      ],
    });

    const entities = await loadResourceEntities(
      catalog,
      ['resource:default/cache', 'resource:shop/orders-db'],
      mockCredentials.user(),
    );

    expect(entities.map(e => e.metadata.name)).toEqual(['cache', 'orders-db']);
  });

  it('names the first missing entity', async () => {
    const catalog = catalogServiceMock({ entities: [ordersDb] });

    await expect(
      loadResourceEntities(
        catalog,
        ['resource:shop/orders-db', 'resource:default/gone'],
        mockCredentials.user(),
      ),
    ).rejects.toThrow('Entity resource:default/gone not found');
  });
});

describe('getEntityOwnerRefs', () => {
  it('resolves spec.owner in the entity namespace', () => {
    expect(getEntityOwnerRefs(ordersDb)).toEqual(['group:shop/payments']);
  });

  it('merges ownedBy relations without duplicates', () => {
    expect(
      getEntityOwnerRefs({
        ...ordersDb,
        spec: { owner: 'user:default/alice' },
        relations: [
          { type: 'ownedBy', targetRef: 'user:default/alice' },
          { type: 'ownedBy', targetRef: 'group:default/dba' },
          { type: 'dependsOn', targetRef: 'resource:default/disk' },
        ],
      }),
    ).toEqual(['user:default/alice', 'group:default/dba']);
  });
});
