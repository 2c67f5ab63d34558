import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account';

/** One request as s3rver received it. */
export interface RecordedRequest {
  method: string;
  url: string;
  authorization?: string;
}

/** Access keys that s3rver accepts; every other key id gets InvalidAccessKeyId. */
export interface TestKeyPair {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Starts s3rver on 127.0.0.1 with a free port, a fresh directory, the given
 * buckets and key pairs, and records the requests it receives.
 */
export async function startS3rver(options: {
  buckets: string[];
  keyPairs: TestKeyPair[];
}) {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    configureBuckets: options.buckets.map(name => ({ name })),
  });

  // s3rver checks that the key id exists, but not the signature.
  const account = new AWSAccount(111122223333, 'password-export-tests');
  for (const pair of options.keyPairs) {
    account.createKeyPair(pair.accessKeyId, pair.secretAccessKey);
  }

  const { port } = await server.run();
  const requests: RecordedRequest[] = [];
  server.httpServer.prependListener('request', request => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
    });
  });

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    requests,
    async stop() {
      server.httpServer.closeAllConnections();
      await server.close();
      for (const pair of options.keyPairs) {
        account.revokeAccessKey(pair.accessKeyId);
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}
