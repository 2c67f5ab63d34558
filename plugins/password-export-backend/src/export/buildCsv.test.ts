import { buildCsv } from './buildCsv';
import { HOSTILE_VALUES } from '../__testUtils__/hostileValues';
import { neutralizeCell, restoreCell } from './neutralizeCell';
import { parseCsv } from '../__testUtils__/parseCsv';

describe('buildCsv', () => {
  it('starts with a UTF-8 byte order mark', () => {
    const csv = buildCsv([['a']]);

    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('ends lines with CRLF and quotes only when needed', () => {
    const csv = buildCsv([
      ['a', 'b c'],
      ['with,comma', 'with "quote"'],
      ['line\nbreak', 'cr\rhere'],
    ]).toString('utf8');

    expect(csv).toBe(
      '\uFEFFa,b c\r\n"with,comma","with ""quote"""\r\n"line\nbreak","cr\rhere"\r\n',
    );
  });

  it('round-trips hostile values through a strict reader', () => {
    const rows = HOSTILE_VALUES.map(value => [neutralizeCell(value), 'next']);

    const text = buildCsv(rows).toString('utf8').slice(1);
    const parsed = parseCsv(text);

    expect(parsed).toHaveLength(HOSTILE_VALUES.length);
    parsed.forEach((row, index) => {
      expect(row).toHaveLength(2);
      expect(restoreCell(row[0])).toBe(HOSTILE_VALUES[index]);
      expect(row[1]).toBe('next');
    });
  });
});
