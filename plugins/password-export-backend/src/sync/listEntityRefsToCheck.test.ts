import { SyncedCopyRecord } from '../database/SyncedCopyStore';
import { listEntityRefsToCheck } from './listEntityRefsToCheck';

const copy = {
  userEntityRef: 'user:default/alice',
  entityRefs: ['resource:default/orders-db', 'resource:default/cache'],
} as SyncedCopyRecord;

describe('listEntityRefsToCheck', () => {
  it('includes the user who had an entity at export', () => {
    expect(listEntityRefsToCheck({ ...copy, checkUserEntity: true })).toEqual([
      'user:default/alice',
      'resource:default/orders-db',
      'resource:default/cache',
    ]);
  });

  it('leaves out a user without an entity', () => {
    expect(listEntityRefsToCheck({ ...copy, checkUserEntity: false })).toEqual([
      'resource:default/orders-db',
      'resource:default/cache',
    ]);
  });
});
