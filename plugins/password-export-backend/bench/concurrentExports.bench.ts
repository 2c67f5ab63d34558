/*
 * Measures how long the backend's event loop is blocked while 16 users
 * export at once, and the wall time and latency of those exports. Two
 * scenarios run 3 times each: encrypted HTML files to download, and
 * encrypted HTML files to Amazon S3 (s3rver in a child process, so its work
 * does not count against the backend's event loop). Each export contains one
 * Resource entity with 50 accounts, under PBKDF2 at 600,000 iterations.
 * The goal is an event-loop delay p99 under 50 ms.
 *
 * Run from the package folder:
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/concurrentExports.bench.ts [runs]
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { decryptExport } from '@internal/encrypted-html';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { Histogram, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { BenchBackend, startBenchBackend } from './startBenchBackend';

const concurrency = 16;
const accountsPerResource = 50;
const kdfIterations = 600_000;
const histogramResolutionMs = 10;
const goalP99Ms = 50;
const idleBaselineMs = 2_000;
const requestTimeoutMs = 120_000;
// Everything, s3rver included, stops after this long even if a request hangs.
const benchDeadlineMs = 5 * 60_000;

const passphrase = 'bench passphrase for concurrent exports';
const bucket = 'bench-exports';
const s3Keys = {
  accessKeyId: 'AKIABENCHCONCURRENT1',
  secretAccessKey: 'bench-concurrent-secret-0123456789abcdef',
};
const seederRef = 'user:default/bench-seeder';
const profiling = process.execArgv.some(arg => arg.startsWith('--cpu-prof'));

/** Figures of one run of one scenario. */
interface RunResult {
  wallMs: number;
  latenciesMs: number[];
  loopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
}

function userRef(index: number): string {
  return `user:default/bench-user-${String(index + 1).padStart(2, '0')}`;
}

function resourceName(index: number): string {
  return `bench-resource-${String(index + 1).padStart(2, '0')}`;
}

function createEntities(): Entity[] {
  return Array.from({ length: concurrency }, (_, index) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: resourceName(index), title: `Bench resource ${index}` },
    spec: { type: 'database', owner: userRef(index) },
  }));
}

/** Returns the value at percentile p (0 to 100) by the nearest-rank method. */
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function readHistogram(histogram: Histogram) {
  return {
    p50Ms: histogram.percentile(50) / 1e6,
    p99Ms: histogram.percentile(99) / 1e6,
    maxMs: histogram.max / 1e6,
  };
}

function describeMachine(): string {
  const load = os
    .loadavg()
    .map(value => value.toFixed(2))
    .join(', ');
  const memoryGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  return [
    `Machine: ${os.availableParallelism()} CPUs, ${
      os.cpus()[0]?.model
    }, ${memoryGiB} GiB memory`,
    `Node ${process.version}, load average at start ${load} (1, 5, 15 min)`,
  ].join('\n');
}

/**
 * Starts the S3 module's s3rver script in a child process on 127.0.0.1 and
 * returns its endpoint. Profiling flags of this process are not passed on.
 */
async function startS3rverProcess() {
  const modulePackage = require.resolve(
    '@internal/backstage-plugin-password-export-backend-module-s3/package.json',
  );
  const script = join(dirname(modulePackage), 'bench', 's3rverProcess.ts');
  const execArgv = process.execArgv.filter(
    arg => !arg.startsWith('--cpu-prof'),
  );
  const child = spawn(
    process.execPath,
    [...execArgv, script, bucket, s3Keys.accessKeyId, s3Keys.secretAccessKey],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );

  const lines = createInterface({ input: child.stdout! });
  const firstLine = await Promise.race([
    new Promise<string>(resolve => lines.once('line', resolve)),
    new Promise<never>((_, reject) =>
      child.once('exit', code =>
        reject(new Error(`s3rver exited with code ${code} before starting`)),
      ),
    ),
  ]);
  const { endpoint } = JSON.parse(firstLine) as { endpoint: string };

  return {
    endpoint,
    kill: () => child.kill(),
    stop: () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        child.once('exit', () => resolve());
        child.stdin!.end();
      }),
  };
}

/** Sends a JSON request as a user and throws with the response text unless it is 2xx. */
async function sendJson(
  url: string,
  user: string,
  method: string,
  body: unknown,
): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: mockCredentials.user.header(user),
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(requestTimeoutMs),
  });
  if (!response.ok) {
    throw new Error(
      `${method} ${url} failed with ${
        response.status
      }: ${await response.text()}`,
    );
  }
  return response;
}

/** Adds the accounts of every resource through the API, 8 requests at a time. */
async function seedAccounts(backend: BenchBackend): Promise<void> {
  const jobs: Array<() => Promise<unknown>> = [];
  for (let r = 0; r < concurrency; r++) {
    for (let a = 0; a < accountsPerResource; a++) {
      jobs.push(() =>
        sendJson(
          `${backend.apiUrl}/entities/resource/default/${resourceName(
            r,
          )}/accounts`,
          seederRef,
          'POST',
          {
            name: `Service account ${a}`,
            username: `svc-${r}-${a}`,
            password: randomBytes(18).toString('base64'),
            url: `https://db-${r}.example.internal:5432`,
            notes: `Rotated quarterly. Owner team ${r}, account ${a}.`,
          },
        ),
      );
    }
  }

  let next = 0;
  async function worker() {
    while (next < jobs.length) {
      await jobs[next++]();
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
}

async function connectUsers(backend: BenchBackend, endpoint: string) {
  for (let i = 0; i < concurrency; i++) {
    await sendJson(
      `${backend.apiUrl}/providers/s3/connection`,
      userRef(i),
      'PUT',
      {
        input: { ...s3Keys, bucket, region: 'us-east-1', endpoint },
      },
    );
  }
}

function exportBody(index: number, destination: 'download' | 's3') {
  return {
    entityRefs: [`resource:default/${resourceName(index)}`],
    format: 'encrypted-html',
    passphrase,
    destination,
  };
}

/** Exports one resource for download and returns the file and its X-Export-Sha256. */
async function exportToDownload(backend: BenchBackend, index: number) {
  const response = await sendJson(
    `${backend.apiUrl}/exports`,
    userRef(index),
    'POST',
    exportBody(index, 'download'),
  );
  const file = Buffer.from(await response.arrayBuffer());
  return { file, sha256: response.headers.get('x-export-sha256') };
}

/** Exports one resource to S3 and returns the JSON result. */
async function exportToS3(backend: BenchBackend, index: number) {
  const response = await sendJson(
    `${backend.apiUrl}/exports`,
    userRef(index),
    'POST',
    exportBody(index, 's3'),
  );
  return (await response.json()) as { location: string; sha256: string };
}

/**
 * Issues the requests of one run at once and records the event-loop delay
 * from the first request until the last response body is read.
 */
async function measureRun<T>(
  issue: (index: number) => Promise<T>,
): Promise<{ result: RunResult; outputs: T[] }> {
  const histogram = monitorEventLoopDelay({
    resolution: histogramResolutionMs,
  });
  const latenciesMs: number[] = [];

  histogram.enable();
  const windowStartUs = process.hrtime.bigint() / 1000n;
  const startedAt = performance.now();
  const outputs = await Promise.all(
    Array.from({ length: concurrency }, async (_, index) => {
      const requestStartedAt = performance.now();
      const output = await issue(index);
      latenciesMs.push(performance.now() - requestStartedAt);
      return output;
    }),
  );
  const wallMs = performance.now() - startedAt;
  histogram.disable();
  if (profiling) {
    // V8 profile timestamps and process.hrtime share CLOCK_MONOTONIC on
    // Linux, so summarizeCpuProfile.ts can keep only these samples.
    const windowEndUs = process.hrtime.bigint() / 1000n;
    console.log(`Profile window: ${windowStartUs} ${windowEndUs}`);
  }

  return {
    result: { wallMs, latenciesMs, loopDelay: readHistogram(histogram) },
    outputs,
  };
}

async function measureIdleDelay() {
  const histogram = monitorEventLoopDelay({
    resolution: histogramResolutionMs,
  });
  histogram.enable();
  await new Promise(resolve => setTimeout(resolve, idleBaselineMs));
  histogram.disable();
  return readHistogram(histogram);
}

function checkDownloads(
  outputs: Array<{ file: Buffer; sha256: string | null }>,
) {
  for (const { file, sha256 } of outputs) {
    const actual = createHash('sha256').update(file).digest('hex');
    if (actual !== sha256) {
      throw new Error(
        `A downloaded file hashes to ${actual}, but X-Export-Sha256 is ${sha256}`,
      );
    }
  }
}

function checkUploads(outputs: Array<{ location: string }>) {
  const locations = new Set(outputs.map(output => output.location));
  if (locations.size !== concurrency) {
    throw new Error(
      `Expected ${concurrency} distinct S3 locations, got ${[...locations].join(
        ', ',
      )}`,
    );
  }
}

async function assertDecryptsTo50Accounts(file: Uint8Array, subject: string) {
  const payload = await decryptExport(file, passphrase);
  const count = payload.resources[0]?.accounts.length;
  if (count !== accountsPerResource) {
    throw new Error(
      `${subject} contains ${count} accounts, expected ${accountsPerResource}`,
    );
  }
}

async function readUploadedFile(endpoint: string, index: number) {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    credentials: { ...s3Keys },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    const object = await client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: `password-exports/passwords-${resourceName(index)}.html`,
      }),
    );
    return await object.Body!.transformToByteArray();
  } finally {
    client.destroy();
  }
}

function formatRow(scenario: string, run: number, result: RunResult): string {
  const { wallMs, latenciesMs, loopDelay } = result;
  const cells = [
    scenario,
    String(run),
    wallMs.toFixed(0),
    percentile(latenciesMs, 50).toFixed(0),
    percentile(latenciesMs, 95).toFixed(0),
    Math.max(...latenciesMs).toFixed(0),
    loopDelay.p50Ms.toFixed(1),
    loopDelay.p99Ms.toFixed(1),
    loopDelay.maxMs.toFixed(1),
    loopDelay.p99Ms < goalP99Ms ? 'met' : 'missed',
  ];
  return `| ${cells.join(' | ')} |`;
}

async function main() {
  const runs = Number(process.argv[2] ?? 3);
  console.log(describeMachine());

  // The SDK must never look for the server's own credentials or use a proxy.
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.NO_PROXY = '127.0.0.1,localhost';

  const s3rver = await startS3rverProcess();
  const deadline = setTimeout(() => {
    console.error(`The benchmark did not finish within ${benchDeadlineMs} ms`);
    s3rver.kill();
    process.exit(1);
  }, benchDeadlineMs);
  deadline.unref();

  let backend: BenchBackend | undefined;
  try {
    backend = await startBenchBackend({
      entities: createEntities(),
      kdfIterations,
    });
    await seedAccounts(backend);
    await connectUsers(backend, s3rver.endpoint);

    // One export of each kind first, so that lazy module loading and JIT
    // compilation fall outside the measured runs.
    await exportToDownload(backend, 0);
    await exportToS3(backend, 0);

    const idle = await measureIdleDelay();
    console.log(
      `Idle event-loop delay over ${idleBaselineMs} ms: p50 ${idle.p50Ms.toFixed(
        1,
      )} ms, ` +
        `p99 ${idle.p99Ms.toFixed(1)} ms, max ${idle.maxMs.toFixed(1)} ms ` +
        `(each value includes the ${histogramResolutionMs} ms sampling interval)`,
    );
    console.log(
      `${concurrency} concurrent exports, ${accountsPerResource} accounts each, ` +
        `PBKDF2 ${kdfIterations} iterations, ${runs} runs per scenario`,
    );
    console.log(
      '| Scenario | Run | Wall ms | Latency p50 | p95 | max | Loop delay p50 | p99 | max | p99 < 50 ms |',
    );
    console.log(
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );

    const started = backend;
    for (let run = 1; run <= runs; run++) {
      const { result, outputs } = await measureRun(index =>
        exportToDownload(started, index),
      );
      console.log(formatRow('download', run, result));
      checkDownloads(outputs);
      if (run === 1) {
        await assertDecryptsTo50Accounts(outputs[0].file, 'A downloaded file');
      }
    }

    for (let run = 1; run <= runs; run++) {
      const { result, outputs } = await measureRun(index =>
        exportToS3(started, index),
      );
      console.log(formatRow('s3', run, result));
      checkUploads(outputs);
      if (run === 1) {
        const stored = await readUploadedFile(s3rver.endpoint, 0);
        await assertDecryptsTo50Accounts(stored, 'An uploaded object');
      }
    }
    console.log(
      'Checks: hashes match X-Export-Sha256; one file per scenario decrypts to 50 accounts',
    );
  } finally {
    await backend?.stop();
    await s3rver.stop();
  }
}

main()
  .catch(error => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    // Exit even if a handle is still open, so the process never outlives the run.
    setTimeout(() => process.exit(), 2_000).unref();
  });
