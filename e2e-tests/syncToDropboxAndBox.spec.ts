import { Locator, Page, expect, test } from '@playwright/test';
import { decryptExport } from '@internal/encrypted-html';
import {
  FakeBox,
  FakeDropbox,
  LOCAL_CLOUD_PORTS,
  startFakeBox,
  startFakeDropbox,
} from '@internal/local-cloud-servers';

// The backend runs with app-config.local-clouds.yaml, which replaces every
// Dropbox and Box host with these local servers; the real SDKs talk to them.
const PASSPHRASE = 'lantern-copper-meadow-42';
const REASON = 'On-call rotation starts tonight';

async function enableProvider(page: Page, title: string) {
  await page.getByRole('link', { name: 'Cloud Storage' }).click();
  const settings = page.getByRole('region', {
    name: `${title} settings`,
    exact: true,
  });
  await settings.getByRole('checkbox', { name: `Enable ${title}` }).check();
  await settings.getByRole('button', { name: 'Save' }).click();
  await expect(
    settings.getByRole('checkbox', { name: `Enable ${title}` }),
  ).toBeChecked();
  return settings;
}

async function openExportDialog(page: Page) {
  await page.goto('/catalog/default/resource/orders-db');
  await page.getByRole('button', { name: 'more' }).click();
  await page.getByRole('menuitem', { name: 'Export passwords…' }).click();
  return page.getByRole('dialog', { name: 'Export passwords' });
}

async function submitExport(dialog: Locator) {
  await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await dialog.getByLabel('Confirm passphrase').fill(PASSPHRASE);
  await dialog.getByLabel('Reason').fill(REASON);
  await dialog.getByRole('button', { name: 'Export' }).click();
}

async function expectDemoAccounts(file: Buffer) {
  const payload = await decryptExport(file, PASSPHRASE);
  expect(payload.resources[0].entityRef).toBe('resource:default/orders-db');
  expect(payload.resources[0].accounts.map(a => a.name)).toEqual([
    'Superuser',
    'Read replica reporter',
  ]);
}

test.describe('sync to Dropbox and Box', () => {
  let dropbox: FakeDropbox;
  let box: FakeBox;

  test.beforeAll(async () => {
    dropbox = await startFakeDropbox({ port: LOCAL_CLOUD_PORTS.dropbox });
    box = await startFakeBox({ port: LOCAL_CLOUD_PORTS.box });
  });

  test.afterAll(async () => {
    await dropbox?.close();
    await box?.close();
  });

  test('Dropbox: the user pastes the code and the synced file decrypts', async ({
    page,
    context,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await enableProvider(page, 'Dropbox');

    const dialog = await openExportDialog(page);
    await dialog.getByRole('radio', { name: 'Sync with Dropbox' }).check();
    const consentTab = context.waitForEvent('page');
    await dialog.getByRole('button', { name: 'Authorize' }).click();
    const consent = await consentTab;
    await consent.getByRole('button', { name: 'Allow' }).click();
    const code = await consent.getByLabel('Authorization code').inputValue();
    await consent.close();

    await dialog.getByLabel('Authorization code', { exact: true }).fill(code);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByText(/Dropbox account of/)).toBeVisible();
    await submitExport(dialog);

    await expect(page.getByText(/Synced to Dropbox/)).toBeVisible();
    const [accountId] = [...dropbox.accounts.keys()];
    const files = dropbox.listFiles(accountId);
    expect(files).toHaveLength(1);
    await expectDemoAccounts(files[0].content);
  });

  test('Box: the popup returns to the backend and the synced file decrypts', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    const settings = await enableProvider(page, 'Box');
    await expect(
      settings.getByRole('textbox', {
        name: 'Redirect URI to register in your Box app',
      }),
    ).toHaveValue('http://localhost:7007/api/password-export/oauth/callback');

    const dialog = await openExportDialog(page);
    await dialog.getByRole('radio', { name: 'Sync with Box' }).check();
    const popupOpened = page.waitForEvent('popup');
    await dialog.getByRole('button', { name: 'Authorize' }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Allow' }).click();
    // The callback page posts the outcome to the portal and closes itself,
    // possibly before a close listener could be attached.
    await expect.poll(() => popup.isClosed()).toBe(true);

    await expect(dialog.getByText(/Box account of/)).toBeVisible();
    await submitExport(dialog);

    await expect(page.getByText(/Synced to Box/)).toBeVisible();
    const [file] = box.controls.files();
    expect(file.name).toMatch(/\.html$/);
    await expectDemoAccounts(file.versions[file.versions.length - 1].bytes);
  });
});
