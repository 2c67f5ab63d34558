import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { CloudStorageService } from './CloudStorageService';

/**
 * Age of the last refresh after which a connection is refreshed anyway:
 * half of the 60 days after which Box refresh tokens expire unused.
 */
export const IDLE_REFRESH_AFTER_MS = 30 * 24 * 60 * 60_000;

/**
 * Schedules the daily task, run once across replicas, that refreshes OAuth
 * connections no call has refreshed for {@link IDLE_REFRESH_AFTER_MS}.
 */
export async function scheduleIdleRefresh(options: {
  scheduler: SchedulerService;
  cloudStorage: CloudStorageService;
  logger: LoggerService;
}): Promise<void> {
  const { cloudStorage, logger } = options;
  await options.scheduler.scheduleTask({
    id: 'password-export-refresh-idle-connections',
    scope: 'global',
    frequency: { hours: 24 },
    timeout: { minutes: 30 },
    initialDelay: { minutes: 10 },
    fn: async signal => {
      const refreshed = await cloudStorage.refreshIdleConnections(
        new Date(Date.now() - IDLE_REFRESH_AFTER_MS),
        signal,
      );
      if (refreshed > 0) {
        logger.info(`Refreshed ${refreshed} idle OAuth connection(s)`);
      }
    },
  });
}
