import { HOSTILE_VALUES } from '../__testUtils__/hostileValues';
import { neutralizeCell, restoreCell } from './neutralizeCell';

describe('neutralizeCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ["'x", "''x"],
    ['plain', 'plain'],
    ['', ''],
    ['a=b', 'a=b'],
  ])('neutralizes %j as %j', (value, expected) => {
    expect(neutralizeCell(value)).toBe(expected);
  });

  it('is reversed by removing one apostrophe', () => {
    for (const value of HOSTILE_VALUES) {
      expect(restoreCell(neutralizeCell(value))).toBe(value);
    }
  });

  it('leaves no cell starting with a formula character', () => {
    for (const value of HOSTILE_VALUES) {
      expect(neutralizeCell(value)).not.toMatch(/^[=+\-@\t\r]/);
    }
  });
});
