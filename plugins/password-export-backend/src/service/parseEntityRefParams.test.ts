import { parseEntityRefParams, parseResourceRef } from './parseEntityRefParams';

describe('parseResourceRef', () => {
  it('returns the canonical reference', () => {
    expect(parseResourceRef('Resource:Default/Orders-DB', 'entityRef')).toBe(
      'resource:default/orders-db',
    );
    expect(parseResourceRef('resource:cache', 'entityRef')).toBe(
      'resource:default/cache',
    );
  });

  it('rejects other kinds and missing kinds', () => {
    expect(() =>
      parseResourceRef('component:default/web', 'entityRefs[2]'),
    ).toThrow('entityRefs[2] "component:default/web" is not a Resource entity');
    expect(() => parseResourceRef('orders-db', 'entityRefs[0]')).toThrow(
      'entityRefs[0] "orders-db" is not a valid entity reference',
    );
  });
});

describe('parseEntityRefParams', () => {
  it('builds the reference of route parameters', () => {
    expect(
      parseEntityRefParams({ kind: 'resource', namespace: 'ops', name: 'vpn' }),
    ).toBe('resource:ops/vpn');
  });
});
