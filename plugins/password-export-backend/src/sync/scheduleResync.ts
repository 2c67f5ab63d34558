import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { ResyncConfig } from '../readPluginConfig';
import { SyncedCopyService } from './SyncedCopyService';

/** Id of the scheduled task that re-syncs due copies. */
export const RESYNC_TASK_ID = 'password-export-resync-synced-copies';

/**
 * Schedules the pass that re-syncs every due copy, on one backend instance
 * at a time. It catches the changes whose in-process timer was lost, such as
 * those recorded by an instance that stopped, and the retries of failures.
 */
export async function scheduleResync(options: {
  scheduler: SchedulerService;
  service: SyncedCopyService;
  config: ResyncConfig;
  logger: LoggerService;
}): Promise<void> {
  const { service, config, logger } = options;
  await options.scheduler.scheduleTask({
    id: RESYNC_TASK_ID,
    scope: 'global',
    frequency: { milliseconds: config.intervalMs },
    timeout: { milliseconds: config.timeoutMs },
    fn: async (signal: AbortSignal) => {
      const count = await service.runDueSyncs(signal);
      if (count > 0) {
        logger.info(`Scheduled pass processed ${count} synced copies`);
      }
    },
  });
}
