/*
 * Compares the S3 provider's upload of a 10 MB file with a bare AWS SDK
 * PutObject of the same bytes to the same local s3rver, and prints the
 * median times and their ratio. The goal is a ratio of at most 1.2.
 *
 * Run from the package folder:
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/upload.bench.ts [runs]
 */
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';
import { S3StorageProvider } from '../src/S3StorageProvider';

const fileBytes = 10 * 1024 * 1024;
const warmupRuns = 2;
const keys = {
  accessKeyId: 'AKIABENCHMARK0000001',
  secretAccessKey: 'benchmark-secret-0123456789abcdefghijklm',
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const startedAt = performance.now();
  await run();
  return performance.now() - startedAt;
}

/** Starts s3rver in a child process on 127.0.0.1 and returns its endpoint. */
async function startS3rverProcess() {
  const child = spawn(
    process.execPath,
    [
      ...process.execArgv,
      join(__dirname, 's3rverProcess.ts'),
      'bench',
      keys.accessKeyId,
      keys.secretAccessKey,
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: child.stdout! });
  const [firstLine] = await Promise.race([
    new Promise<string[]>(resolve =>
      lines.once('line', line => resolve([line])),
    ),
    new Promise<never>((_, reject) =>
      child.once('exit', code =>
        reject(new Error(`s3rver exited with ${code}`)),
      ),
    ),
  ]);
  const { endpoint } = JSON.parse(firstLine) as { endpoint: string };

  return {
    endpoint,
    stop: () =>
      new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

async function main() {
  const runs = Number(process.argv[2] ?? 15);
  const s3rver = await startS3rverProcess();
  const bare = new S3Client({
    region: 'us-east-1',
    endpoint: s3rver.endpoint,
    forcePathStyle: true,
    credentials: keys,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  try {
    const content = randomBytes(fileBytes);
    const sha256 = createHash('sha256').update(content).digest('hex');
    const provider = S3StorageProvider.fromConfig(
      new ConfigReader({
        passwordExport: { providers: { s3: { allowCustomEndpoints: true } } },
      }),
    );
    const { context } = createTestContext({ timeoutMs: 60_000 });
    const { credentials } = await provider.connect({
      ...context,
      input: {
        ...keys,
        bucket: 'bench',
        region: 'us-east-1',
        endpoint: s3rver.endpoint,
      },
    });

    const uploadWithProvider = () =>
      provider.upload({
        ...context,
        credentials,
        file: {
          name: 'bench-provider.html',
          content,
          sha256,
          contentType: 'text/html; charset=utf-8',
          metadata: { 'format-version': '1' },
        },
      });
    const uploadWithSdk = () =>
      bare.send(
        new PutObjectCommand({
          Bucket: 'bench',
          Key: 'password-exports/bench-sdk.html',
          Body: content,
          ContentType: 'text/html; charset=utf-8',
        }),
      );

    for (let i = 0; i < warmupRuns; i++) {
      await uploadWithProvider();
      await uploadWithSdk();
    }

    // Alternating the two keeps disk and CPU drift from favouring one.
    const providerTimes: number[] = [];
    const sdkTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      providerTimes.push(await timed(uploadWithProvider));
      sdkTimes.push(await timed(uploadWithSdk));
    }

    const stored = await bare.send(
      new GetObjectCommand({
        Bucket: 'bench',
        Key: 'password-exports/bench-provider.html',
      }),
    );
    const storedBytes = Buffer.from(await stored.Body!.transformToByteArray());
    if (!storedBytes.equals(content)) {
      throw new Error('The object read back differs from the uploaded bytes');
    }

    const providerMedian = median(providerTimes);
    const sdkMedian = median(sdkTimes);
    console.log(
      `Machine: ${os.availableParallelism()} CPUs, ${os.cpus()[0]?.model}, ` +
        `Node ${process.version}`,
    );
    console.log(
      `File: ${fileBytes} bytes, ${runs} runs each after ${warmupRuns} warm-up runs`,
    );
    console.log(`Provider upload median: ${providerMedian.toFixed(1)} ms`);
    console.log(`Bare SDK PutObject median: ${sdkMedian.toFixed(1)} ms`);
    console.log(
      `Ratio: ${(providerMedian / sdkMedian).toFixed(2)} (goal <= 1.2)`,
    );
    console.log('Read back: identical bytes');
  } finally {
    bare.destroy();
    await s3rver.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
