import { parseExportPayload } from '@internal/encrypted-html';
import { buildExportPayload, countAccounts } from './buildExportPayload';
import { SpreadsheetResource } from './toSpreadsheetRows';

const resources: SpreadsheetResource[] = [
  {
    entityRef: 'resource:default/orders-db',
    title: 'Orders database',
    accounts: [
      { name: 'Admin', username: 'dba', password: 'p1' },
      { name: 'Reader', username: 'ro', password: 'p2', url: 'https://db' },
    ],
    accountSources: ['built-in', 'vault'],
  },
  {
    entityRef: 'resource:default/cache',
    title: 'cache',
    accounts: [],
    accountSources: [],
  },
];

describe('buildExportPayload', () => {
  it('builds a payload the format accepts, without account sources', () => {
    const payload = buildExportPayload(
      {
        exportedBy: 'user:default/alice',
        exportedAt: new Date('2026-12-04T12:00:01.000Z'),
        validAsOf: new Date('2026-12-04T12:00:00.000Z'),
        portal: 'Ops portal',
        staleAfterDays: 7,
      },
      resources,
    );

    expect(parseExportPayload(payload)).toEqual(payload);
    expect(payload.metadata).toEqual({
      exportedBy: 'user:default/alice',
      exportedAt: '2026-12-04T12:00:01.000Z',
      validAsOf: '2026-12-04T12:00:00.000Z',
      portal: 'Ops portal',
      staleAfterDays: 7,
    });
    expect(payload.resources[0]).toEqual({
      entityRef: 'resource:default/orders-db',
      title: 'Orders database',
      accounts: resources[0].accounts,
    });
    expect(JSON.stringify(payload)).not.toContain('vault');
  });

  it('counts the accounts of all resources', () => {
    expect(countAccounts(resources)).toBe(2);
    expect(countAccounts([])).toBe(0);
  });
});
