import { ReusableContentKey } from '@internal/encrypted-html';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../encryption/SecretBox';
import {
  ClaimedCopy,
  ContentKeyUnavailableError,
  DueCopyQuery,
  ExportedCopy,
  SyncFailure,
  SyncReason,
  SyncSuccess,
  SyncedCopyRecord,
  SyncedCopyStore,
} from './SyncedCopyStore';
import { toIsoTimestamp } from './toIsoTimestamp';

const TABLE = 'synced_copies';
const ENTITIES_TABLE = 'synced_copy_entities';

type Timestamp = Date | string;

interface SyncedCopyRow {
  id: string;
  user_entity_ref: string;
  provider_id: string;
  file_name: string;
  entity_refs: string;
  location: string;
  remote_id: string;
  keep_up_to_date: boolean | number;
  content_key_encrypted: string | null;
  content_key_key_id: string | null;
  check_user_entity: boolean | number;
  change_seq: number | string;
  synced_seq: number | string;
  pending_reason: string | null;
  pending_since: Timestamp | null;
  due_at: Timestamp | null;
  attempt_count: number | string;
  next_attempt_at: Timestamp | null;
  last_error: string | null;
  paused: boolean | number;
  lease_owner: string | null;
  lease_expires_at: Timestamp | null;
  last_sha256: string | null;
  last_synced_at: Timestamp;
  catalog_checked_at?: Timestamp | null;
  access_confirmed_at?: Timestamp | null;
  reason?: string | null;
  connection_checked_at?: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/**
 * Context bound to a sealed content key. The copy's natural key is used
 * rather than its id, so that a key moved to the row of another user or
 * file fails to decrypt; JSON encoding keeps the parts apart.
 */
function secretContext(copy: {
  userEntityRef: string;
  providerId: string;
  fileName: string;
}): string {
  return `${TABLE}/${JSON.stringify([
    copy.userEntityRef,
    copy.providerId,
    copy.fileName,
  ])}`;
}

/**
 * Returns the form in which entity references are stored for lookup:
 * catalog references compare case-insensitively.
 */
export function toEntityLookupKey(entityRef: string): string {
  return entityRef.toLocaleLowerCase('en-US');
}

/** Rows per `whereIn`, well below the bound parameter limits of SQLite. */
const ID_BATCH_SIZE = 500;

function chunk(ids: string[]): string[][] {
  const batches: string[][] = [];
  for (let start = 0; start < ids.length; start += ID_BATCH_SIZE) {
    batches.push(ids.slice(start, start + ID_BATCH_SIZE));
  }
  return batches;
}

function optionalTimestamp(value: Timestamp | null): string | undefined {
  return value === null ? undefined : toIsoTimestamp(value);
}

function toRecord(row: SyncedCopyRow): SyncedCopyRecord {
  return {
    id: row.id,
    userEntityRef: row.user_entity_ref,
    providerId: row.provider_id,
    fileName: row.file_name,
    entityRefs: JSON.parse(row.entity_refs),
    location: row.location,
    remoteId: row.remote_id,
    keepUpToDate: Boolean(row.keep_up_to_date),
    checkUserEntity: Boolean(row.check_user_entity),
    changeSeq: Number(row.change_seq),
    syncedSeq: Number(row.synced_seq),
    pendingReason: (row.pending_reason ?? undefined) as SyncReason | undefined,
    pendingSince: optionalTimestamp(row.pending_since),
    dueAt: optionalTimestamp(row.due_at),
    attemptCount: Number(row.attempt_count),
    nextAttemptAt: optionalTimestamp(row.next_attempt_at),
    lastError: row.last_error ?? undefined,
    paused: Boolean(row.paused),
    leaseOwner: row.lease_owner ?? undefined,
    leaseExpiresAt: optionalTimestamp(row.lease_expires_at),
    lastSha256: row.last_sha256 ?? undefined,
    lastSyncedAt: toIsoTimestamp(row.last_synced_at),
    catalogCheckedAt: optionalTimestamp(row.catalog_checked_at ?? null),
    accessConfirmedAt: toIsoTimestamp(
      row.access_confirmed_at ?? row.created_at,
    ),
    reason: row.reason ?? undefined,
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
}

/**
 * {@link SyncedCopyStore} on the plugin's knex database.
 *
 * @remarks
 *
 * Timestamps are written as ISO 8601 strings in UTC, which PostgreSQL
 * parses and SQLite stores as text that sorts in time order, so the same
 * comparisons work on both.
 */
export class DatabaseSyncedCopyStore implements SyncedCopyStore {
  readonly #db: Knex;
  readonly #secretBox: SecretBox;

  static create(options: { client: Knex; secretBox: SecretBox }) {
    return new DatabaseSyncedCopyStore(options.client, options.secretBox);
  }

  private constructor(db: Knex, secretBox: SecretBox) {
    this.#db = db;
    this.#secretBox = secretBox;
  }

  async saveExportedCopy(copy: ExportedCopy): Promise<string | undefined> {
    const naturalKey = {
      user_entity_ref: copy.userEntityRef,
      provider_id: copy.providerId,
      file_name: copy.fileName,
    };
    if (!copy.contentKey) {
      const existing = await this.#db<SyncedCopyRow>(TABLE)
        .where(naturalKey)
        .first('id');
      if (!existing) {
        return undefined;
      }
    }

    const exportedAt = copy.exportedAt.toISOString();
    const state = {
      entity_refs: JSON.stringify(copy.entityRefs),
      location: copy.location,
      remote_id: copy.remoteId,
      keep_up_to_date: copy.contentKey !== undefined,
      ...this.#sealContentKey(copy, copy.contentKey),
      check_user_entity: copy.checkUserEntity,
      change_seq: 0,
      synced_seq: 0,
      pending_reason: null,
      pending_since: null,
      due_at: null,
      attempt_count: 0,
      next_attempt_at: null,
      last_error: null,
      paused: false,
      // A re-sync in flight loses its lease, so it cannot record an upload
      // made with the replaced key as current.
      lease_owner: null,
      lease_expires_at: null,
      last_sha256: copy.sha256,
      last_synced_at: exportedAt,
      access_confirmed_at: exportedAt,
      reason: copy.reason ?? null,
      updated_at: exportedAt,
    };
    const lookupKeys = [...new Set(copy.entityRefs.map(toEntityLookupKey))];

    // An upsert, so that concurrent exports of the same file, possibly on
    // different instances, both succeed and the last one wins.
    return this.#db.transaction(async trx => {
      await trx(TABLE)
        .insert({
          id: randomUUID(),
          ...naturalKey,
          ...state,
          created_at: exportedAt,
        })
        .onConflict(['user_entity_ref', 'provider_id', 'file_name'])
        .merge(Object.keys(state));
      const saved = await trx<SyncedCopyRow>(TABLE)
        .where(naturalKey)
        .first('id');
      const id = saved!.id;

      await trx(ENTITIES_TABLE)
        .where({ copy_id: id })
        .whereNotIn('entity_ref', lookupKeys)
        .delete();
      await trx(ENTITIES_TABLE)
        .insert(
          lookupKeys.map(entityRef => ({ copy_id: id, entity_ref: entityRef })),
        )
        .onConflict(['copy_id', 'entity_ref'])
        .ignore();
      return id;
    });
  }

  async getCopy(id: string): Promise<SyncedCopyRecord | undefined> {
    const row = await this.#db<SyncedCopyRow>(TABLE).where({ id }).first();
    return row ? toRecord(row) : undefined;
  }

  async listCopies(userEntityRef: string): Promise<SyncedCopyRecord[]> {
    const rows = await this.#db<SyncedCopyRow>(TABLE)
      .where({ user_entity_ref: userEntityRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'asc' },
      ]);
    return rows.map(toRecord);
  }

  async listCopiesOfProvider(
    userEntityRef: string,
    providerId: string,
  ): Promise<SyncedCopyRecord[]> {
    const rows = await this.#db<SyncedCopyRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .orderBy('created_at', 'asc');
    return rows.map(toRecord);
  }

  async recordChange(
    entityRefs: string[],
    options: { now: Date; dueAt: Date },
  ): Promise<number> {
    const now = options.now.toISOString();
    const copyIds = this.#db(ENTITIES_TABLE)
      .select('copy_id')
      .whereIn('entity_ref', [...new Set(entityRefs.map(toEntityLookupKey))]);

    await this.#db(TABLE)
      .whereIn('id', copyIds.clone())
      .where('keep_up_to_date', true)
      .whereNull('pending_since')
      .update({ pending_since: now });
    return this.#db(TABLE)
      .whereIn('id', copyIds.clone())
      .where('keep_up_to_date', true)
      .update({
        change_seq: this.#db.raw('change_seq + 1'),
        due_at: options.dueAt.toISOString(),
        pending_reason: 'account-change',
        updated_at: now,
      });
  }

  async requestSync(
    id: string,
    now: Date,
    reason: SyncReason = 'sync-now',
    dueAt: Date = now,
  ): Promise<boolean> {
    const nowIso = now.toISOString();
    // A later due time also counts as the start of the pending change, so
    // that the maximum delay of pending changes cannot make it due earlier.
    await this.#db(TABLE)
      .where({ id, keep_up_to_date: true })
      .whereNull('pending_since')
      .update({ pending_since: dueAt.toISOString() });
    const count = await this.#db(TABLE)
      .where({ id, keep_up_to_date: true })
      .update({
        change_seq: this.#db.raw('change_seq + 1'),
        due_at: dueAt.toISOString(),
        next_attempt_at: null,
        paused: false,
        pending_reason: reason,
        updated_at: nowIso,
      });
    return count > 0;
  }

  async listDueCopyIds(query: DueCopyQuery): Promise<string[]> {
    const rows = await this.#db<SyncedCopyRow>(TABLE)
      .where(builder => this.#whereDue(builder, query.now, query.pendingCutoff))
      .orderBy('due_at', 'asc')
      .limit(query.limit)
      .select('id');
    return rows.map(row => row.id);
  }

  async findNextDueTime(maxDelayMs: number): Promise<Date | undefined> {
    const rows = await this.#db<SyncedCopyRow>(TABLE)
      .where({ keep_up_to_date: true, paused: false })
      .where('change_seq', '>', this.#db.ref('synced_seq'))
      .orderBy('due_at', 'asc')
      .limit(100)
      .select('due_at', 'pending_since', 'next_attempt_at', 'lease_expires_at');

    let earliest: number | undefined;
    for (const row of rows) {
      const candidates = [
        row.due_at === null ? Infinity : Date.parse(toIsoTimestamp(row.due_at)),
      ];
      if (row.pending_since !== null) {
        candidates.push(
          Date.parse(toIsoTimestamp(row.pending_since)) + maxDelayMs,
        );
      }
      let time = Math.min(...candidates);
      for (const blocker of [row.next_attempt_at, row.lease_expires_at]) {
        if (blocker !== null) {
          time = Math.max(time, Date.parse(toIsoTimestamp(blocker)));
        }
      }
      if (
        Number.isFinite(time) &&
        (earliest === undefined || time < earliest)
      ) {
        earliest = time;
      }
    }
    return earliest === undefined ? undefined : new Date(earliest);
  }

  async claimCopy(
    id: string,
    options: {
      owner: string;
      leaseExpiresAt: Date;
      now: Date;
      pendingCutoff: Date;
    },
  ): Promise<ClaimedCopy | undefined> {
    const count = await this.#db(TABLE)
      .where({ id })
      .where(builder =>
        this.#whereDue(builder, options.now, options.pendingCutoff),
      )
      .update({
        lease_owner: options.owner,
        lease_expires_at: options.leaseExpiresAt.toISOString(),
        updated_at: options.now.toISOString(),
      });
    if (count === 0) {
      return undefined;
    }

    // Read after the claim: every change counted in change_seq here was
    // committed to its source before, so the accounts read next include it.
    const row = await this.#db<SyncedCopyRow>(TABLE)
      .where({ id, lease_owner: options.owner })
      .first();
    if (!row?.content_key_encrypted) {
      return undefined;
    }
    const copy = toRecord(row);
    return { copy, contentKey: this.#openContentKey(row, copy) };
  }

  /**
   * Decrypts the content key of a claimed copy.
   *
   * @throws ContentKeyUnavailableError naming the key that sealed it.
   */
  #openContentKey(
    row: SyncedCopyRow,
    copy: SyncedCopyRecord,
  ): ReusableContentKey {
    const sealed = row.content_key_encrypted!;
    try {
      return JSON.parse(this.#secretBox.open(sealed, secretContext(copy)));
    } catch (error) {
      const keyId =
        row.content_key_key_id ?? SecretBox.keyIdOf(sealed) ?? 'unknown';
      throw new ContentKeyUnavailableError(copy, keyId, error);
    }
  }

  async completeSync(
    id: string,
    owner: string,
    success: SyncSuccess,
  ): Promise<boolean> {
    const syncedAt = success.syncedAt.toISOString();
    const count = await this.#db(TABLE)
      .where({ id, lease_owner: owner })
      .update({
        synced_seq: success.syncedSeq,
        lease_owner: null,
        lease_expires_at: null,
        attempt_count: 0,
        next_attempt_at: null,
        last_error: null,
        paused: false,
        pending_since: null,
        last_sha256: success.sha256,
        last_synced_at: syncedAt,
        location: success.location,
        remote_id: success.remoteId,
        updated_at: syncedAt,
      });
    if (count === 0) {
      return false;
    }

    // Changes recorded during the upload keep the copy pending; they count
    // as pending from now on for the maximum delay.
    await this.#db(TABLE)
      .where({ id })
      .where('change_seq', '>', this.#db.ref('synced_seq'))
      .whereNull('pending_since')
      .update({ pending_since: syncedAt });
    return true;
  }

  async failSync(
    id: string,
    owner: string,
    failure: SyncFailure,
  ): Promise<boolean> {
    const count = await this.#db(TABLE)
      .where({ id, lease_owner: owner })
      .update({
        attempt_count: failure.attemptCount,
        next_attempt_at: failure.nextAttemptAt.toISOString(),
        last_error: failure.error.slice(0, 2000),
        lease_owner: null,
        lease_expires_at: null,
        updated_at: new Date().toISOString(),
      });
    return count > 0;
  }

  async pauseSync(id: string, owner: string, error: string): Promise<boolean> {
    const count = await this.#db(TABLE)
      .where({ id, lease_owner: owner })
      .update({
        paused: true,
        next_attempt_at: null,
        last_error: error.slice(0, 2000),
        lease_owner: null,
        lease_expires_at: null,
        // The failure that paused the copy was a check of its connection.
        connection_checked_at: new Date().toISOString(),
        updated_at: new Date().toISOString(),
      });
    return count > 0;
  }

  async listPausedCopies(limit: number): Promise<SyncedCopyRecord[]> {
    const rows = await this.#db<SyncedCopyRow>(TABLE)
      .where({ paused: true, keep_up_to_date: true })
      .orderByRaw('coalesce(??, ??) asc, ?? asc', [
        'connection_checked_at',
        'updated_at',
        'id',
      ])
      .limit(limit);
    return rows.map(toRecord);
  }

  async markConnectionChecked(ids: string[], now: Date): Promise<void> {
    for (const batch of chunk(ids)) {
      await this.#db(TABLE)
        .whereIn('id', batch)
        .where({ paused: true })
        .update({ connection_checked_at: now.toISOString() });
    }
  }

  async listCopiesForCatalogCheck(limit: number): Promise<SyncedCopyRecord[]> {
    const rows = await this.#db<SyncedCopyRow>(TABLE)
      .where({ keep_up_to_date: true })
      .orderByRaw('coalesce(??, ??) asc, ?? asc', [
        'catalog_checked_at',
        'created_at',
        'id',
      ])
      .limit(limit);
    return rows.map(toRecord);
  }

  async markCatalogChecked(ids: string[], now: Date): Promise<void> {
    for (const batch of chunk(ids)) {
      await this.#db(TABLE)
        .whereIn('id', batch)
        .update({ catalog_checked_at: now.toISOString() });
    }
  }

  async resumeCopy(id: string, now: Date): Promise<boolean> {
    const count = await this.#db(TABLE).where({ id, paused: true }).update({
      paused: false,
      due_at: now.toISOString(),
      next_attempt_at: null,
      updated_at: now.toISOString(),
    });
    return count > 0;
  }

  async stopCopy(id: string): Promise<boolean> {
    const count = await this.#db(TABLE)
      .where({ id })
      .update({
        keep_up_to_date: false,
        content_key_encrypted: null,
        content_key_key_id: null,
        synced_seq: this.#db.raw('change_seq'),
        pending_reason: null,
        pending_since: null,
        due_at: null,
        attempt_count: 0,
        next_attempt_at: null,
        last_error: null,
        paused: false,
        // An upload in flight then cannot record itself as current.
        lease_owner: null,
        lease_expires_at: null,
        updated_at: new Date().toISOString(),
      });
    return count > 0;
  }

  async deleteCopy(id: string): Promise<boolean> {
    return this.#db.transaction(async trx => {
      await trx(ENTITIES_TABLE).where({ copy_id: id }).delete();
      const count = await trx(TABLE).where({ id }).delete();
      return count > 0;
    });
  }

  /**
   * Adds the conditions of a due copy: kept, unpaused, pending, debounced
   * (or pending for too long), past its retry time and not leased.
   */
  #whereDue(builder: Knex.QueryBuilder, now: Date, pendingCutoff: Date) {
    const nowIso = now.toISOString();
    builder
      .where({ keep_up_to_date: true, paused: false })
      .where('change_seq', '>', this.#db.ref('synced_seq'))
      .where(due =>
        due
          .where('due_at', '<=', nowIso)
          .orWhere('pending_since', '<=', pendingCutoff.toISOString()),
      )
      .where(retry =>
        retry
          .whereNull('next_attempt_at')
          .orWhere('next_attempt_at', '<=', nowIso),
      )
      .where(lease =>
        lease
          .whereNull('lease_expires_at')
          .orWhere('lease_expires_at', '<=', nowIso),
      );
  }

  #sealContentKey(
    copy: ExportedCopy,
    contentKey: ReusableContentKey | undefined,
  ) {
    if (!contentKey) {
      return { content_key_encrypted: null, content_key_key_id: null };
    }
    return {
      content_key_encrypted: this.#secretBox.seal(
        JSON.stringify(contentKey),
        secretContext(copy),
      ),
      content_key_key_id: this.#secretBox.encryptionKeyId,
    };
  }

  async confirmAccess(id: string, at: Date): Promise<void> {
    await this.#db(TABLE)
      .where({ id })
      .update({ access_confirmed_at: at.toISOString() });
  }
}
