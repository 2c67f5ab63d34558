import { defineConfig } from '@playwright/test';

// The end-to-end tests drive Debian's Chromium, because Playwright cannot
// download its own browser builds on machines without general internet access.
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'e2e-tests',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  outputDir: '.cache/e2e-test-results',

  // The same two processes that `yarn start` runs for the README's demo
  // command, started separately so that each one's readiness is awaited.
  webServer: [
    {
      // The local Dropbox and Box servers that the specs start listen on
      // the ports this config file names.
      command:
        'node .yarn/releases/yarn-4.13.0.cjs workspace backend start --config ../../app-config.yaml --config ../../app-config.local-clouds.yaml',
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      command: 'node .yarn/releases/yarn-4.13.0.cjs workspace app start',
      url: 'http://localhost:3000',
      reuseExistingServer: !process.env.CI,
      timeout: 300_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],

  use: {
    baseURL: 'http://localhost:3000',
    acceptDownloads: true,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
