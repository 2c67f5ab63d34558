/** Parses CSV strictly as RFC 4180 describes it, independently of the writer. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (char === '"') {
        quoted = false;
        i += 1;
      } else {
        field += char;
        i += 1;
      }
    } else if (char === '"' && field === '') {
      quoted = true;
      i += 1;
    } else if (char === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (char === '\r' || char === '\n' || char === '"') {
      throw new Error(`bare ${JSON.stringify(char)} at offset ${i}`);
    } else {
      field += char;
      i += 1;
    }
  }
  if (field !== '' || row.length > 0) {
    throw new Error('file does not end with CRLF');
  }
  return rows;
}
