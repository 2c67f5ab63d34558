/*
 * Runs s3rver in its own process for the upload benchmark, so that the
 * server does not share the event loop of the client being measured. Prints
 * the endpoint as one JSON line and stops when standard input closes.
 */
import { startS3rver } from '../src/__testUtils__/startS3rver';

async function main() {
  const [bucket, accessKeyId, secretAccessKey] = process.argv.slice(2);
  const s3rver = await startS3rver({
    buckets: [bucket],
    keyPairs: [{ accessKeyId, secretAccessKey }],
  });
  process.stdout.write(`${JSON.stringify({ endpoint: s3rver.endpoint })}\n`);

  process.stdin.resume();
  process.stdin.on('end', () => {
    s3rver.stop().then(() => process.exit(0));
  });
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
