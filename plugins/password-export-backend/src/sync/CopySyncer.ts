import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AccountSource } from '@internal/backstage-plugin-password-export-node';
import { reencryptExport } from '@internal/encrypted-html';
import { ServiceUnavailableError } from '@backstage/errors';
import { Request } from 'express';
import {
  ClaimedCopy,
  ContentKeyUnavailableError,
  SyncReason,
  SyncedCopyRecord,
  SyncedCopyStore,
} from '../database/SyncedCopyStore';
import {
  buildExportPayload,
  countAccounts,
} from '../export/buildExportPayload';
import {
  ENCRYPTED_HTML_CONTENT_TYPE,
  buildUploadFile,
} from '../export/buildUploadFile';
import { describeFailure } from '../export/describeFailure';
import { CloudStorageService } from '../providers/CloudStorageService';
import { PluginConfig } from '../readPluginConfig';
import { collectAccounts } from '../service/collectAccounts';
import { computeRetryDelay } from './computeRetryDelay';
import { isAccessStale } from './isAccessStale';
import { listEntityRefsToCheck } from './listEntityRefsToCheck';
import { removeRemoteCopy } from './removeRemoteCopy';
import { SyncActivity, SyncActivityRecorder } from './SyncActivityRecorder';

/** Options of {@link CopySyncer}. */
export interface CopySyncerOptions {
  store: SyncedCopyStore;
  cloudStorage: CloudStorageService;
  catalog: CatalogService;
  auth: AuthService;
  sources: AccountSource[];
  activities: SyncActivityRecorder;
  config: PluginConfig;
  /** Lease owner id of this backend instance. */
  owner: string;
  logger: LoggerService;
}

/** Outcome of the re-sync of a claimed copy. */
export type SyncOutcome =
  | 'synced'
  | 'failed'
  | 'paused'
  | 'stopped'
  | 'deleted';

/** History reasons of the re-syncs, by what made them pending. */
const RESYNC_REASONS: Record<SyncReason, string> = {
  'account-change': 'automatic re-sync after account change',
  'sync-now': 're-sync requested by the user',
  'catalog-check': 'automatic re-sync after a catalog check',
};

/**
 * Re-syncs one claimed copy: checks the catalog, reads fresh accounts,
 * re-encrypts them with the copy's content key and uploads the file, or
 * deletes or stops a copy whose entities left the catalog. Failures of the
 * re-sync are stored on the copy rather than thrown.
 */
export class CopySyncer {
  readonly #options: CopySyncerOptions;

  constructor(options: CopySyncerOptions) {
    this.#options = options;
  }

  async sync(
    claim: ClaimedCopy,
    options: { signal: AbortSignal; request?: Request },
  ): Promise<SyncOutcome> {
    const { copy } = claim;
    let resources: Entity[];
    try {
      const lookup = await this.#lookUpEntities(copy);
      if (lookup.missing.length > 0) {
        return await this.#handleOrphan(claim, lookup.missing, options.signal);
      }
      resources = lookup.resources;
    } catch (error) {
      const activity = await this.#startResync(copy, options.request);
      return this.#recordFailure(copy, activity, error);
    }

    if (isAccessStale(copy, this.#options.config.resync.accessMaxAgeMs)) {
      return this.#pauseForAccessConfirmation(copy);
    }

    const activity = await this.#startResync(copy, options.request);
    let accountCount = 0;
    try {
      const target = await this.#options.cloudStorage.resolveExportTarget(
        copy.providerId,
        copy.userEntityRef,
      );

      // The user is not present, so the accounts are read with the plugin's
      // own credentials. The export policy allowed the copy for the user
      // within resync.accessMaxAge: at export, or when the user last opened
      // the synced copies page, where a copy it no longer allows stops.
      const validAsOf = new Date();
      const accounts = await collectAccounts({
        entities: resources,
        sources: this.#options.sources,
        credentials: await this.#options.auth.getOwnServiceCredentials(),
        userEntityRef: copy.userEntityRef,
        logger: this.#logger(copy),
      });
      accountCount = countAccounts(accounts);

      const exportedAt = new Date();
      const encrypted = await reencryptExport(
        buildExportPayload(
          {
            exportedBy: copy.userEntityRef,
            exportedAt,
            validAsOf,
            portal: this.#options.config.portalTitle,
            staleAfterDays: this.#options.config.staleAfterDays,
          },
          accounts,
        ),
        claim.contentKey,
      );

      const uploaded = await this.#options.cloudStorage.upload(
        target,
        buildUploadFile({
          name: copy.fileName,
          content: encrypted.html,
          sha256: encrypted.sha256,
          contentType: ENCRYPTED_HTML_CONTENT_TYPE,
          exportId: activity.id,
          exportedBy: copy.userEntityRef,
          exportedAt,
        }),
        {
          userEntityRef: copy.userEntityRef,
          exportId: activity.id,
          signal: options.signal,
        },
      );

      const completed = await this.#options.store.completeSync(
        copy.id,
        this.#options.owner,
        {
          syncedSeq: copy.changeSeq,
          sha256: encrypted.sha256,
          location: uploaded.location,
          remoteId: uploaded.remoteId,
          syncedAt: new Date(),
        },
      );
      await activity.succeed({
        sha256: encrypted.sha256,
        accountCount,
        location: uploaded.location,
      });
      if (!completed) {
        await this.#afterLostLease(copy, options.signal);
      }
      this.#logger(copy).info(
        `Re-synced ${accountCount} account(s) of ${copy.entityRefs.length} resource(s) to ${copy.providerId}`,
        { sha256: encrypted.sha256, changeSeq: copy.changeSeq },
      );
      return 'synced';
    } catch (error) {
      return this.#recordFailure(copy, activity, error, accountCount);
    }
  }

  /**
   * Pauses a copy whose user has not confirmed access within the maximum
   * age. Opening the synced copies page evaluates the policy again and
   * resumes it.
   */
  async #pauseForAccessConfirmation(
    copy: SyncedCopyRecord,
  ): Promise<SyncOutcome> {
    const confirmedOn = copy.accessConfirmedAt.slice(0, 10);
    await this.#options.store.pauseSync(
      copy.id,
      this.#options.owner,
      `Re-syncs wait for you to confirm your access, last confirmed on ${confirmedOn}: open My synced copies in the portal`,
    );
    this.#logger(copy).info(
      'Paused a synced copy until its user confirms access',
      { accessConfirmedAt: copy.accessConfirmedAt },
    );
    return 'paused';
  }

  /**
   * Records the failed re-sync of a copy that was claimed but whose content
   * key cannot be decrypted. It is retried with backoff, because restoring
   * the key in the configuration fixes it.
   */
  async failWithoutContentKey(
    error: ContentKeyUnavailableError,
    options: { request?: Request },
  ): Promise<SyncOutcome> {
    const { copy, keyId } = error;
    this.#logger(copy).error(
      `Cannot decrypt the content key of a synced copy: it was sealed with key ${keyId}`,
      error,
    );
    const activity = await this.#startResync(copy, options.request);
    return this.#recordFailure(
      copy,
      activity,
      new ServiceUnavailableError(
        `The content key of this copy was encrypted with key "${keyId}", which this backend cannot use: restore that key in passwordExport.encryption.keys, or export the resources again to keep a new copy up to date`,
      ),
    );
  }

  #logger(copy: SyncedCopyRecord): LoggerService {
    return this.#options.logger.child({
      syncedCopyId: copy.id,
      providerId: copy.providerId,
      userEntityRef: copy.userEntityRef,
    });
  }

  async #startResync(
    copy: SyncedCopyRecord,
    request: Request | undefined,
  ): Promise<SyncActivity> {
    return this.#options.activities.start({
      action: 'resync',
      copy,
      reason: RESYNC_REASONS[copy.pendingReason ?? 'account-change'],
      request,
    });
  }

  /**
   * Looks up the copy's resources, and its user when the user entity was in
   * the catalog at export, with the plugin's service credentials.
   */
  async #lookUpEntities(
    copy: SyncedCopyRecord,
  ): Promise<{ resources: Entity[]; missing: string[] }> {
    const refs = listEntityRefsToCheck(copy);
    const { items } = await this.#options.catalog.getEntitiesByRefs(
      { entityRefs: refs },
      { credentials: await this.#options.auth.getOwnServiceCredentials() },
    );

    const missing = refs.filter((_, index) => !items[index]);
    const resources = items.slice(refs.length - copy.entityRefs.length);
    return { resources: resources as Entity[], missing };
  }

  /**
   * Deletes the remote file and the record of a copy whose entities left the
   * catalog, or only stops it when `deleteOrphanedCopies` is off or the
   * file cannot be deleted until the user or an admin fixes the connection.
   */
  async #handleOrphan(
    claim: ClaimedCopy,
    missing: string[],
    signal: AbortSignal,
  ): Promise<SyncOutcome> {
    const { copy } = claim;
    const { store, activities, cloudStorage, config } = this.#options;
    const absence = `${missing.join(', ')} ${
      missing.length === 1 ? 'is' : 'are'
    } no longer in the catalog`;
    this.#logger(copy).info(`Synced copy is orphaned: ${absence}`);

    if (!config.resync.deleteOrphanedCopies) {
      return this.#stopOrphan(copy, absence);
    }

    const activity = await activities.start({
      action: 'delete',
      copy,
      reason: `remote copy deleted automatically because ${absence}`,
    });
    try {
      await removeRemoteCopy(cloudStorage, copy, signal);
      await store.deleteCopy(copy.id);
      await activity.succeed({ location: copy.location });
      return 'deleted';
    } catch (error) {
      if (await this.#findConnectionProblem(copy).catch(() => undefined)) {
        // Pausing would keep the content key of an orphan until the user
        // reconnects, which may never happen when the user left.
        await activity.fail(error);
        return this.#stopOrphan(
          copy,
          `${absence} and the remote file could not be deleted`,
        );
      }
      // The copy stays claimable, so the deletion is retried with backoff.
      return this.#recordFailure(copy, activity, error);
    }
  }

  async #stopOrphan(
    copy: SyncedCopyRecord,
    cause: string,
  ): Promise<SyncOutcome> {
    const activity = await this.#options.activities.start({
      action: 'stop',
      copy,
      reason: `stopped automatically because ${cause}`,
    });
    await this.#options.store.stopCopy(copy.id);
    await activity.succeed({ location: copy.location });
    return 'stopped';
  }

  /**
   * Stores a failure on the copy, which stays pending. A copy whose
   * connection or provider needs the user or an admin is paused until the
   * scheduled pass finds it usable again. Any other failure is retried with
   * exponential backoff.
   */
  async #recordFailure(
    copy: SyncedCopyRecord,
    activity: SyncActivity,
    error: unknown,
    accountCount?: number,
  ): Promise<SyncOutcome> {
    const { store, owner, config } = this.#options;
    const logger = this.#logger(copy);
    logger.warn('Re-sync of a synced copy failed', error as Error);

    try {
      const blocker = await this.#findConnectionProblem(copy);
      if (blocker) {
        await store.pauseSync(
          copy.id,
          owner,
          `${blocker.replace(/\.$/, '')}; syncing resumes after that`,
        );
        await activity.fail(error, { accountCount });
        return 'paused';
      }

      const attemptCount = copy.attemptCount + 1;
      const delayMs = computeRetryDelay(attemptCount, {
        initialDelayMs: config.resync.retryInitialDelayMs,
        maxDelayMs: config.resync.retryMaxDelayMs,
      });
      await store.failSync(copy.id, owner, {
        error: describeFailure(error, 're-sync'),
        attemptCount,
        nextAttemptAt: new Date(Date.now() + delayMs),
      });
      await activity.fail(error, { accountCount });
      logger.info(`Retrying the re-sync in ${delayMs} ms`, { attemptCount });
      return 'failed';
    } catch (recordError) {
      // The lease expires on its own, after which the copy is retried.
      logger.error('Failed to record a failed re-sync', recordError as Error);
      return 'failed';
    }
  }

  /**
   * Returns the message of a problem that only the user or an admin can
   * fix, such as a connection marked reconnect-needed or a disabled
   * provider, or undefined when the connection is usable.
   */
  async #findConnectionProblem(
    copy: SyncedCopyRecord,
  ): Promise<string | undefined> {
    try {
      await this.#options.cloudStorage.resolveExportTarget(
        copy.providerId,
        copy.userEntityRef,
      );
      return undefined;
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'InputError' || name === 'NotFoundError') {
        return (error as Error).message;
      }
      throw error;
    }
  }

  /**
   * Handles an upload whose lease was lost meanwhile: the copy was stopped,
   * deleted or replaced by a new export while the file was uploading.
   */
  async #afterLostLease(
    copy: SyncedCopyRecord,
    signal: AbortSignal,
  ): Promise<void> {
    const { store, cloudStorage } = this.#options;
    const logger = this.#logger(copy);
    const current = await store.getCopy(copy.id);

    if (!current) {
      // The upload may have landed after the user deleted the file.
      logger.info(
        'Synced copy was deleted during its re-sync; removing the file again',
      );
      await removeRemoteCopy(cloudStorage, copy, signal).catch(error =>
        logger.warn(
          'Failed to remove the file of a deleted synced copy',
          error,
        ),
      );
      return;
    }
    if (current.keepUpToDate) {
      // A new export may have replaced the file and its key before this
      // upload landed, so the file is built again with the current key.
      logger.info('Synced copy changed during its re-sync; syncing it again');
      await store.requestSync(copy.id, new Date(), 'account-change');
    }
  }
}
