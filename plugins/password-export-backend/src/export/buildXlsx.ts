import ExcelJS from 'exceljs';

/**
 * Characters that XML 1.0 forbids or that an XML parser rewrites: C0 controls
 * other than tab and line feed (a carriage return becomes a line feed), and
 * the noncharacters U+FFFE and U+FFFF.
 */
// eslint-disable-next-line no-control-regex -- these characters are the target
const UNSAFE_XML_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\ufffe\uffff]/g;
const ESCAPE_LIKE_SEQUENCE = /_(x[0-9A-Fa-f]{4}_)/g;

/**
 * Escapes text for an XLSX string cell as ECMA-376 `ST_Xstring` prescribes,
 * so that spreadsheet programs read back the exact value.
 *
 * @remarks
 *
 * An unsafe character becomes `_xHHHH_`. A literal `_xHHHH_` in the value gets
 * its underscore escaped as `_x005F_`, so readers do not decode it.
 */
export function encodeXlsxText(value: string): string {
  return value
    .replace(ESCAPE_LIKE_SEQUENCE, '_x005F_$1')
    .replace(
      UNSAFE_XML_CHARACTERS,
      char =>
        `_x${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

/**
 * Builds an XLSX workbook with one sheet, every cell a string cell in text
 * format.
 */
export async function buildXlsx(rows: string[][]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date();
  const sheet = workbook.addWorksheet('Accounts');

  for (const values of rows) {
    const row = sheet.addRow(values.map(encodeXlsxText));
    row.eachCell(cell => {
      // The text format keeps Excel from turning edited cells into formulas.
      cell.numFmt = '@';
    });
  }
  sheet.getRow(1).font = { bold: true };

  const data = await workbook.xlsx.writeBuffer();
  return Buffer.from(data as ArrayBuffer);
}
