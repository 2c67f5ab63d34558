import { decodeBase64, encodeBase64 } from './base64';

describe('decodeBase64', () => {
  it('decodes canonical padded base64', () => {
    expect(Buffer.from(decodeBase64('AAECAw==')!)).toEqual(
      Buffer.from([0, 1, 2, 3]),
    );
    expect(Buffer.from(decodeBase64('AAEC')!)).toEqual(Buffer.from([0, 1, 2]));
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
  });

  it.each([
    ['missing padding', 'AAECAw'],
    ['the URL-safe alphabet', 'AA-_'],
    ['whitespace', 'AAEC Aw=='],
    ['a line break', 'AAEC\nAw=='],
    ['non-zero padding bits', 'AAECAx=='],
    ['too much padding', 'AAEC===='],
  ])('rejects %s', (_, text) => {
    expect(decodeBase64(text)).toBeUndefined();
  });
});

describe('encodeBase64', () => {
  it('encodes a view of a larger buffer by its own bytes', () => {
    const buffer = new Uint8Array([9, 1, 2, 3, 9]);
    expect(encodeBase64(buffer.subarray(1, 4))).toBe('AQID');
  });
});
