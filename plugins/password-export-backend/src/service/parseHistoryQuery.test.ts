import { parseHistoryQuery } from './parseHistoryQuery';

describe('parseHistoryQuery', () => {
  it('applies the default page', () => {
    expect(parseHistoryQuery({})).toEqual({
      userEntityRef: undefined,
      entityRef: undefined,
      destination: undefined,
      from: undefined,
      to: undefined,
      offset: 0,
      limit: 25,
    });
  });

  it('canonicalizes references and timestamps', () => {
    expect(
      parseHistoryQuery({
        user: 'alice',
        entityRef: 'orders-db',
        from: '2026-12-01T01:00:00+01:00',
        offset: '50',
        limit: '100',
      }),
    ).toMatchObject({
      userEntityRef: 'user:default/alice',
      entityRef: 'resource:default/orders-db',
      from: '2026-12-01T00:00:00.000Z',
      offset: 50,
      limit: 100,
    });
  });

  it.each([
    [{ limit: '101' }, 'limit must be from 1 to 100'],
    [{ limit: '1.5' }, 'limit must be a non-negative integer'],
    [{ offset: ['1', '2'] }, 'offset must be a single integer'],
    [{ to: 'soon' }, 'to must be an ISO 8601 timestamp'],
    [{ destination: 'x'.repeat(33) }, 'destination must be at most 32'],
    [{ sort: 'asc' }, 'unknown field(s) sort'],
  ])('rejects %j', (query, message) => {
    expect(() => parseHistoryQuery(query)).toThrow(message);
  });
});
