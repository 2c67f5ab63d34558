import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';

// s3rver replaces Amazon S3 on loopback. The portal's S3 module talks to it
// through the real AWS SDK, as it would to any S3-compatible store.
// S3RVER is the key pair that s3rver accepts by default.
const BUCKET = 'e2e-password-exports';
const ACCESS_KEY_ID = 'S3RVER';
const SECRET_ACCESS_KEY = 'S3RVER';
const PASSPHRASE = 'harbor-quartz-violet-77';
const REASON = 'Site visit at the data centre';

function findObjectFiles(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter(entry => entry.isFile() && entry.name.endsWith('._S3rver_object'))
    .map(entry => join(entry.parentPath, entry.name));
}

test.describe('sync to Amazon S3', () => {
  let directory: string;
  let server: S3rver;
  let endpoint: string;

  test.beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'password-export-s3-e2e-'));
    server = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
  });

  test.afterAll(async () => {
    await server?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  test('admin enables S3, user syncs, object decrypts', async ({ page }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();

    // The guest is a member of portal-admins in the demo organization.
    await page.getByRole('link', { name: 'Cloud Storage' }).click();
    const settings = page.getByRole('region', { name: 'Amazon S3 settings' });
    await settings.getByRole('checkbox', { name: 'Enable Amazon S3' }).check();
    await settings
      .getByRole('checkbox', { name: 'Allow custom endpoints' })
      .check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect(
      settings.getByRole('checkbox', { name: 'Enable Amazon S3' }),
    ).toBeChecked();

    await page.goto('/catalog/default/resource/orders-db');
    await page.getByRole('button', { name: 'more' }).click();
    await page.getByRole('menuitem', { name: 'Export passwords…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export passwords' });
    await dialog.getByRole('radio', { name: 'Sync with Amazon S3' }).check();

    await dialog
      .getByLabel('Access key id', { exact: true })
      .fill(ACCESS_KEY_ID);
    await dialog
      .getByLabel('Secret access key', { exact: true })
      .fill(SECRET_ACCESS_KEY);
    await dialog.getByLabel('Bucket').fill(BUCKET);
    await dialog.getByLabel('Region').fill('us-east-1');
    await dialog.getByLabel(/^Endpoint/).fill(endpoint);
    await dialog.getByRole('button', { name: 'Connect' }).click();

    await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await dialog.getByLabel('Confirm passphrase').fill(PASSPHRASE);

    // The demo policy requires a reason of at least 10 characters before any
    // cloud sync, so Export waits for one.
    const exportButton = dialog.getByRole('button', { name: 'Export' });
    const reason = dialog.getByLabel('Reason');
    await reason.fill('Too short');
    await expect(exportButton).toBeDisabled();
    await reason.fill(REASON);
    await exportButton.click();

    const confirmation = page.getByText(/Synced to Amazon S3: s3:\/\//);
    await expect(confirmation).toBeVisible();
    await expect(confirmation).toContainText(`s3://${BUCKET}/`);

    const [objectFile] = findObjectFiles(directory);
    expect(objectFile).toBeDefined();
    const payload = JSON.parse(
      execFileSync(
        'packages/encrypted-html/bin/encrypted-html',
        ['decrypt', objectFile],
        { input: `${PASSPHRASE}\n` },
      ).toString('utf8'),
    );
    const [resource] = payload.resources;
    expect(resource.entityRef).toBe('resource:default/orders-db');
    expect(resource.accounts.map((a: { name: string }) => a.name)).toEqual([
      'Superuser',
      'Read replica reporter',
    ]);
    expect(readFileSync(objectFile, 'utf8')).not.toContain(
      'correct-horse-battery-staple',
    );

    // The sync and its reason are in the admin's export history.
    await page.getByRole('link', { name: 'Cloud Storage' }).click();
    const history = page.getByRole('table').filter({ hasText: REASON });
    await expect(history).toBeVisible();
    await expect(history).toContainText('resource:default/orders-db');
  });
});
