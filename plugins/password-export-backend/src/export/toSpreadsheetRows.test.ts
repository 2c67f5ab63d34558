import { SPREADSHEET_HEADER, toSpreadsheetRows } from './toSpreadsheetRows';

describe('toSpreadsheetRows', () => {
  it('flattens accounts under a header', () => {
    const rows = toSpreadsheetRows([
      {
        entityRef: 'resource:default/orders-db',
        title: 'Orders database',
        accounts: [
          { name: 'Admin', username: 'admin', password: '=1+1' },
          {
            name: 'Reader',
            username: 'reader',
            password: 'r',
            url: 'https://db.example.com',
            notes: '@note',
            updatedAt: '2026-12-04T10:00:00.000Z',
          },
        ],
        accountSources: ['built-in', 'vault'],
      },
    ]);

    expect(rows).toEqual([
      SPREADSHEET_HEADER,
      [
        'Orders database',
        'resource:default/orders-db',
        'built-in',
        'Admin',
        'admin',
        "'=1+1",
        '',
        '',
        '',
      ],
      [
        'Orders database',
        'resource:default/orders-db',
        'vault',
        'Reader',
        'reader',
        'r',
        'https://db.example.com',
        "'@note",
        '2026-12-04T10:00:00.000Z',
      ],
    ]);
  });

  it('returns only the header without accounts', () => {
    expect(toSpreadsheetRows([])).toEqual([SPREADSHEET_HEADER]);
  });
});
