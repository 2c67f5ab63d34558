import { mockServices } from '@backstage/backend-test-utils';
import { CloudStorageService } from './CloudStorageService';
import {
  IDLE_REFRESH_AFTER_MS,
  scheduleIdleRefresh,
} from './scheduleIdleRefresh';

describe('scheduleIdleRefresh', () => {
  it('refreshes connections idle for 30 days once a day on one replica', async () => {
    const scheduler = mockServices.scheduler.mock();
    const refreshIdleConnections = jest.fn(async () => 2);
    await scheduleIdleRefresh({
      scheduler,
      cloudStorage: {
        refreshIdleConnections,
      } as unknown as CloudStorageService,
      logger: mockServices.logger.mock(),
    });

    const task = scheduler.scheduleTask.mock.calls[0][0];
    expect(task).toMatchObject({
      id: 'password-export-refresh-idle-connections',
      scope: 'global',
      frequency: { hours: 24 },
    });

    const signal = new AbortController().signal;
    const before = Date.now();
    await task.fn(signal);
    const [changedBefore, passedSignal] = (
      refreshIdleConnections.mock.calls as unknown as Array<[Date, AbortSignal]>
    )[0];
    expect(before - changedBefore.getTime()).toBeGreaterThanOrEqual(
      IDLE_REFRESH_AFTER_MS - 1000,
    );
    expect(passedSignal).toBe(signal);
  });
});
