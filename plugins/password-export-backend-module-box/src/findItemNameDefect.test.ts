import { findItemNameDefect } from './findItemNameDefect';

describe('findItemNameDefect', () => {
  it.each([
    'Backstage password exports',
    'orders-db-passwords.html',
    'a',
    'x'.repeat(255),
    'Zürich · 東京 (2026)',
  ])('accepts %j', name => {
    expect(findItemNameDefect(name)).toBeUndefined();
  });

  it.each([
    ['', /empty/],
    ['x'.repeat(256), /256 characters, but Box allows at most 255/],
    ['.', /"\." and "\.\."/],
    ['..', /"\." and "\.\."/],
    ['a/b', /"\/" or "\\"/],
    ['a\\b', /"\/" or "\\"/],
    ['tab\there', /control characters/],
    ['line\nbreak', /control characters/],
    [' leading', /begin or end with a space/],
    ['trailing ', /begin or end with a space/],
  ])('rejects %j', (name, rule) => {
    expect(findItemNameDefect(name)).toMatch(rule);
  });
});
