import ExcelJS from 'exceljs';
import { buildXlsx, encodeXlsxText } from './buildXlsx';
import { HOSTILE_VALUES } from '../__testUtils__/hostileValues';
import { neutralizeCell, restoreCell } from './neutralizeCell';

async function readSheet(content: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as any);
  return workbook.getWorksheet('Accounts')!;
}

describe('buildXlsx', () => {
  it('stores hostile values as text cells', async () => {
    const rows = [
      ['Value'],
      ...HOSTILE_VALUES.map(value => [neutralizeCell(value)]),
    ];

    const sheet = await readSheet(await buildXlsx(rows));

    expect(sheet.getCell(1, 1).value).toBe('Value');
    HOSTILE_VALUES.forEach((value, index) => {
      const cell = sheet.getCell(index + 2, 1);
      // exceljs reads an empty string cell back as null.
      const text = cell.value === null ? '' : cell.value;
      expect(cell.formula).toBeUndefined();
      expect(restoreCell(text as string)).toBe(value);
    });
    const nonEmptyRows = HOSTILE_VALUES.map((value, index) => ({
      value,
      cell: sheet.getCell(index + 2, 1),
    })).filter(({ value }) => value !== '');
    for (const { cell } of nonEmptyRows) {
      expect(cell.type).toBe(ExcelJS.ValueType.String);
    }
  });

  it('keeps numeric-looking text as text', async () => {
    const sheet = await readSheet(await buildXlsx([['00123', '1e5']]));

    expect(sheet.getCell(1, 1).value).toBe('00123');
    expect(sheet.getCell(1, 2).value).toBe('1e5');
    expect(sheet.getCell(1, 1).numFmt).toBe('@');
  });
});

describe('encodeXlsxText', () => {
  it('escapes carriage returns and controls', () => {
    expect(encodeXlsxText('a\rb\u0001c')).toBe('a_x000D_b_x0001_c');
  });

  it('escapes literal escape sequences', () => {
    expect(encodeXlsxText('a_x000D_b')).toBe('a_x005F_x000D_b');
  });

  it('keeps tabs, line feeds and other text', () => {
    expect(encodeXlsxText('a\tb\nc 🔐')).toBe('a\tb\nc 🔐');
  });
});
