import { buildCloudFileName } from './buildCloudFileName';

describe('buildCloudFileName', () => {
  it('names one default-namespace resource after it', () => {
    expect(buildCloudFileName(['resource:default/orders-db'])).toBe(
      'passwords-orders-db.html',
    );
  });

  it('adds a hash for other namespaces', () => {
    const name = buildCloudFileName(['resource:payments/orders-db']);

    expect(name).toMatch(/^passwords-orders-db-[0-9a-f]{8}\.html$/);
    expect(name).not.toBe(buildCloudFileName(['resource:billing/orders-db']));
  });

  it('ignores the order and duplicates of several resources', () => {
    const first = buildCloudFileName([
      'resource:default/orders-db',
      'resource:default/cache',
    ]);
    const second = buildCloudFileName([
      'resource:default/cache',
      'resource:default/orders-db',
      'resource:default/cache',
    ]);

    expect(first).toMatch(/^passwords-2-resources-[0-9a-f]{12}\.html$/);
    expect(second).toBe(first);
  });

  it('tells different sets of the same size apart', () => {
    const first = buildCloudFileName([
      'resource:default/a',
      'resource:default/b',
    ]);
    const second = buildCloudFileName([
      'resource:default/a',
      'resource:default/c',
    ]);

    expect(first).not.toBe(second);
  });

  it('replaces characters outside the safe set', () => {
    expect(buildCloudFileName(['resource:default/db name'])).toBe(
      'passwords-db-name.html',
    );
  });
});
