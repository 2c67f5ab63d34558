import { expect, Page, test } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// The demo accounts of this resource carry the values that have to survive
// every step unchanged: markup, line separators, formula prefixes, emoji and
// right-to-left text (see examples/accounts.yaml).
const HOSTILE_RESOURCE = '/catalog/default/resource/edge-router';
const HOSTILE_VALUES = [
  'x</script><img src=x onerror=alert(1)>',
  '<!--<script>',
  '=HYPERLINK("http://example.invalid","x")',
  '"quoted", comma',
  '-2+3',
  '@SUM(A1)',
  'a\u2028b\u2029c',
  'Emoji 🔐🚀 and right-to-left text: שלום עולם, مرحبا',
  'مسؤول الموجه',
];
const PASSPHRASE = 'orbit-lantern-meadow-42';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(
    page.getByRole('heading', { name: 'Demo Company Catalog' }),
  ).toBeVisible();
}

async function downloadEncryptedExport(page: Page, directory: string) {
  await page.goto(HOSTILE_RESOURCE);
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Export passwords…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Export passwords' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('radio', { name: 'Encrypted HTML' }).check();
  await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await dialog.getByLabel('Confirm passphrase').fill(PASSPHRASE);

  const downloadPromise = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export' }).click();
  const download = await downloadPromise;

  expect(download.suggestedFilename()).toMatch(/^passwords-.*\.html$/);
  const filePath = join(directory, download.suggestedFilename());
  await download.saveAs(filePath);
  return filePath;
}

test.describe('encrypted HTML download', () => {
  let directory: string;

  test.beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'password-export-e2e-'));
  });

  test.afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  test('exported file opens offline and shows the accounts', async ({
    page,
    context,
  }) => {
    await signInAsGuest(page);
    const filePath = await downloadEncryptedExport(page, directory);

    await expect(page.getByText(/passwords-.*\.html/)).toBeVisible();

    const viewer = await context.newPage();
    const dialogs: string[] = [];
    viewer.on('dialog', dialog => {
      dialogs.push(dialog.message());
      dialog.dismiss();
    });
    const requests: string[] = [];
    viewer.on('request', request => {
      if (!request.url().startsWith('file:')) {
        requests.push(request.url());
      }
    });

    await viewer.goto(pathToFileURL(filePath).href);
    await viewer.getByLabel('Passphrase').fill(PASSPHRASE);
    await viewer.getByRole('button', { name: 'Unlock' }).click();

    await expect(viewer.getByText('Edge router').first()).toBeVisible();
    const revealButtons = viewer.getByRole('button', {
      name: 'Reveal password',
    });
    const count = await revealButtons.count();
    expect(count).toBeGreaterThanOrEqual(3);
    // A revealed password's button becomes "Hide password", so the first
    // remaining "Reveal password" button is always the next one.
    for (let index = 0; index < count; index += 1) {
      await revealButtons.first().click();
    }
    await expect(revealButtons).toHaveCount(0);

    // textContent, unlike innerText or text locators, keeps U+2028 and U+2029
    // as they are, so each value is compared exactly.
    const pageText = await viewer.evaluate(() => document.body.textContent);
    for (const value of HOSTILE_VALUES) {
      expect(pageText).toContain(value);
    }
    const injectedImages = await viewer.locator('img[src="x"]').count();
    expect(injectedImages).toBe(0);

    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    await viewer.close();
  });

  test('wrong passphrase shows the error', async ({ page, context }) => {
    await signInAsGuest(page);
    const filePath = await downloadEncryptedExport(page, directory);

    const viewer = await context.newPage();
    await viewer.goto(pathToFileURL(filePath).href);
    await viewer.getByLabel('Passphrase').fill('not-the-right-passphrase');
    await viewer.getByRole('button', { name: 'Unlock' }).click();

    await expect(
      viewer.getByText('Wrong passphrase or damaged file.'),
    ).toBeVisible();
    await expect(viewer.getByText('Edge router')).toHaveCount(0);
    await viewer.close();
  });
});
