import { mockServices } from '@backstage/backend-test-utils';
import { ServiceUnavailableError } from '@backstage/errors';
import { ExportHistoryStore } from '../database/ExportHistoryStore';
import { SyncedCopyRecord } from '../database/SyncedCopyStore';
import { SyncActivityRecorder } from './SyncActivityRecorder';

const copy: SyncedCopyRecord = {
  id: 'copy-1',
  userEntityRef: 'user:default/alice',
  providerId: 's3',
  fileName: 'passwords-orders-db.html',
  entityRefs: ['resource:default/orders-db'],
  location: 's3://bucket/passwords-orders-db.html',
  remoteId: 'passwords-orders-db.html',
  keepUpToDate: true,
  checkUserEntity: true,
  changeSeq: 1,
  syncedSeq: 0,
  attemptCount: 0,
  paused: false,
  lastSyncedAt: '2026-12-04T11:00:00.000Z',
  accessConfirmedAt: '2026-12-01T09:00:00.000Z',
  createdAt: '2026-12-01T09:00:00.000Z',
  updatedAt: '2026-12-04T11:00:00.000Z',
};

function setUp(history: Partial<ExportHistoryStore> = {}) {
  const event = {
    success: jest.fn(async () => undefined),
    fail: jest.fn(async () => undefined),
  };
  const auditor = mockServices.auditor.mock({
    createEvent: jest.fn(async () => event),
  });
  const addEntry = jest.fn(async () => undefined);
  const logger = mockServices.logger.mock();
  (logger.child as jest.Mock).mockReturnValue(logger);
  const recorder = new SyncActivityRecorder({
    auditor,
    history: { addEntry, listEntries: jest.fn(), ...history },
    logger,
  });
  return { recorder, auditor, event, addEntry, logger };
}

describe('SyncActivityRecorder', () => {
  it('records a re-sync in the audit log and the history', async () => {
    const { recorder, auditor, event, addEntry } = setUp();

    const activity = await recorder.start({
      action: 'resync',
      copy,
      reason: 'automatic re-sync after account change',
    });
    await activity.succeed({
      sha256: 'b'.repeat(64),
      accountCount: 2,
      location: copy.location,
    });

    expect(auditor.createEvent).toHaveBeenCalledWith({
      eventId: 'synced-copy-resync',
      severityLevel: 'high',
      request: undefined,
      meta: expect.objectContaining({
        activityId: activity.id,
        syncedCopyId: 'copy-1',
        reason: 'automatic re-sync after account change',
        automatic: true,
      }),
    });
    expect(event.success).toHaveBeenCalledWith({
      meta: expect.objectContaining({
        sha256: 'b'.repeat(64),
        accountCount: 2,
      }),
    });
    expect(addEntry).toHaveBeenCalledWith({
      id: activity.id,
      action: 'resync',
      userEntityRef: 'user:default/alice',
      entityRefs: ['resource:default/orders-db'],
      format: 'encrypted-html',
      destination: 's3',
      reason: 'automatic re-sync after account change',
      sha256: 'b'.repeat(64),
      outcome: 'succeeded',
      accountCount: 2,
      createdAt: expect.any(String),
      location: copy.location,
      error: undefined,
    });
  });

  it('keeps only messages written for users', async () => {
    const { recorder, event, addEntry } = setUp();
    const activity = await recorder.start({
      action: 'delete',
      copy,
      reason: 'deleted by the user',
    });

    await activity.fail(new Error('GET https://user:secret-token@host failed'));

    const entry = (addEntry.mock.calls[0] as any[])[0];
    expect(entry.outcome).toBe('failed');
    expect(entry.error).toBe(
      'The deletion failed because of an internal error; the backend log has the details',
    );
    const failure = (event.fail.mock.calls[0] as any[])[0];
    expect(JSON.stringify(failure.meta)).not.toContain('secret-token');

    const second = await recorder.start({ action: 'stop', copy, reason: 'x' });
    await second.fail(new ServiceUnavailableError('S3 is unreachable'));
    expect((addEntry.mock.calls[1] as any[])[0].error).toBe(
      'S3 is unreachable',
    );
  });

  it('logs a history failure instead of throwing', async () => {
    const { recorder, event, logger } = setUp({
      addEntry: async () => {
        throw new Error('database is down');
      },
    });
    const activity = await recorder.start({
      action: 'resync',
      copy,
      reason: 'x',
    });

    await expect(activity.succeed()).resolves.toBeUndefined();
    expect(logger.error).toHaveBeenCalled();
    expect(event.success).toHaveBeenCalled();
  });
});
