import { join } from 'node:path';
import { startLocalClouds } from './startLocalClouds';

/**
 * Starts the local S3, Dropbox and Box servers and prints how the demo portal
 * reaches them. Objects stored in the local S3 stay in the folder given as
 * the first argument, `.cache/local-s3` of the working directory by default;
 * Dropbox and Box keep their files in memory.
 */
export async function main(): Promise<void> {
  const clouds = await startLocalClouds({
    s3Directory: process.argv[2] ?? join('.cache', 'local-s3'),
  });

  console.log(`Local S3 on ${clouds.s3.url}: connect Amazon S3 in the export dialog with
  access key id S3RVER, secret access key S3RVER, bucket ${clouds.s3.bucket},
  region us-east-1 and endpoint ${clouds.s3.url}
  (a portal admin first enables Amazon S3 with custom endpoints allowed).
Local Dropbox on ${clouds.dropbox.url}: "Authorize" opens its consent page, which
  shows the code to paste.
Local Box on ${clouds.box.url}: "Authorize" opens its consent page in a popup.
Stop with Ctrl+C.`);

  const stop = async () => {
    await clouds.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
