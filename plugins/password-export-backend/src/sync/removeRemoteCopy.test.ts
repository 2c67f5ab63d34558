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
  it('removes the file through the cloud storage service', async () => {
    const target = { provider: { id: 's3' } };
    const signal = new AbortController().signal;
    const cloudStorage = {
      resolveExportTarget: jest.fn(async () => target),
      remove: jest.fn(async () => undefined),
    } as unknown as CloudStorageService;

    await removeRemoteCopy(cloudStorage, copy, signal);

    expect(cloudStorage.resolveExportTarget).toHaveBeenCalledWith(
      's3',
      'user:default/alice',
    );
    expect(cloudStorage.remove).toHaveBeenCalledWith(
      target,
      'password-exports/passwords-orders-db.html',
      { userEntityRef: 'user:default/alice', signal },
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
