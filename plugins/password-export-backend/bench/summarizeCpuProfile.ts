/*
 * Summarizes a V8 CPU profile of concurrentExports.bench.ts: where the main
 * thread spent its time while the measured exports ran, and which functions
 * ran in the busy stretches long enough to delay the event loop.
 *
 * Run from the package folder, after a profiled run of the bench:
 *   node --cpu-prof --cpu-prof-dir=/tmp/exports-profile \
 *     --require @backstage/cli/config/nodeTransform.cjs \
 *     bench/concurrentExports.bench.ts > /tmp/exports-profile/bench.txt
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     bench/summarizeCpuProfile.ts /tmp/exports-profile/*.cpuprofile \
 *     /tmp/exports-profile/bench.txt [minStretchMs]
 *
 * The bench prints one "Profile window" line per measured run; only samples
 * inside those windows count.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  children?: number[];
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A sample with its timestamp and duration in microseconds. */
interface Sample {
  node: ProfileNode;
  timeUs: number;
  durationUs: number;
}

const minGapUs = 10_000;

function describeFrame(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (!url) {
    return functionName || '(anonymous)';
  }
  const path = url
    .replace(/^.*\/node_modules\//, '')
    .replace(/^.*\/work\/main\//, '');
  return `${functionName || '(anonymous)'} ${path}:${lineNumber + 1}`;
}

function readWindows(benchOutputPath: string): Array<[number, number]> {
  const windows: Array<[number, number]> = [];
  for (const line of readFileSync(benchOutputPath, 'utf8').split('\n')) {
    const match = /^Profile window: (\d+) (\d+)/.exec(line);
    if (match) {
      windows.push([Number(match[1]), Number(match[2])]);
    }
  }
  return windows;
}

/** Returns the samples that fall inside the windows, in time order. */
function readSamples(
  profile: CpuProfile,
  windows: Array<[number, number]>,
): Sample[] {
  const nodes = new Map(profile.nodes.map(node => [node.id, node]));
  const samples: Sample[] = [];
  const isInWindow = (timeUs: number) =>
    windows.some(([start, end]) => timeUs >= start && timeUs <= end);

  let timeUs = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    timeUs += profile.timeDeltas[i];
    // A sample's duration is the gap to the next one.
    const durationUs = profile.timeDeltas[i + 1] ?? 0;
    if (isInWindow(timeUs)) {
      samples.push({
        node: nodes.get(profile.samples[i])!,
        timeUs,
        durationUs,
      });
    }
  }
  return samples;
}

function isIdle(sample: Sample): boolean {
  return sample.node.callFrame.functionName === '(idle)';
}

/** Groups consecutive non-idle samples into busy stretches. */
function findBusyStretches(samples: Sample[]): Sample[][] {
  const stretches: Sample[][] = [];
  let current: Sample[] = [];
  for (const sample of samples) {
    if (isIdle(sample)) {
      if (current.length) {
        stretches.push(current);
      }
      current = [];
    } else {
      current.push(sample);
    }
  }
  if (current.length) {
    stretches.push(current);
  }
  return stretches;
}

function sumUs(samples: Sample[]): number {
  return samples.reduce((total, sample) => total + sample.durationUs, 0);
}

function printTop(title: string, samples: Sample[], count: number) {
  const totals = new Map<string, number>();
  for (const sample of samples) {
    const key = describeFrame(sample.node);
    totals.set(key, (totals.get(key) ?? 0) + sample.durationUs);
  }
  const all = sumUs(samples);
  console.log(`${title} (${(all / 1000).toFixed(0)} ms in all)`);
  const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  for (const [frame, us] of sorted.slice(0, count)) {
    const share = ((100 * us) / all).toFixed(1);
    console.log(
      `  ${(us / 1000).toFixed(1).padStart(8)} ms ${share.padStart(
        5,
      )} %  ${frame}`,
    );
  }
}

/**
 * Prints the time of the samples whose stack contains each function of the
 * project's own packages (outside node_modules), outermost calls included.
 */
function printProjectInclusive(
  title: string,
  samples: Sample[],
  profile: CpuProfile,
  count: number,
) {
  const parents = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parents.set(child, node);
    }
  }

  const totals = new Map<string, number>();
  for (const sample of samples) {
    const frames = new Set<string>();
    for (
      let node: ProfileNode | undefined = sample.node;
      node;
      node = parents.get(node.id)
    ) {
      const url = node.callFrame.url;
      if (url.includes('/work/main/') && !url.includes('/node_modules/')) {
        frames.add(describeFrame(node));
      }
    }
    for (const frame of frames) {
      totals.set(frame, (totals.get(frame) ?? 0) + sample.durationUs);
    }
  }

  const all = sumUs(samples);
  console.log(`${title} (${(all / 1000).toFixed(0)} ms in all)`);
  const sorted = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  for (const [frame, us] of sorted.slice(0, count)) {
    const share = ((100 * us) / all).toFixed(1);
    console.log(
      `  ${(us / 1000).toFixed(1).padStart(8)} ms ${share.padStart(
        5,
      )} %  ${frame}`,
    );
  }
}

function main() {
  const [profilePath, benchOutputPath, minStretchArg] = process.argv.slice(2);
  const minStretchUs = Number(minStretchArg ?? 20) * 1000;
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const windows = readWindows(benchOutputPath);
  if (!windows.length) {
    throw new Error(
      `No "Profile window" lines in ${benchOutputPath}; run the bench with --cpu-prof`,
    );
  }

  const samples = readSamples(profile, windows);
  const busy = samples.filter(sample => !isIdle(sample));
  const stretches = findBusyStretches(samples);
  const long = stretches.filter(stretch => sumUs(stretch) >= minStretchUs);
  const longSamples = long.flat();

  console.log(
    `Windows: ${windows.length}, sampled ${(sumUs(samples) / 1000).toFixed(
      0,
    )} ms, ` + `main thread busy ${(sumUs(busy) / 1000).toFixed(0)} ms`,
  );
  console.log(
    `Busy stretches of at least ${minStretchUs / 1000} ms: ${long.length}, ` +
      `${(sumUs(longSamples) / 1000).toFixed(0)} ms in all; longest ` +
      `${(Math.max(0, ...stretches.map(sumUs)) / 1000).toFixed(1)} ms`,
  );
  // The profiler samples about every millisecond, also while the thread
  // idles, so a longer gap means the main thread was not running on a CPU.
  const gaps = samples
    .map(sample => sample.durationUs)
    .filter(durationUs => durationUs >= minGapUs);
  console.log(
    `Sampling gaps of at least ${minGapUs / 1000} ms: ${gaps.length}, ` +
      `${(gaps.reduce((a, b) => a + b, 0) / 1000).toFixed(
        0,
      )} ms in all; longest ` +
      `${(Math.max(0, ...gaps) / 1000).toFixed(1)} ms`,
  );
  printTop('Self time while busy', busy, 15);
  printTop(
    `Self time in busy stretches of at least ${minStretchUs / 1000} ms`,
    longSamples,
    15,
  );
  printProjectInclusive(
    `Project functions on the stack in busy stretches of at least ${
      minStretchUs / 1000
    } ms`,
    longSamples,
    profile,
    20,
  );
}

main();
