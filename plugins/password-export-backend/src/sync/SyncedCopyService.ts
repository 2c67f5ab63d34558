import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  ConflictError,
  ForwardedError,
  NotFoundError,
} from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { SyncedCopyView } from '@internal/backstage-plugin-password-export-common';
import { AccountSource } from '@internal/backstage-plugin-password-export-node';
import { ReusableContentKey } from '@internal/encrypted-html';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { ExportHistoryStore } from '../database/ExportHistoryStore';
import {
  ContentKeyUnavailableError,
  SyncedCopyRecord,
  SyncedCopyStore,
} from '../database/SyncedCopyStore';
import { CloudStorageService } from '../providers/CloudStorageService';
import { PROVIDER_OPERATION_TIMEOUT_MS } from '../providers/toBackstageError';
import { PluginConfig } from '../readPluginConfig';
import { CopySyncer, SyncOutcome } from './CopySyncer';
import { isAccessStale } from './isAccessStale';
import { listEntityRefsToCheck } from './listEntityRefsToCheck';
import { removeRemoteCopy } from './removeRemoteCopy';
import { ResyncTimer } from './ResyncTimer';
import { SyncActivityRecorder } from './SyncActivityRecorder';
import { toSyncedCopyView } from './toSyncedCopyView';

/**
 * Time a claimed copy stays leased to one instance. It covers the catalog
 * lookup, the account read and an upload, which gives up after
 * PROVIDER_OPERATION_TIMEOUT_MS; a crashed instance's copies are taken over
 * after it.
 */
const LEASE_MS = 2 * PROVIDER_OPERATION_TIMEOUT_MS + 60_000;

/** Number of due copies read from the database at a time. */
const DUE_BATCH_SIZE = 20;

/**
 * Time between the scheduled catalog check that finds a copy's entity gone
 * and the re-sync that looks again before it deletes or stops the copy.
 */
export const ORPHAN_GRACE_MS = 10 * 60_000;

/**
 * Number of paused copies whose connection each pass checks, those checked
 * longest ago first, so every paused copy is checked within
 * ceil(paused copies / PAUSED_BATCH_SIZE) passes.
 */
const PAUSED_BATCH_SIZE = 100;

/**
 * Number of kept copies whose entities each pass looks up in the catalog,
 * in one catalog request, those checked longest ago first.
 */
const CATALOG_CHECK_BATCH_SIZE = 50;

/** Shortest wait of the timer, so that copies leased elsewhere cannot make it spin. */
const MIN_TIMER_DELAY_MS = 1000;

/**
 * Canonicalizes the entity reference of a change report.
 *
 * @throws TypeError naming the value when it is not an entity reference.
 */
function toCanonicalEntityRef(entityRef: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(entityRef));
  } catch {
    throw new TypeError(
      `Invalid entity reference "${entityRef}" in a change report; expected a reference such as resource:default/orders-db`,
    );
  }
}

/** Options of {@link SyncedCopyService.create}. */
export interface SyncedCopyServiceOptions {
  store: SyncedCopyStore;
  history: ExportHistoryStore;
  cloudStorage: CloudStorageService;
  catalog: CatalogService;
  auth: AuthService;
  auditor: AuditorService;
  sources: AccountSource[];
  config: PluginConfig;
  logger: LoggerService;
  /** Lease owner id of this instance; a random UUID by default. */
  instanceId?: string;
}

/** A file that an export just uploaded. */
export interface RecordedExport {
  userEntityRef: string;
  providerId: string;
  fileName: string;
  entityRefs: string[];
  location: string;
  remoteId: string;
  sha256: string;
  /** The file's content key when it is kept up to date; absent otherwise. */
  contentKey?: ReusableContentKey;
  exportedAt: Date;
  /** Reason the user gave for the export. */
  reason?: string;
}

/** Result of {@link SyncedCopyService.syncNow}. */
export interface SyncNowResult {
  view: SyncedCopyView;
  /** False when another instance is syncing the copy already. */
  finished: boolean;
}

/**
 * Keeps synced copies current: records them at export, schedules their
 * re-sync when accounts change, runs due re-syncs once across backend
 * instances, and serves the users' operations on their copies.
 *
 * @remarks
 *
 * Every scheduled re-sync is stored in the database. The in-process timer
 * of the instance that saw a change only starts the re-sync sooner than the
 * scheduled pass would.
 */
export class SyncedCopyService {
  readonly #options: SyncedCopyServiceOptions;
  readonly #owner: string;
  readonly #activities: SyncActivityRecorder;
  readonly #syncer: CopySyncer;
  readonly #timer: ResyncTimer;
  readonly #shutdown = new AbortController();
  /** Passes of this instance run one after another. */
  #passQueue: Promise<unknown> = Promise.resolve();

  static create(options: SyncedCopyServiceOptions): SyncedCopyService {
    return new SyncedCopyService(options);
  }

  private constructor(options: SyncedCopyServiceOptions) {
    this.#options = options;
    this.#owner = options.instanceId ?? randomUUID();
    this.#activities = new SyncActivityRecorder({
      auditor: options.auditor,
      history: options.history,
      logger: options.logger,
    });
    this.#syncer = new CopySyncer({
      store: options.store,
      cloudStorage: options.cloudStorage,
      catalog: options.catalog,
      auth: options.auth,
      sources: options.sources,
      activities: this.#activities,
      config: options.config,
      owner: this.#owner,
      logger: options.logger,
    });
    this.#timer = new ResyncTimer(() => {
      this.runDueSyncs().catch(error =>
        options.logger.error('Re-sync pass failed', error),
      );
    });
  }

  /** Arms the timer for copies that are already pending. */
  async start(): Promise<void> {
    await this.#armTimerForNextDue();
  }

  /** Stops the timer and waits for the running pass, whose uploads abort. */
  async shutdown(): Promise<void> {
    this.#timer.cancel();
    this.#shutdown.abort(new Error('The backend is shutting down'));
    await this.#passQueue.catch(() => undefined);
  }

  /**
   * Records a file that an export uploaded. Without a content key, an
   * earlier copy of the same file is stopped, because re-syncing it with the
   * old key would replace the new file with one for the old passphrase.
   *
   * @returns the id of the copy when it is kept up to date.
   */
  async recordExport(exported: RecordedExport): Promise<string | undefined> {
    const { store } = this.#options;
    const previous = exported.contentKey
      ? undefined
      : (
          await store.listCopiesOfProvider(
            exported.userEntityRef,
            exported.providerId,
          )
        ).find(copy => copy.fileName === exported.fileName);

    const checkUserEntity = await this.#isInCatalog(exported.userEntityRef);
    const id = await store.saveExportedCopy({ ...exported, checkUserEntity });
    if (exported.contentKey) {
      return id;
    }

    if (previous?.keepUpToDate) {
      const activity = await this.#activities.start({
        action: 'stop',
        copy: previous,
        reason:
          'stopped because a new export of the file is not kept up to date',
      });
      await activity.succeed({ location: exported.location });
    }
    return undefined;
  }

  /**
   * Schedules the re-sync of every kept copy that covers an entity, after
   * the debounce time.
   *
   * @throws TypeError when `entityRef` is not a valid entity reference.
   */
  async reportChange(entityRef: string): Promise<void> {
    const canonicalRef = toCanonicalEntityRef(entityRef);
    const { debounceMs } = this.#options.config.resync;
    const now = new Date();
    const dueAt = new Date(now.getTime() + debounceMs);

    const count = await this.#options.store.recordChange([canonicalRef], {
      now,
      dueAt,
    });
    if (count > 0) {
      this.#options.logger.debug(
        `Scheduled the re-sync of ${count} synced copies of ${canonicalRef}`,
        { dueAt: dueAt.toISOString() },
      );
      this.#timer.schedule(dueAt);
    }
  }

  /** Lists the copies of a user, newest first. */
  async listCopies(userEntityRef: string): Promise<SyncedCopyView[]> {
    const copies = await this.#options.store.listCopies(userEntityRef);
    return copies.map(copy => this.#toView(copy));
  }

  /**
   * Re-syncs a copy of the user now, in this request. Returns without
   * syncing when another instance holds the copy's lease.
   *
   * @throws NotFoundError when the user has no such copy, ConflictError when
   * it is stopped.
   */
  async syncNow(
    userEntityRef: string,
    copyId: string,
    request?: Request,
  ): Promise<SyncNowResult> {
    const copy = await this.#getOwnCopy(userEntityRef, copyId);
    if (!copy.keepUpToDate) {
      throw new ConflictError(
        `Synced copy ${copyId} is stopped and its content key is deleted, so it cannot be re-encrypted; export the resources again to keep a new copy up to date`,
      );
    }

    await this.#options.store.requestSync(copy.id, new Date());
    const outcome = await this.#syncIfDue(copy.id, request);
    const updated = await this.#options.store.getCopy(copy.id);
    if (!updated) {
      throw new NotFoundError(
        `Synced copy ${copyId} was deleted because its user or resources are no longer in the catalog`,
      );
    }
    return { view: this.#toView(updated), finished: outcome !== undefined };
  }

  /**
   * Stops keeping a copy of the user up to date and deletes its content
   * key. Stopping a stopped copy changes nothing.
   *
   * @throws NotFoundError when the user has no such copy.
   */
  async stopCopy(
    userEntityRef: string,
    copyId: string,
    request?: Request,
  ): Promise<SyncedCopyView> {
    const copy = await this.#getOwnCopy(userEntityRef, copyId);
    if (copy.keepUpToDate) {
      await this.#stop(copy, 'stopped by the user', request);
    }
    return this.#toView((await this.#options.store.getCopy(copy.id)) ?? copy);
  }

  /**
   * Deletes the remote file of a copy of the user, then its record.
   *
   * @throws NotFoundError when the user has no such copy; the provider's
   * failure when the file could not be deleted, in which case the record
   * stays.
   */
  async deleteCopy(
    userEntityRef: string,
    copyId: string,
    request?: Request,
  ): Promise<void> {
    const copy = await this.#getOwnCopy(userEntityRef, copyId);
    await this.#delete(copy, 'deleted by the user', request);
  }

  /**
   * Deletes the record of a copy of the user and keeps its remote file,
   * which the backend then no longer updates or deletes. Allowed for a
   * stopped copy, and for a kept copy whose provider the user has no
   * connection to, since neither can change the file any more.
   *
   * @throws NotFoundError when the user has no such copy, ConflictError
   * when the copy is kept up to date through a connection.
   */
  async forgetCopy(
    userEntityRef: string,
    copyId: string,
    request?: Request,
  ): Promise<void> {
    const copy = await this.#getOwnCopy(userEntityRef, copyId);
    if (
      copy.keepUpToDate &&
      (await this.#hasConnection(userEntityRef, copy.providerId))
    ) {
      throw new ConflictError(
        `Synced copy ${copyId} is still kept up to date through your ${this.#providerTitle(
          copy.providerId,
        )} connection; stop it first to keep its remote file, or delete the remote file with it`,
      );
    }

    const activity = await this.#activities.start({
      action: 'delete',
      copy,
      reason: 'removed from the list by the user; the remote file was kept',
      request,
      remoteFileKept: true,
    });
    try {
      await this.#options.store.deleteCopy(copy.id);
    } catch (error) {
      await activity.fail(error);
      throw error;
    }
    await activity.succeed({ location: copy.location });
  }

  /**
   * Deletes the remote files and records of every copy a user has on a
   * provider, for a disconnection with `deleteCopies=true`. Call it before
   * the connection is deleted, because the files can only be deleted with
   * it.
   *
   * @returns the number of copies deleted.
   * @throws the first failure, after trying every copy; the copies that
   * failed keep their records.
   */
  async deleteCopiesOfProvider(
    userEntityRef: string,
    providerId: string,
    request?: Request,
  ): Promise<number> {
    const copies = await this.#options.store.listCopiesOfProvider(
      userEntityRef,
      providerId,
    );
    const title = this.#providerTitle(providerId);
    const failures: Array<{ copy: SyncedCopyRecord; error: Error }> = [];

    for (const copy of copies) {
      try {
        await this.#delete(
          copy,
          `deleted when disconnecting ${title}`,
          request,
        );
      } catch (error) {
        failures.push({ copy, error: error as Error });
      }
    }

    if (failures.length > 0) {
      const [{ copy, error }] = failures;
      throw new ForwardedError(
        `Deleted ${copies.length - failures.length} of ${
          copies.length
        } synced copies in ${title}; deleting ${copy.fileName} failed`,
        error,
      );
    }
    return copies.length;
  }

  /**
   * Stops every kept copy a user has on a provider, for a disconnection that
   * keeps the remote files: without a connection they cannot be synced.
   *
   * @returns the number of copies stopped.
   */
  async stopCopiesOfProvider(
    userEntityRef: string,
    providerId: string,
    request?: Request,
  ): Promise<number> {
    const copies = await this.#options.store.listCopiesOfProvider(
      userEntityRef,
      providerId,
    );
    const title = this.#providerTitle(providerId);
    const keptCopies = copies.filter(copy => copy.keepUpToDate);
    for (const copy of keptCopies) {
      await this.#stop(
        copy,
        `stopped because ${title} was disconnected`,
        request,
      );
    }
    return keptCopies.length;
  }

  /**
   * Evaluates the export policy again for the user's kept copies, while the
   * user is present: a copy it still allows is confirmed and resumes if it
   * waited for that, a copy it no longer allows stops.
   *
   * @param findDenial - returns why the policy denies a copy, or undefined.
   * @param copyId - confirms only this copy when given.
   */
  async confirmAccess(
    userEntityRef: string,
    findDenial: (copy: SyncedCopyRecord) => Promise<string | undefined>,
    request?: Request,
    copyId?: string,
  ): Promise<void> {
    const { store, config } = this.#options;
    const copies = (await store.listCopies(userEntityRef)).filter(
      copy => copy.keepUpToDate && (copyId === undefined || copy.id === copyId),
    );

    for (const copy of copies) {
      let denial: string | undefined;
      try {
        denial = await findDenial(copy);
      } catch (error) {
        // The copy keeps its state and is confirmed at a later visit.
        this.#options.logger
          .child({ syncedCopyId: copy.id, userEntityRef })
          .warn('Failed to confirm access to a synced copy', error as Error);
        continue;
      }
      if (denial) {
        await this.#stop(
          copy,
          `Stopped because the export policy no longer allows it: ${denial}`,
          request,
        );
        continue;
      }
      const waited =
        copy.paused && isAccessStale(copy, config.resync.accessMaxAgeMs);
      const now = new Date();
      await store.confirmAccess(copy.id, now);
      if (waited && (await store.resumeCopy(copy.id, now))) {
        this.#timer.schedule(now);
      }
    }
  }

  /**
   * Runs every due re-sync that no other instance holds, after resuming
   * the paused copies whose connection is usable again and after marking
   * as due the copies whose entities left the catalog.
   *
   * @returns the number of copies this instance processed.
   */
  async runDueSyncs(signal?: AbortSignal): Promise<number> {
    const pass = this.#passQueue.then(() => this.#runPass(signal));
    this.#passQueue = pass.catch(() => undefined);
    return pass;
  }

  async #runPass(signal?: AbortSignal): Promise<number> {
    const passSignal = signal
      ? AbortSignal.any([signal, this.#shutdown.signal])
      : this.#shutdown.signal;
    await this.#resumeUsableCopies();
    await this.#checkCatalog();

    let processed = 0;
    while (!passSignal.aborted) {
      const now = new Date();
      const ids = await this.#options.store.listDueCopyIds({
        now,
        pendingCutoff: this.#pendingCutoff(now),
        limit: DUE_BATCH_SIZE,
      });
      let claimed = 0;
      for (const id of ids) {
        if (passSignal.aborted) {
          break;
        }
        if ((await this.#syncIfDue(id, undefined, passSignal)) !== undefined) {
          claimed += 1;
        }
      }
      processed += claimed;
      // Copies that other instances claimed first are theirs to finish.
      if (claimed === 0) {
        break;
      }
    }

    if (!passSignal.aborted) {
      await this.#armTimerForNextDue();
    }
    return processed;
  }

  /** Claims a copy and re-syncs it; undefined when it was not claimable. */
  async #syncIfDue(
    id: string,
    request?: Request,
    signal: AbortSignal = this.#shutdown.signal,
  ): Promise<SyncOutcome | undefined> {
    const now = new Date();
    try {
      const claim = await this.#options.store.claimCopy(id, {
        owner: this.#owner,
        now,
        pendingCutoff: this.#pendingCutoff(now),
        leaseExpiresAt: new Date(now.getTime() + LEASE_MS),
      });
      if (!claim) {
        return undefined;
      }
      return await this.#syncer.sync(claim, { signal, request });
    } catch (error) {
      if (error instanceof ContentKeyUnavailableError) {
        return this.#syncer.failWithoutContentKey(error, { request });
      }
      // The lease expires on its own, after which the copy is retried.
      this.#options.logger
        .child({ syncedCopyId: id })
        .error('Re-sync of a synced copy failed unexpectedly', error as Error);
      return 'failed';
    }
  }

  /**
   * Resumes paused copies whose provider and connection are usable again.
   * The others are marked as checked, so that the next pass checks other
   * copies first.
   */
  async #resumeUsableCopies(): Promise<void> {
    const { store, cloudStorage } = this.#options;
    const copies = await store.listPausedCopies(PAUSED_BATCH_SIZE);
    // Copies of one user and provider share a connection.
    const usable = new Map<string, Promise<boolean>>();
    const blocked: string[] = [];

    for (const copy of copies) {
      const key = JSON.stringify([copy.providerId, copy.userEntityRef]);
      if (!usable.has(key)) {
        usable.set(
          key,
          cloudStorage
            .resolveExportTarget(copy.providerId, copy.userEntityRef)
            .then(
              () => true,
              () => false,
            ),
        );
      }
      // A copy waiting for its user to confirm access resumes only when the
      // user does, in confirmAccess.
      const waitsForUser = isAccessStale(
        copy,
        this.#options.config.resync.accessMaxAgeMs,
      );
      if (!waitsForUser && (await usable.get(key))) {
        await store.resumeCopy(copy.id, new Date());
      } else {
        blocked.push(copy.id);
      }
    }
    await store.markConnectionChecked(blocked, new Date());
  }

  /**
   * Looks up the entities of the kept copies checked longest ago, paused or
   * not, and marks the orphaned ones as due. Their re-sync then deletes or
   * stops them as it does after an account change.
   */
  async #checkCatalog(): Promise<void> {
    const { store, catalog, auth, logger } = this.#options;
    const copies = await store.listCopiesForCatalogCheck(
      CATALOG_CHECK_BATCH_SIZE,
    );
    if (copies.length === 0) {
      return;
    }

    const refs = [...new Set(copies.flatMap(listEntityRefsToCheck))];
    let present: Set<string>;
    try {
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: refs, fields: ['kind', 'metadata.name'] },
        { credentials: await auth.getOwnServiceCredentials() },
      );
      present = new Set(refs.filter((_, index) => items[index]));
    } catch (error) {
      // The same copies come first again at the next pass.
      logger.warn(
        `Failed to look up the entities of ${copies.length} synced copies in the catalog`,
        error as Error,
      );
      return;
    }

    const now = new Date();
    for (const copy of copies) {
      const orphaned = listEntityRefsToCheck(copy).some(
        ref => !present.has(ref),
      );
      // A pending copy that is not paused looks up its entities when it is
      // due; marking it again would skip its retry backoff.
      const pending = copy.changeSeq > copy.syncedSeq && !copy.paused;
      if (orphaned && !pending) {
        logger
          .child({ syncedCopyId: copy.id, userEntityRef: copy.userEntityRef })
          .info('Synced copy refers to entities that left the catalog');
        // The re-sync looks the entities up again after a grace period, so
        // that an entity provider that drops entities for a moment does not
        // delete files.
        await store.requestSync(
          copy.id,
          now,
          'catalog-check',
          new Date(now.getTime() + ORPHAN_GRACE_MS),
        );
      }
    }
    await store.markCatalogChecked(
      copies.map(copy => copy.id),
      now,
    );
  }

  async #armTimerForNextDue(): Promise<void> {
    const next = await this.#options.store.findNextDueTime(
      this.#options.config.resync.maxDelayMs,
    );
    if (next) {
      const earliest = Date.now() + MIN_TIMER_DELAY_MS;
      this.#timer.schedule(new Date(Math.max(next.getTime(), earliest)));
    }
  }

  #pendingCutoff(now: Date): Date {
    return new Date(now.getTime() - this.#options.config.resync.maxDelayMs);
  }

  async #stop(
    copy: SyncedCopyRecord,
    reason: string,
    request: Request | undefined,
  ): Promise<void> {
    const activity = await this.#activities.start({
      action: 'stop',
      copy,
      reason,
      request,
    });
    try {
      await this.#options.store.stopCopy(copy.id);
    } catch (error) {
      await activity.fail(error);
      throw error;
    }
    await activity.succeed({ location: copy.location });
  }

  async #delete(
    copy: SyncedCopyRecord,
    reason: string,
    request: Request | undefined,
  ): Promise<void> {
    const activity = await this.#activities.start({
      action: 'delete',
      copy,
      reason,
      request,
    });
    try {
      await removeRemoteCopy(
        this.#options.cloudStorage,
        copy,
        this.#shutdown.signal,
      );
      await this.#options.store.deleteCopy(copy.id);
    } catch (error) {
      await activity.fail(error);
      throw error;
    }
    await activity.succeed({ location: copy.location });
  }

  /**
   * Returns a copy of the user.
   *
   * @throws NotFoundError when there is no such copy or it belongs to
   * another user, without telling the two apart.
   */
  async #getOwnCopy(
    userEntityRef: string,
    copyId: string,
  ): Promise<SyncedCopyRecord> {
    const copy = await this.#options.store.getCopy(copyId);
    if (!copy || copy.userEntityRef !== userEntityRef) {
      throw new NotFoundError(`Synced copy ${copyId} not found`);
    }
    return copy;
  }

  /**
   * Tells whether a user entity is in the catalog, so that a re-sync can
   * tell a deleted user from one who never had an entity, such as a guest.
   */
  async #isInCatalog(userEntityRef: string): Promise<boolean> {
    try {
      const entity = await this.#options.catalog.getEntityByRef(userEntityRef, {
        credentials: await this.#options.auth.getOwnServiceCredentials(),
      });
      return entity !== undefined;
    } catch (error) {
      this.#options.logger.warn(
        `Failed to look up ${userEntityRef} in the catalog; re-syncs of the copy will not check that the user still exists`,
        error as Error,
      );
      return false;
    }
  }

  /** Tells whether the user has a connection to a provider, usable or not. */
  async #hasConnection(
    userEntityRef: string,
    providerId: string,
  ): Promise<boolean> {
    const views = await this.#options.cloudStorage.describeProviders(
      userEntityRef,
      true,
    );
    return views.some(
      view => view.id === providerId && view.connection !== undefined,
    );
  }

  #providerTitle(providerId: string): string {
    const provider = this.#options.cloudStorage
      .listProviders()
      .find(candidate => candidate.id === providerId);
    return provider?.title ?? providerId;
  }

  #toView(copy: SyncedCopyRecord): SyncedCopyView {
    return toSyncedCopyView(copy, {
      providerTitle: this.#providerTitle(copy.providerId),
      now: new Date(),
    });
  }
}
