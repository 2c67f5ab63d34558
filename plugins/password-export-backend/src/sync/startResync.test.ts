import { mockServices } from '@backstage/backend-test-utils';
import {
  AccountSource,
  AccountSourceConnection,
} from '@internal/backstage-plugin-password-export-node';
import { startResync } from './startResync';
import { SyncedCopyService } from './SyncedCopyService';

describe('startResync', () => {
  it('connects sources, schedules the pass and stops at shutdown', async () => {
    let connection: AccountSourceConnection | undefined;
    const reporting: AccountSource = {
      id: 'vault',
      listAccounts: async () => [],
      connect: received => {
        connection = received;
      },
    };
    const silent: AccountSource = { id: 'ldap', listAccounts: async () => [] };
    const service = {
      reportChange: jest.fn(async () => undefined),
      start: jest.fn(async () => undefined),
      shutdown: jest.fn(async () => undefined),
    };
    const scheduler = mockServices.scheduler.mock();
    const lifecycle = mockServices.lifecycle.mock();

    await startResync({
      service: service as unknown as SyncedCopyService,
      sources: [reporting, silent],
      scheduler,
      lifecycle,
      config: {
        debounceMs: 5000,
        maxDelayMs: 60_000,
        intervalMs: 60_000,
        timeoutMs: 600_000,
        retryInitialDelayMs: 30_000,
        retryMaxDelayMs: 3_600_000,
        deleteOrphanedCopies: true,
        accessMaxAgeMs: 7 * 24 * 60 * 60_000,
      },
      logger: mockServices.logger.mock(),
    });

    await connection!.reportChange('resource:default/orders-db');
    expect(service.reportChange).toHaveBeenCalledWith(
      'resource:default/orders-db',
    );
    expect(scheduler.scheduleTask).toHaveBeenCalledTimes(1);
    expect(service.start).toHaveBeenCalled();
    const [hook] = (lifecycle.addShutdownHook as jest.Mock).mock.calls[0];
    await hook();
    expect(service.shutdown).toHaveBeenCalled();
  });
});
