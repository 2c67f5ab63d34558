import {
  buildContentDisposition,
  buildExportFileName,
} from './buildExportFileName';

const exportedAt = new Date('2026-03-07T09:05:00Z');

describe('buildExportFileName', () => {
  it('names a single entity', () => {
    expect(
      buildExportFileName({
        entityNames: ['orders-db'],
        format: 'encrypted-html',
        exportedAt,
      }),
    ).toBe('passwords-orders-db-20260307-0905.html');
  });

  it('counts several entities', () => {
    expect(
      buildExportFileName({
        entityNames: ['a', 'b', 'c'],
        format: 'xlsx',
        exportedAt,
      }),
    ).toBe('passwords-3-resources-20260307-0905.xlsx');
  });

  it('replaces characters outside a safe ASCII set', () => {
    expect(
      buildExportFileName({
        entityNames: ['bäd/"name"'],
        format: 'csv',
        exportedAt,
      }),
    ).toBe('passwords-b-d-name--20260307-0905.csv');
  });
});

describe('buildContentDisposition', () => {
  it('sets both filename parameters', () => {
    expect(buildContentDisposition('passwords-a-20260307-0905.csv')).toBe(
      `attachment; filename="passwords-a-20260307-0905.csv"; filename*=UTF-8''passwords-a-20260307-0905.csv`,
    );
  });

  it('escapes quotes and non-ASCII', () => {
    expect(buildContentDisposition('a"ü.csv')).toBe(
      `attachment; filename="a__.csv"; filename*=UTF-8''a%22%C3%BC.csv`,
    );
  });
});
