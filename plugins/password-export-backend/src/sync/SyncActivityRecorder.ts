import {
  AuditorService,
  AuditorServiceEvent,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import {
  ExportHistoryStore,
  ExportOutcome,
} from '../database/ExportHistoryStore';
import { SyncedCopyRecord } from '../database/SyncedCopyStore';
import { describeFailure } from '../export/describeFailure';

/** Kind of activity on a synced copy. */
export type SyncActivityAction = 'resync' | 'stop' | 'delete';

/** Results of a finished activity, for the history and the audit log. */
export interface SyncActivityDetails {
  sha256?: string;
  accountCount?: number;
  location?: string;
}

/** An activity that has started and is recorded when it ends. */
export interface SyncActivity {
  /** Id of the history entry, also sent as the file's `export-id`. */
  readonly id: string;
  succeed(details?: SyncActivityDetails): Promise<void>;
  fail(error: unknown, details?: SyncActivityDetails): Promise<void>;
}

/** Word for each action in the message of an unexpected failure. */
const OPERATION_NAMES = {
  resync: 're-sync',
  stop: 'stop',
  delete: 'deletion',
} as const;

const SEVERITY = {
  // A re-sync sends passwords out of the portal, as an export does.
  resync: 'high',
  stop: 'medium',
  delete: 'medium',
} as const;

/**
 * Records each re-sync, stop and deletion of a synced copy as an audit
 * event and a history entry: who, which copy, where, when, why, and the
 * SHA-256 of an uploaded file. Neither ever contains a secret.
 */
export class SyncActivityRecorder {
  readonly #auditor: AuditorService;
  readonly #history: ExportHistoryStore;
  readonly #logger: LoggerService;

  constructor(options: {
    auditor: AuditorService;
    history: ExportHistoryStore;
    logger: LoggerService;
  }) {
    this.#auditor = options.auditor;
    this.#history = options.history;
    this.#logger = options.logger;
  }

  /**
   * Starts an activity: creates its audit event, which records the HTTP
   * request when a user asked for it.
   *
   * @param options.reason - Why the activity happens, such as "automatic
   * re-sync after account change"; stored as the history entry's reason.
   */
  async start(options: {
    action: SyncActivityAction;
    copy: SyncedCopyRecord;
    reason: string;
    request?: Request;
    /** Whether a deletion removes only the record and keeps the file. */
    remoteFileKept?: boolean;
  }): Promise<SyncActivity> {
    const { action, copy, reason } = options;
    const id = randomUUID();
    const meta: JsonObject = {
      activityId: id,
      syncedCopyId: copy.id,
      userEntityRef: copy.userEntityRef,
      providerId: copy.providerId,
      entityRefs: copy.entityRefs,
      fileName: copy.fileName,
      reason,
      automatic: options.request === undefined,
    };
    if (options.remoteFileKept) {
      meta.remoteFileKept = true;
    }
    const event = await this.#auditor.createEvent({
      eventId: `synced-copy-${action}`,
      severityLevel: SEVERITY[action],
      request: options.request,
      meta,
    });

    const finish = async (
      outcome: ExportOutcome,
      details: SyncActivityDetails,
      error?: unknown,
    ) => {
      const message =
        error === undefined
          ? undefined
          : describeFailure(error, OPERATION_NAMES[action]);
      await this.#addHistoryEntry(id, {
        action,
        copy,
        reason,
        outcome,
        details,
        error: message,
      });
      await this.#finishEvent(event, meta, details, error, message);
    };

    return {
      id,
      succeed: details => finish('succeeded', details ?? {}),
      fail: (error, details) => finish('failed', details ?? {}, error),
    };
  }

  async #finishEvent(
    event: AuditorServiceEvent,
    meta: JsonObject,
    details: SyncActivityDetails,
    error: unknown,
    message: string | undefined,
  ): Promise<void> {
    const finalMeta: JsonObject = {
      ...meta,
      sha256: details.sha256 ?? null,
      accountCount: details.accountCount ?? null,
      location: details.location ?? null,
    };
    if (error === undefined) {
      await event.success({ meta: finalMeta });
      return;
    }
    await event.fail({
      error: error instanceof Error ? error : new Error(String(message)),
      meta: { ...finalMeta, error: message ?? null },
    });
  }

  async #addHistoryEntry(
    id: string,
    entry: {
      action: SyncActivityAction;
      copy: SyncedCopyRecord;
      reason: string;
      outcome: ExportOutcome;
      details: SyncActivityDetails;
      error?: string;
    },
  ): Promise<void> {
    const { copy, details } = entry;
    try {
      await this.#history.addEntry({
        id,
        action: entry.action,
        userEntityRef: copy.userEntityRef,
        entityRefs: copy.entityRefs,
        format: 'encrypted-html',
        destination: copy.providerId,
        reason: entry.reason,
        sha256: details.sha256,
        outcome: entry.outcome,
        accountCount: details.accountCount ?? 0,
        createdAt: new Date().toISOString(),
        location: details.location,
        error: entry.error,
      });
    } catch (error) {
      // The audit event still records the activity. Throwing here would
      // make a finished upload count as failed and run again.
      this.#logger
        .child({ syncedCopyId: copy.id, activityId: id })
        .error(
          `Failed to record the ${entry.action} of a synced copy in the history`,
          error as Error,
        );
    }
  }
}
