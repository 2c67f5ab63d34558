// Starts s3rver, a local stand-in for Amazon S3, so that the demo portal's
// "Sync with Amazon S3" can be tried without an AWS account. Objects are
// kept in .cache/local-s3 until the folder is deleted.
//
// Usage: node scripts/start-local-s3.mjs [port]
import S3rver from 's3rver';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUCKET = 'demo-exports';
const port = Number(process.argv[2] ?? 4568);
const directory = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '.cache',
  'local-s3',
);
mkdirSync(directory, { recursive: true });

const server = new S3rver({
  address: '127.0.0.1',
  port,
  silent: true,
  directory,
  configureBuckets: [{ name: BUCKET }],
});
await server.run();

console.log(`Local S3 listening on http://127.0.0.1:${port}`);
console.log('Connect Amazon S3 in the export dialog with:');
console.log('  Access key id:     S3RVER');
console.log('  Secret access key: S3RVER');
console.log(`  Bucket:            ${BUCKET}`);
console.log('  Region:            us-east-1');
console.log(`  Endpoint:          http://127.0.0.1:${port}`);
console.log(`Objects are stored under ${directory}. Stop with Ctrl+C.`);

process.on('SIGINT', async () => {
  await server.close();
  process.exit(0);
});
