import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
} from '@aws-sdk/client-s3';
import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account';

/** Key pair that the local S3 server accepts. */
export const S3_KEYS = {
  accessKeyId: 'AKIASYNCEDCOPIES0001',
  secretAccessKey: 'synced-copies-secret-0123456789abcdefghij',
};

/** A running s3rver with a client and a count of the objects put. */
export interface LocalS3 {
  endpoint: string;
  /** Number of PutObject requests per `bucket/key` since the start. */
  putCount(bucket: string, key: string): number;
  createBucket(bucket: string): Promise<void>;
  /** Deletes every object of a bucket, then the bucket. */
  deleteBucket(bucket: string): Promise<void>;
  /** Reads an object, or returns undefined when it does not exist. */
  readObject(bucket: string, key: string): Promise<Buffer | undefined>;
  objectExists(bucket: string, key: string): Promise<boolean>;
  stop(): Promise<void>;
}

interface S3rverEvent {
  Records: Array<{
    eventName: string;
    s3: { bucket: { name: string }; object: { key: string } };
  }>;
}

/** Starts s3rver on 127.0.0.1 on a free port, with one accepted key pair. */
export async function startS3rver(): Promise<LocalS3> {
  const directory = await mkdtemp(join(tmpdir(), 's3rver-synced-copies-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
  });
  const account = new AWSAccount(111122223333, 'password-export-resync');
  account.createKeyPair(S3_KEYS.accessKeyId, S3_KEYS.secretAccessKey);

  const puts = new Map<string, number>();
  // s3rver is a Koa application, which emits an S3 event per stored object.
  (server as unknown as EventEmitter).on('event', (event: S3rverEvent) => {
    for (const record of event.Records) {
      if (record.eventName === 'ObjectCreated:Put') {
        const id = `${record.s3.bucket.name}/${decodeURIComponent(
          record.s3.object.key,
        )}`;
        puts.set(id, (puts.get(id) ?? 0) + 1);
      }
    }
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;

  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    // The SDK adds a $source property to the credentials object it gets.
    credentials: { ...S3_KEYS },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    endpoint,
    putCount: (bucket, key) => puts.get(`${bucket}/${key}`) ?? 0,
    async createBucket(bucket) {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
    },
    async deleteBucket(bucket) {
      const listed = await client.send(
        new ListObjectsV2Command({ Bucket: bucket }),
      );
      for (const object of listed.Contents ?? []) {
        await client.send(
          new DeleteObjectCommand({ Bucket: bucket, Key: object.Key! }),
        );
      }
      await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    },
    async readObject(bucket, key) {
      try {
        const output = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: key }),
        );
        return Buffer.from(await output.Body!.transformToByteArray());
      } catch (error) {
        if ((error as Error).name === 'NoSuchKey') {
          return undefined;
        }
        throw error;
      }
    },
    async objectExists(bucket, key) {
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return true;
      } catch (error) {
        if (
          (error as { $metadata?: { httpStatusCode?: number } }).$metadata
            ?.httpStatusCode === 404
        ) {
          return false;
        }
        throw error;
      }
    },
    async stop() {
      client.destroy();
      server.httpServer.closeAllConnections();
      await server.close();
      account.revokeAccessKey(S3_KEYS.accessKeyId);
      await rm(directory, { recursive: true, force: true });
    },
  };
}
