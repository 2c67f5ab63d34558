import {
  LifecycleService,
  LoggerService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { AccountSource } from '@internal/backstage-plugin-password-export-node';
import { ResyncConfig } from '../readPluginConfig';
import { scheduleResync } from './scheduleResync';
import { SyncedCopyService } from './SyncedCopyService';

/**
 * Starts the automatic re-sync: connects the account sources that report
 * changes, schedules the pass that runs once across instances, arms the
 * timer for copies already pending, and stops it all at shutdown.
 */
export async function startResync(options: {
  service: SyncedCopyService;
  sources: AccountSource[];
  scheduler: SchedulerService;
  lifecycle: LifecycleService;
  config: ResyncConfig;
  logger: LoggerService;
}): Promise<void> {
  const { service, logger } = options;

  for (const source of options.sources) {
    await source.connect?.({
      reportChange: entityRef => service.reportChange(entityRef),
    });
  }

  options.lifecycle.addShutdownHook(() => service.shutdown());
  await scheduleResync({
    scheduler: options.scheduler,
    service,
    config: options.config,
    logger,
  });
  await service.start();
}
