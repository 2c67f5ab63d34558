import { parseContentDisposition } from './parseContentDisposition';

describe('parseContentDisposition', () => {
  it.each([
    ['attachment; filename="orders.html"', 'orders.html'],
    ['attachment; filename=orders.csv', 'orders.csv'],
    ['attachment; FILENAME="a \\"quoted\\" name.html"', 'a "quoted" name.html'],
    [
      'attachment; filename="plain.html"; filename*=UTF-8\'\'%C3%A9t%C3%A9.html',
      'été.html',
    ],
    [
      'attachment; filename*=UTF-8\'en\'%E2%9C%93.html; filename="plain.html"',
      '✓.html',
    ],
    ["attachment; filename*=iso-8859-1''%E9t%E9.csv", 'été.csv'],
    ['attachment; filename="../../etc/passwd"', '.._.._etc_passwd'],
    ['attachment; filename="a\\\\b.html"', 'a_b.html'],
  ])('parses %s', (header, expected) => {
    expect(parseContentDisposition(header)).toBe(expected);
  });

  it('falls back to filename when filename* is malformed', () => {
    expect(
      parseContentDisposition(
        'attachment; filename*=UTF-8\'\'%E2%28; filename="ok.html"',
      ),
    ).toBe('ok.html');
  });

  it.each([
    [null],
    [''],
    ['attachment'],
    ['attachment; filename=""'],
    ['attachment; filename=".."'],
  ])('returns undefined for %p', header => {
    expect(parseContentDisposition(header)).toBeUndefined();
  });
});
