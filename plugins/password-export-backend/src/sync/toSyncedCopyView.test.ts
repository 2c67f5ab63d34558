import { SyncedCopyRecord } from '../database/SyncedCopyStore';
import { toSyncedCopyView } from './toSyncedCopyView';

const NOW = new Date('2026-12-04T12:00:00.000Z');

const current: SyncedCopyRecord = {
  id: 'copy-1',
  userEntityRef: 'user:default/alice',
  providerId: 's3',
  fileName: 'passwords-orders-db.html',
  entityRefs: ['resource:default/orders-db'],
  location: 's3://bucket/passwords-orders-db.html',
  remoteId: 'passwords-orders-db.html',
  keepUpToDate: true,
  checkUserEntity: true,
  changeSeq: 3,
  syncedSeq: 3,
  attemptCount: 0,
  paused: false,
  lastSyncedAt: '2026-12-04T11:00:00.000Z',
  accessConfirmedAt: '2026-12-01T09:00:00.000Z',
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-04T11:00:00.000Z',
};

function statusOf(changes: Partial<SyncedCopyRecord>) {
  return toSyncedCopyView(
    { ...current, ...changes },
    { providerTitle: 'Amazon S3', now: NOW },
  );
}

describe('toSyncedCopyView', () => {
  it('shows a synced copy as current, without internal fields', () => {
    expect(statusOf({})).toEqual({
      id: 'copy-1',
      providerId: 's3',
      providerTitle: 'Amazon S3',
      entityRefs: ['resource:default/orders-db'],
      fileName: 'passwords-orders-db.html',
      location: 's3://bucket/passwords-orders-db.html',
      keepUpToDate: true,
      status: 'current',
      lastSyncedAt: '2026-12-04T11:00:00.000Z',
      createdAt: '2026-12-01T09:00:00.000Z',
    });
  });

  it.each([
    ['pending', { changeSeq: 4 }],
    ['syncing', { changeSeq: 4, leaseExpiresAt: '2026-12-04T12:01:00.000Z' }],
    ['pending', { changeSeq: 4, leaseExpiresAt: '2026-12-04T11:59:00.000Z' }],
    ['stopped', { keepUpToDate: false, lastError: 'old failure' }],
  ] as const)('shows %s', (status, changes) => {
    expect(statusOf(changes).status).toBe(status);
  });

  it('shows a failure with its retry time', () => {
    const view = statusOf({
      changeSeq: 4,
      lastError: 'Bucket b not found',
      nextAttemptAt: '2026-12-04T12:05:00.000Z',
    });

    expect(view.status).toBe('failed');
    expect(view.lastError).toBe('Bucket b not found');
    expect(view.nextAttemptAt).toBe('2026-12-04T12:05:00.000Z');
  });

  it('shows a paused copy as failed without a retry time', () => {
    const view = statusOf({
      changeSeq: 4,
      paused: true,
      lastError: 'Reconnect Amazon S3 first',
      nextAttemptAt: '2026-12-04T12:05:00.000Z',
    });

    expect(view.status).toBe('failed');
    expect(view.nextAttemptAt).toBeUndefined();
  });
});
