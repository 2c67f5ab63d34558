import { randomBytes } from 'node:crypto';
import { computeDropboxContentHash } from './contentHash';

// The SDK's own implementation, which its entry point does not export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = require('dropbox/cjs/src/upload-content-hash.js') as {
  contentHash(data: Buffer): Promise<string>;
};

const blockBytes = 4 * 1024 * 1024;

describe('computeDropboxContentHash', () => {
  it.each([
    ['an empty file', 0],
    ['one byte', 1],
    ['one byte less than a block', blockBytes - 1],
    ['exactly one block', blockBytes],
    ['one byte more than a block', blockBytes + 1],
    ['two and a quarter blocks', blockBytes * 2 + blockBytes / 4],
  ])('matches the SDK for %s', async (_case, size) => {
    const content = randomBytes(size);

    expect(computeDropboxContentHash(content)).toBe(
      await sdk.contentHash(content),
    );
  });
});
