// Prints one closing line per test runner from their JSON reports, in the
// form "jest: N passed, N failed, N skipped", so that a reader of a long CI
// log finds the outcome at its end.
import { readFileSync, existsSync } from 'node:fs';

function summarizeJest(report) {
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function summarizePlaywright(report) {
  const { expected, unexpected, flaky, skipped } = report.stats;
  return { passed: expected + flaky, failed: unexpected, skipped };
}

const runners = [
  ['jest', process.argv[2], summarizeJest],
  ['playwright', process.argv[3], summarizePlaywright],
];

let total = { passed: 0, failed: 0, skipped: 0 };
for (const [name, file, summarize] of runners) {
  if (!file || !existsSync(file)) {
    console.log(`${name}: no report at ${file}; counted as 1 failed`);
    total.failed += 1;
    continue;
  }
  const counts = summarize(JSON.parse(readFileSync(file, 'utf8')));
  console.log(
    `${name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`,
  );
  total = {
    passed: total.passed + counts.passed,
    failed: total.failed + counts.failed,
    skipped: total.skipped + counts.skipped,
  };
}
console.log(
  `total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`,
);
