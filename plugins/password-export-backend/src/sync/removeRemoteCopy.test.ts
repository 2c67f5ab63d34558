import { InputError } from '@backstage/errors';
import { SyncedCopyRecord } from '../database/SyncedCopyStore';
import { CloudStorageService } from '../providers/CloudStorageService';
import { removeRemoteCopy } from './removeRemoteCopy';

const copy = {
  id: 'copy-1',
  userEntityRef: 'user:default/alice',
  providerId: 's3',
  remoteId: 'password-exports/passwords-orders-db.html',
} as SyncedCopyRecord;

describe('removeRemoteCopy', () => {
  it('removes the file with the user’s credentials', async () => {
    const remove = jest.fn(async () => undefined);
    const target = {
      provider: { id: 's3', remove },
      settings: { prefix: 'password-exports/' },
      connection: { credentials: { accessKeyId: 'AKIA' } },
    };
    const runOperation = jest.fn(async (_provider, _options, operation) =>
      operation({ signal: new AbortController().signal }),
    );
    const cloudStorage = {
      resolveExportTarget: jest.fn(async () => target),
      runOperation,
    } as unknown as CloudStorageService;

    await removeRemoteCopy(cloudStorage, copy, new AbortController().signal);

    expect(cloudStorage.resolveExportTarget).toHaveBeenCalledWith(
      's3',
      'user:default/alice',
    );
    expect(runOperation.mock.calls[0][1]).toMatchObject({
      settings: target.settings,
      logMeta: { operation: 'remove', syncedCopyId: 'copy-1' },
    });
    expect(remove).toHaveBeenCalledWith(
      expect.objectContaining({
        credentials: { accessKeyId: 'AKIA' },
        remoteId: 'password-exports/passwords-orders-db.html',
      }),
    );
  });

  it('fails without a usable connection', async () => {
    const cloudStorage = {
      resolveExportTarget: async () => {
        throw new InputError('Connect Amazon S3 first');
      },
    } as unknown as CloudStorageService;

    await expect(
      removeRemoteCopy(cloudStorage, copy, new AbortController().signal),
    ).rejects.toThrow('Connect Amazon S3 first');
  });
});
