import { EMPTY_HISTORY_FILTERS, toHistoryQuery } from './historyFilters';

describe('toHistoryQuery', () => {
  it('leaves out empty filters', () => {
    expect(toHistoryQuery(EMPTY_HISTORY_FILTERS, 0, 10)).toEqual({
      user: undefined,
      entityRef: undefined,
      destination: undefined,
      from: undefined,
      to: undefined,
      offset: 0,
      limit: 10,
    });
  });

  it('trims text and pages by rows', () => {
    const query = toHistoryQuery(
      {
        ...EMPTY_HISTORY_FILTERS,
        user: '  user:default/jane ',
        entityRef: ' resource:default/orders-db',
        destination: 's3',
      },
      3,
      25,
    );

    expect(query.user).toBe('user:default/jane');
    expect(query.entityRef).toBe('resource:default/orders-db');
    expect(query.destination).toBe('s3');
    expect(query.offset).toBe(75);
    expect(query.limit).toBe(25);
  });

  it('covers whole local days', () => {
    const query = toHistoryQuery(
      {
        ...EMPTY_HISTORY_FILTERS,
        fromDate: '2026-03-01',
        toDate: '2026-03-02',
      },
      0,
      10,
    );

    const from = new Date(query.from!);
    const to = new Date(query.to!);
    expect([from.getFullYear(), from.getMonth(), from.getDate()]).toEqual([
      2026, 2, 1,
    ]);
    expect([from.getHours(), from.getMinutes()]).toEqual([0, 0]);
    expect([to.getFullYear(), to.getMonth(), to.getDate()]).toEqual([
      2026, 2, 2,
    ]);
    expect(to.getTime() - from.getTime()).toBe(2 * 24 * 3600 * 1000 - 1);
  });

  it('ignores an invalid date', () => {
    const query = toHistoryQuery(
      { ...EMPTY_HISTORY_FILTERS, fromDate: '2026-13-45' },
      0,
      10,
    );

    expect(query.from).toBeUndefined();
  });
});
