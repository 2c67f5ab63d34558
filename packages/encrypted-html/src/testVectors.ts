import { encodeBase64 } from './base64';
import { RandomSource } from './encryptExport';
import { Bytes } from './header';
import { ExportPayload } from './types';

/** One committed test vector, as stored in test-vectors/*.json. */
export interface TestVector {
  description: string;
  /** `open`: every passphrase in `passphrases` opens it; `reject`: all fail. */
  expect: 'open' | 'reject';
  /** Passphrase given to the writer. */
  passphrase: string;
  /** Reader inputs: the writer's passphrase and equivalent forms. */
  passphrases: string[];
  iterations: number;
  /** Hex of each random draw, in the writer's order. */
  salt: string;
  wrapIv: string;
  contentKey: string;
  contentIv: string;
  /** Hex of the 48-byte wrapped key and the 98-byte header. */
  wrappedKey: string;
  header: string;
  /** The decrypted payload. */
  payload: ExportPayload;
  /** Exact base64 text embedded in the HTML file. */
  blob: string;
}

/** Returns a random source that replays fixed draws and checks their lengths. */
export function fixedRandom(draws: string[]): RandomSource {
  const queue = [...draws];
  return length => {
    const next = queue.shift();
    if (next === undefined) {
      throw new Error('fixed random source has no more draws');
    }
    const bytes = new Uint8Array(Buffer.from(next, 'hex')) as Bytes;
    if (bytes.length !== length) {
      throw new Error(
        `fixed draw has ${bytes.length} bytes, expected ${length}`,
      );
    }
    return bytes;
  };
}

/** Decodes the embedded base64 blob of a vector. */
export function vectorBlob(vector: TestVector): Buffer {
  return Buffer.from(vector.blob, 'base64');
}

export { encodeBase64 };
