const BYTE_ORDER_MARK = '\uFEFF';
const NEEDS_QUOTES = /[",\r\n]/;

function quoteField(value: string): string {
  if (!NEEDS_QUOTES.test(value)) {
    return value;
  }
  return `"${value.replace(/"/g, '""')}"`;
}

/**
 * Builds a CSV file as RFC 4180 describes it: CRLF line ends, fields that
 * contain a comma, quote, CR or LF in double quotes, quotes doubled.
 *
 * @remarks
 *
 * The file starts with a UTF-8 byte order mark, because Excel otherwise reads
 * CSV files in the system's legacy code page.
 */
export function buildCsv(rows: string[][]): Buffer {
  const lines = rows.map(row => row.map(quoteField).join(','));
  return Buffer.from(`${BYTE_ORDER_MARK}${lines.join('\r\n')}\r\n`, 'utf8');
}
