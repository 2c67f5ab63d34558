import {
  decryptExport,
  encryptExport,
  ExportPayload,
} from '@internal/encrypted-html';
import {
  defaultFakeDropboxAccount,
  FakeDropbox,
  startFakeDropbox,
} from '@internal/local-cloud-servers';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';
import {
  appSettings,
  clearProxyEnvironment,
  connectThroughConsent,
  createProvider,
} from './__testUtils__/dropboxTestSetup';

const accountId = defaultFakeDropboxAccount.accountId;

function createPayload(password: string): ExportPayload {
  return {
    metadata: {
      exportedBy: 'user:development/guest',
      exportedAt: '2026-12-04T10:00:00.000Z',
      validAsOf: '2026-12-04T09:59:58.000Z',
      portal: 'Demo portal',
    },
    resources: [
      {
        entityRef: 'resource:default/orders-db',
        title: 'Orders database',
        accounts: [
          {
            name: 'Admin console',
            username: 'dba',
            password,
            url: 'https://orders-db.example.com',
          },
        ],
      },
    ],
  };
}

describe('DropboxStorageProvider with an encrypted HTML export', () => {
  let restoreEnvironment: () => void;
  let dropbox: FakeDropbox;

  beforeAll(async () => {
    restoreEnvironment = clearProxyEnvironment();
    dropbox = await startFakeDropbox();
  });

  afterAll(async () => {
    await dropbox?.close();
    restoreEnvironment();
  });

  it('stores bytes that decrypt, and replaces them on re-export', async () => {
    const provider = createProvider(dropbox.url);
    const { connection } = await connectThroughConsent(provider);
    const { context } = createTestContext({ settings: appSettings });
    const passphrase = 'correct horse battery staple';
    const first = await encryptExport(createPayload('pä$$wörd <&> "quoted"'), {
      passphrase,
      iterations: 100_000,
    });
    const second = await encryptExport(createPayload('rotated-password'), {
      passphrase,
      iterations: 100_000,
    });

    const upload = (encrypted: typeof first) =>
      provider.upload({
        ...context,
        credentials: connection.credentials,
        file: {
          name: 'passwords-orders-db.html',
          content: encrypted.html,
          sha256: encrypted.sha256,
          contentType: 'text/html; charset=utf-8',
          metadata: { 'format-version': '1' },
        },
      });

    await upload(first);
    const storedFirst = dropbox.readFile(
      accountId,
      '/passwords-orders-db.html',
    );
    await upload(second);
    const storedSecond = dropbox.readFile(
      accountId,
      '/passwords-orders-db.html',
    );

    expect(storedFirst?.equals(first.html)).toBe(true);
    expect(storedSecond?.equals(second.html)).toBe(true);
    await expect(decryptExport(storedFirst!, passphrase)).resolves.toEqual(
      createPayload('pä$$wörd <&> "quoted"'),
    );
    await expect(decryptExport(storedSecond!, passphrase)).resolves.toEqual(
      createPayload('rotated-password'),
    );
    expect(dropbox.listFiles(accountId)).toHaveLength(1);
  });
});
