import { mockServices } from '@backstage/backend-test-utils';
import { RESYNC_TASK_ID, scheduleResync } from './scheduleResync';
import { SyncedCopyService } from './SyncedCopyService';

describe('scheduleResync', () => {
  it('runs the pass once across instances at the configured interval', async () => {
    const scheduler = mockServices.scheduler.mock();
    const runDueSyncs = jest.fn(async () => 2);
    const logger = mockServices.logger.mock();

    await scheduleResync({
      scheduler,
      service: { runDueSyncs } as unknown as SyncedCopyService,
      config: {
        debounceMs: 5000,
        maxDelayMs: 60_000,
        intervalMs: 30_000,
        timeoutMs: 300_000,
        retryInitialDelayMs: 30_000,
        retryMaxDelayMs: 3_600_000,
        deleteOrphanedCopies: true,
        accessMaxAgeMs: 7 * 24 * 60 * 60_000,
      },
      logger,
    });

    const [task] = (scheduler.scheduleTask as jest.Mock).mock.calls[0];
    expect(task).toMatchObject({
      id: RESYNC_TASK_ID,
      scope: 'global',
      frequency: { milliseconds: 30_000 },
      timeout: { milliseconds: 300_000 },
    });
    const signal = new AbortController().signal;
    await task.fn(signal);
    expect(runDueSyncs).toHaveBeenCalledWith(signal);
    expect(logger.info).toHaveBeenCalledWith(
      'Scheduled pass processed 2 synced copies',
    );
  });
});
