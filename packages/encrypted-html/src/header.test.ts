import {
  decodeHeader,
  encodeHeader,
  HEADER_LENGTH,
  KEY_HEADER_LENGTH,
  readHeaderPrefix,
} from './header';

function filled(length: number, value: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array(length).fill(value);
}

const fields = {
  iterations: 600_000,
  salt: filled(16, 1),
  wrapIv: filled(12, 2),
  wrappedKey: filled(48, 3),
  contentIv: filled(12, 4),
};

describe('encodeHeader', () => {
  it('lays out the fields at their documented offsets', () => {
    const header = Buffer.from(encodeHeader(fields));
    expect(header).toHaveLength(98);
    expect(HEADER_LENGTH).toBe(98);
    expect(KEY_HEADER_LENGTH).toBe(26);
    expect(header.subarray(0, 6).toString('hex')).toBe('4548544d4c01');
    expect(header.readUInt32BE(6)).toBe(600_000);
    expect(header.subarray(10, 26)).toEqual(Buffer.alloc(16, 1));
    expect(header.subarray(26, 38)).toEqual(Buffer.alloc(12, 2));
    expect(header.subarray(38, 86)).toEqual(Buffer.alloc(48, 3));
    expect(header.subarray(86, 98)).toEqual(Buffer.alloc(12, 4));
  });
});

describe('readHeaderPrefix', () => {
  it('classifies magic and version', () => {
    const header = encodeHeader(fields);
    expect(readHeaderPrefix(header)).toEqual({ kind: 'v1' });
    expect(readHeaderPrefix(new Uint8Array([0x45, 0x48]))).toEqual({
      kind: 'not-an-export',
    });

    const otherVersion = new Uint8Array(header);
    otherVersion[5] = 7;
    expect(readHeaderPrefix(otherVersion)).toEqual({
      kind: 'unsupported-version',
      version: 7,
    });
  });
});

describe('decodeHeader', () => {
  const blob = new Uint8Array(HEADER_LENGTH + 16);
  blob.set(encodeHeader(fields));

  it('splits a blob into fields and ciphertext', () => {
    const parts = decodeHeader(blob)!;
    expect(parts.header.iterations).toBe(600_000);
    expect(Buffer.from(parts.header.wrappedKey)).toEqual(Buffer.alloc(48, 3));
    expect(parts.headerBytes).toHaveLength(98);
    expect(parts.ciphertext).toHaveLength(16);
  });

  it('rejects a blob without a full tag', () => {
    expect(decodeHeader(blob.subarray(0, HEADER_LENGTH + 15))).toBeUndefined();
  });

  it.each([99_999, 10_000_001, 0])('rejects %i iterations', iterations => {
    const copy = new Uint8Array(blob);
    new DataView(copy.buffer).setUint32(6, iterations);
    expect(decodeHeader(copy)).toBeUndefined();
  });

  it.each([100_000, 10_000_000])('accepts %i iterations', iterations => {
    const copy = new Uint8Array(blob);
    new DataView(copy.buffer).setUint32(6, iterations);
    expect(decodeHeader(copy)?.header.iterations).toBe(iterations);
  });
});
