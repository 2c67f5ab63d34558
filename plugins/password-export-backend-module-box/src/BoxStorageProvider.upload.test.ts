import { JsonObject } from '@backstage/types';
import {
  decryptExport,
  encryptExport,
  ExportPayload,
} from '@internal/encrypted-html';
import { FakeBox, startFakeBox } from '@internal/local-cloud-servers';
import {
  CloudStorageError,
  CloudStorageFile,
} from '@internal/backstage-plugin-password-export-node';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { resolveBoxEndpoints } from './boxEndpoints';
import { BoxStorageProvider, MAX_UPLOAD_BYTES } from './BoxStorageProvider';
import { createBoxSession } from './createBoxSession';
import { loadBoxSdk } from './loadBoxSdk';
import {
  createTestContext,
  failureOf,
} from '@internal/backstage-plugin-password-export-node/testUtils';
import { bypassProxyForLoopback } from './__testUtils__/proxyEnvironment';

const settings = {
  clientId: 'local-box-client-id',
  clientSecret: 'local-box-client-secret',
  folderName: 'Field exports',
};

function htmlFile(name: string, html: string | Buffer): CloudStorageFile {
  const content = Buffer.isBuffer(html) ? html : Buffer.from(html);
  return {
    name,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    contentType: 'text/html; charset=utf-8',
    metadata: { 'format-version': '1' },
  };
}

describe('BoxStorageProvider uploads', () => {
  let restoreProxy: () => void;
  let fake: FakeBox;
  let provider: BoxStorageProvider;
  let credentials: JsonObject;

  beforeAll(() => {
    restoreProxy = bypassProxyForLoopback();
  });

  afterAll(() => {
    restoreProxy();
  });

  beforeEach(async () => {
    fake = await startFakeBox({
      users: [{ id: '7', name: 'Grace Hopper', login: 'grace@example.com' }],
    });
    provider = new BoxStorageProvider({
      serviceUrl: fake.url,
      retry: { baseDelayMs: 1, maxAttempts: 3 },
    });
    const tokens = fake.controls.issueTokens();
    credentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      userId: '7',
    };
  });

  afterEach(async () => {
    await fake.close();
  });

  function upload(
    file: CloudStorageFile,
    options: { target?: BoxStorageProvider; folderName?: string } = {},
  ) {
    const { context, logLines } = createTestContext({
      settings: {
        ...settings,
        folderName: options.folderName ?? settings.folderName,
      },
    });
    const result = (options.target ?? provider).upload({
      ...context,
      credentials,
      file,
    });
    return { result, logLines };
  }

  it('uploads an export that decrypts after download', async () => {
    const passphrase = 'correct horse battery staple';
    const payload: ExportPayload = {
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
              password: 'pä$$wörd <&> "quoted"',
              url: 'https://orders-db.example.com',
            },
          ],
        },
      ],
    };
    const encrypted = await encryptExport(payload, {
      passphrase,
      iterations: 100_000,
    });

    const { result, logLines } = upload(
      htmlFile('orders-db-passwords.html', encrypted.html),
    );
    const uploaded = await result;

    const [folder] = fake.controls.folders('7');
    const [file] = fake.controls.files('7');
    expect(uploaded).toEqual({
      location: 'Box: /Field exports/orders-db-passwords.html',
      remoteId: file.id,
    });
    expect(folder).toMatchObject({ name: 'Field exports', parentId: '0' });
    expect(file).toMatchObject({
      name: 'orders-db-passwords.html',
      parentId: folder.id,
    });
    expect(file.versions).toHaveLength(1);
    expect(file.versions[0].bytes.equals(encrypted.html)).toBe(true);
    await expect(
      decryptExport(file.versions[0].bytes, passphrase),
    ).resolves.toEqual(payload);
    const logs = logLines.join('\n');
    expect(logs).toContain('Created Box export folder');
    expect(logs).not.toContain(String(credentials.accessToken));
  });

  it('uploads a second export of the same name as a new version', async () => {
    const first = await upload(htmlFile('team.html', '<p>one</p>')).result;

    const second = await upload(htmlFile('team.html', '<p>two</p>')).result;

    const files = fake.controls.files('7');
    expect(files).toHaveLength(1);
    expect(second.remoteId).toBe(first.remoteId);
    expect(files[0].versions.map(v => v.bytes.toString())).toEqual([
      '<p>one</p>',
      '<p>two</p>',
    ]);
    expect(fake.controls.requestCount('files.upload')).toBe(1);
    expect(fake.controls.requestCount('files.uploadVersion')).toBe(1);
    // The folder id is cached after the first upload.
    expect(fake.controls.requestCount('folders.create')).toBe(1);
  });

  it('uploads a version when the file appears after the preflight check', async () => {
    const existing = await upload(htmlFile('race.html', '<p>old</p>')).result;
    // Respond to the preflight check as Box did before the file existed.
    fake.controls.failNext('files.preflight', {
      status: 200,
      body: { upload_url: `${fake.url}/2.0/files/content`, upload_token: null },
    });

    const again = await upload(htmlFile('race.html', '<p>new</p>')).result;

    expect(again.remoteId).toBe(existing.remoteId);
    expect(fake.controls.requestCount('files.upload')).toBe(2);
    expect(fake.controls.files('7')[0].versions).toHaveLength(2);
  });

  it('keeps one file for concurrent uploads of one name', async () => {
    const replicas = [0, 1, 2].map(
      () => new BoxStorageProvider({ serviceUrl: fake.url }),
    );

    const results = await Promise.all(
      replicas.map(
        (replica, index) =>
          upload(htmlFile('shared.html', `<p>${index}</p>`), {
            target: replica,
          }).result,
      ),
    );

    const files = fake.controls.files('7');
    expect(files).toHaveLength(1);
    expect(files[0].versions).toHaveLength(3);
    expect(new Set(results.map(result => result.remoteId))).toEqual(
      new Set([files[0].id]),
    );
  });

  it('creates one folder for concurrent first uploads on one replica', async () => {
    const results = await Promise.all(
      ['a.html', 'b.html', 'c.html'].map(
        name => upload(htmlFile(name, `<p>${name}</p>`)).result,
      ),
    );

    const folders = fake.controls.folders('7');
    expect(folders).toHaveLength(1);
    expect(fake.controls.files('7').map(file => file.parentId)).toEqual([
      folders[0].id,
      folders[0].id,
      folders[0].id,
    ]);
    expect(new Set(results.map(r => r.remoteId)).size).toBe(3);
  });

  it('creates one folder for concurrent first uploads on many replicas', async () => {
    const replicas = [0, 1, 2, 3].map(
      () => new BoxStorageProvider({ serviceUrl: fake.url }),
    );

    await Promise.all(
      replicas.map(
        (replica, index) =>
          upload(htmlFile(`replica-${index}.html`, 'x'), { target: replica })
            .result,
      ),
    );

    const folders = fake.controls.folders('7');
    expect(folders).toHaveLength(1);
    expect(fake.controls.requestCount('folders.create')).toBe(4);
    expect(
      fake.controls.files('7').every(file => file.parentId === folders[0].id),
    ).toBe(true);
  });

  it('uses a folder of that name that already exists', async () => {
    await upload(htmlFile('first.html', 'x')).result;
    const other = new BoxStorageProvider({ serviceUrl: fake.url });

    const { result, logLines } = upload(htmlFile('second.html', 'y'), {
      target: other,
    });
    await result;

    expect(fake.controls.folders('7')).toHaveLength(1);
    expect(logLines.join('\n')).toContain('Found Box export folder');
  });

  it('retries a folder name that Box still reserves', async () => {
    fake.controls.failNext('folders.create', {
      status: 409,
      code: 'name_temporarily_reserved',
    });

    await upload(htmlFile('reserved.html', 'x')).result;

    expect(fake.controls.requestCount('folders.create')).toBe(2);
    expect(fake.controls.folders('7')).toHaveLength(1);
  });

  it('creates the folder again after the user deleted it', async () => {
    await upload(htmlFile('first.html', 'x')).result;
    const [deleted] = fake.controls.folders('7');
    fake.controls.deleteItem('7', deleted.id);

    await upload(htmlFile('second.html', 'y')).result;

    const [recreated] = fake.controls.folders('7');
    expect(recreated.id).not.toBe(deleted.id);
    expect(fake.controls.files('7').map(file => file.name)).toEqual([
      'second.html',
    ]);
  });

  it('rejects a folder name taken by a file', async () => {
    const session = createBoxSession(
      loadBoxSdk(),
      resolveBoxEndpoints(fake.url),
    );
    await session.api(String(credentials.accessToken)).uploads.uploadFile({
      attributes: { name: 'Field exports', parent: { id: '0' } },
      file: Readable.from(Buffer.from('not a folder')),
    });
    session.close();

    const error = await failureOf<CloudStorageError>(
      upload(htmlFile('x.html', 'x')).result,
    );

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'folderName' });
    expect(error.message).toContain('has a file named "Field exports"');
    expect(fake.controls.folders('7')).toEqual([]);
  });

  it('rejects an invalid folder name setting before any request', async () => {
    const error = await failureOf<CloudStorageError>(
      upload(htmlFile('x.html', 'x'), { folderName: 'Field/exports' }).result,
    );

    expect(error).toMatchObject({ kind: 'invalid-input', field: 'folderName' });
    expect(error.message).toContain(
      'Box folder name "Field/exports" is invalid',
    );
    expect(fake.controls.requestCount('folders.create')).toBe(0);
  });

  it('rejects a file name Box does not allow', async () => {
    const error = await failureOf<CloudStorageError>(
      upload(htmlFile('../secrets.html', 'x')).result,
    );

    expect(error.kind).toBe('invalid-input');
    expect(error.message).toContain('File name "../secrets.html" is invalid');
    expect(fake.controls.requestCount('folders.create')).toBe(0);
  });

  it('rejects a file larger than one upload request takes', async () => {
    const error = await failureOf<CloudStorageError>(
      upload(htmlFile('huge.html', Buffer.alloc(MAX_UPLOAD_BYTES + 1))).result,
    );

    expect(error.kind).toBe('invalid-input');
    expect(error.message).toContain('more than the 50000000 bytes');
    expect(fake.controls.requestCount('folders.create')).toBe(0);
  });

  it('reports a full Box account', async () => {
    fake.controls.setSpaceAmount('7', 5);

    const error = await failureOf<CloudStorageError>(
      upload(htmlFile('full.html', '<p>too much</p>')).result,
    );

    expect(error.kind).toBe('quota-exceeded');
    expect(error.message).toContain('Your Box account is full');
    expect(fake.controls.requestCount('files.upload')).toBe(0);
  });

  it('sends the SHA-1 that Box checks as content-md5', async () => {
    const sha1 = createHash('sha1').update('<p>checked</p>').digest('hex');

    await upload(htmlFile('digest.html', '<p>checked</p>')).result;
    await upload(htmlFile('digest.html', '<p>checked</p>')).result;

    expect(fake.controls.uploadDigests()).toEqual([sha1, sha1]);
    expect(fake.controls.files('7')[0].versions[0].sha1).toBe(sha1);
  });

  it('retries an upload that Box received damaged', async () => {
    fake.controls.failNext('files.upload', { status: 400, code: 'bad_digest' });

    await upload(htmlFile('digest.html', '<p>checked</p>')).result;

    expect(fake.controls.requestCount('files.upload')).toBe(2);
    expect(fake.controls.files('7')).toHaveLength(1);
  });

  describe('remove', () => {
    it('deletes the file, and a missing file is not an error', async () => {
      const { remoteId } = await upload(htmlFile('gone.html', 'x')).result;
      const { context, logLines } = createTestContext({ settings });

      await provider.remove({ ...context, credentials, remoteId });
      await provider.remove({ ...context, credentials, remoteId });

      expect(fake.controls.files('7')).toEqual([]);
      expect(fake.controls.requestCount('files.delete')).toBe(2);
      expect(logLines.join('\n')).toContain('Box file was already deleted');
    });

    it('rejects a remote id that is not a Box id', async () => {
      const { context } = createTestContext({ settings });

      const error = await failureOf<CloudStorageError>(
        provider.remove({ ...context, credentials, remoteId: '../1' }),
      );

      expect(error.kind).toBe('invalid-input');
      expect(fake.controls.requestCount('files.delete')).toBe(0);
    });
  });
});
