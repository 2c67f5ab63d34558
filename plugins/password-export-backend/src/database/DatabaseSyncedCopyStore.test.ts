import { TestDatabases } from '@backstage/backend-test-utils';
import { ReusableContentKey } from '@internal/encrypted-html';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../encryption/SecretBox';
import { DatabaseSyncedCopyStore } from './DatabaseSyncedCopyStore';
import { MIGRATIONS_DIRECTORY } from './migrateDatabase';
import { ContentKeyUnavailableError, ExportedCopy } from './SyncedCopyStore';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ORDERS = 'resource:default/orders-db';
const CACHE = 'resource:default/cache';

/** A content key whose secret part is easy to search for in raw rows. */
const CONTENT_KEY: ReusableContentKey = {
  formatVersion: 1,
  key: Buffer.from('content-key-secret-bytes-0123456').toString('base64'),
  iterations: 100_000,
  salt: Buffer.alloc(16, 1).toString('base64'),
  wrapIv: Buffer.alloc(12, 2).toString('base64'),
  wrappedKey: Buffer.alloc(48, 3).toString('base64'),
};

const T0 = new Date('2026-12-04T12:00:00.000Z');

function at(offsetMs: number): Date {
  return new Date(T0.getTime() + offsetMs);
}

function exportedCopy(overrides: Partial<ExportedCopy> = {}): ExportedCopy {
  return {
    userEntityRef: ALICE,
    providerId: 's3',
    fileName: 'passwords-orders-db.html',
    entityRefs: [ORDERS],
    location: 's3://bucket/passwords-orders-db.html',
    remoteId: 'passwords-orders-db.html',
    sha256: 'a'.repeat(64),
    contentKey: CONTENT_KEY,
    checkUserEntity: true,
    exportedAt: T0,
    ...overrides,
  };
}

const due = (now: Date) => ({ now, pendingCutoff: at(-3_600_000), limit: 10 });

describe('DatabaseSyncedCopyStore', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: DatabaseSyncedCopyStore;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: MIGRATIONS_DIRECTORY });
      store = DatabaseSyncedCopyStore.create({
        client: knex,
        secretBox: SecretBox.create([{ id: 'k1', secret: randomBytes(32) }]),
      });
    });

    beforeEach(async () => {
      await knex('synced_copy_entities').delete();
      await knex('synced_copies').delete();
    });

    it('saves a copy with a sealed content key', async () => {
      const id = await store.saveExportedCopy(exportedCopy());

      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      const copy = await store.getCopy(id!);
      expect(copy).toMatchObject({
        userEntityRef: ALICE,
        providerId: 's3',
        entityRefs: [ORDERS],
        keepUpToDate: true,
        checkUserEntity: true,
        changeSeq: 0,
        syncedSeq: 0,
        paused: false,
        attemptCount: 0,
        lastSyncedAt: T0.toISOString(),
      });
      const rows = JSON.stringify(await knex('synced_copies'));
      expect(rows).not.toContain(CONTENT_KEY.key);
      expect(rows).toContain('"content_key_key_id":"k1"');
    });

    it('replaces the copy of the same file and keeps its id', async () => {
      const first = await store.saveExportedCopy(exportedCopy());
      await store.recordChange([ORDERS], { now: T0, dueAt: at(1000) });

      const second = await store.saveExportedCopy(
        exportedCopy({ sha256: 'b'.repeat(64), exportedAt: at(5000) }),
      );

      expect(second).toBe(first);
      const copy = await store.getCopy(first!);
      expect(copy?.lastSha256).toBe('b'.repeat(64));
      expect(copy?.changeSeq).toBe(copy?.syncedSeq);
      expect(await knex('synced_copies').pluck('id')).toEqual([first]);
    });

    it('saves concurrent exports of one file as one copy', async () => {
      const ids = await Promise.all(
        [1, 2, 3, 4].map(index =>
          store.saveExportedCopy(
            exportedCopy({ sha256: String(index).repeat(64) }),
          ),
        ),
      );

      expect(new Set(ids).size).toBe(1);
      expect(await knex('synced_copies').pluck('id')).toEqual([ids[0]]);
      expect(
        await knex('synced_copy_entities').where({ copy_id: ids[0] }),
      ).toHaveLength(1);
    });

    it('stops an existing copy when a new export is not kept', async () => {
      const id = await store.saveExportedCopy(exportedCopy());

      const result = await store.saveExportedCopy(
        exportedCopy({ contentKey: undefined }),
      );

      expect(result).toBe(id);
      const copy = await store.getCopy(id!);
      expect(copy?.keepUpToDate).toBe(false);
      const [row] = await knex('synced_copies').where({ id });
      expect(row.content_key_encrypted).toBeNull();
      expect(
        await store.saveExportedCopy(
          exportedCopy({ fileName: 'other.html', contentKey: undefined }),
        ),
      ).toBeUndefined();
    });

    it('debounces changes and finds copies by any entity', async () => {
      const both = await store.saveExportedCopy(
        exportedCopy({ fileName: 'both.html', entityRefs: [ORDERS, CACHE] }),
      );
      const cacheOnly = await store.saveExportedCopy(
        exportedCopy({ fileName: 'cache.html', entityRefs: [CACHE] }),
      );

      expect(
        await store.recordChange(['Resource:default/ORDERS-DB'], {
          now: T0,
          dueAt: at(1000),
        }),
      ).toBe(1);
      expect(await store.listDueCopyIds(due(at(999)))).toEqual([]);
      expect(await store.listDueCopyIds(due(at(1000)))).toEqual([both]);

      // A second change moves the due time: the burst syncs once, later.
      await store.recordChange([ORDERS], { now: at(500), dueAt: at(1500) });
      expect(await store.listDueCopyIds(due(at(1000)))).toEqual([]);
      expect(await store.findNextDueTime(60_000)).toEqual(at(1500));
      const copy = await store.getCopy(both!);
      expect(copy).toMatchObject({
        changeSeq: 2,
        syncedSeq: 0,
        pendingReason: 'account-change',
        pendingSince: T0.toISOString(),
      });
      expect((await store.getCopy(cacheOnly!))?.changeSeq).toBe(0);
    });

    it('makes a copy due after the maximum delay despite new changes', async () => {
      const id = await store.saveExportedCopy(exportedCopy());
      await store.recordChange([ORDERS], { now: T0, dueAt: at(60_000) });

      expect(
        await store.listDueCopyIds({
          now: at(10_000),
          pendingCutoff: at(0),
          limit: 10,
        }),
      ).toEqual([id]);
      expect(await store.findNextDueTime(5_000)).toEqual(at(5_000));
    });

    it('lets one owner claim a copy at a time', async () => {
      const id = (await store.saveExportedCopy(exportedCopy()))!;
      await store.recordChange([ORDERS], { now: T0, dueAt: T0 });
      const claimOptions = (owner: string, now: Date) => ({
        owner,
        now,
        pendingCutoff: at(-3_600_000),
        leaseExpiresAt: at(now.getTime() - T0.getTime() + 60_000),
      });

      const [first, second] = await Promise.all([
        store.claimCopy(id, claimOptions('replica-a', at(1))),
        store.claimCopy(id, claimOptions('replica-b', at(1))),
      ]);

      const claims = [first, second].filter(Boolean);
      expect(claims).toHaveLength(1);
      expect(claims[0]!.contentKey).toEqual(CONTENT_KEY);
      expect(claims[0]!.copy.changeSeq).toBe(1);
      expect(await store.listDueCopyIds(due(at(2)))).toEqual([]);
      // An expired lease can be taken over.
      const takeover = await store.claimCopy(
        id,
        claimOptions('replica-c', at(60_001)),
      );
      expect(takeover?.copy.leaseOwner).toBe('replica-c');
    });

    it('keeps changes made during an upload pending', async () => {
      const id = (await store.saveExportedCopy(exportedCopy()))!;
      await store.recordChange([ORDERS], { now: T0, dueAt: T0 });
      const claim = await store.claimCopy(id, {
        owner: 'replica-a',
        now: at(1),
        pendingCutoff: at(-1),
        leaseExpiresAt: at(60_000),
      });
      await store.recordChange([ORDERS], { now: at(2), dueAt: at(3) });

      const completed = await store.completeSync(id, 'replica-a', {
        syncedSeq: claim!.copy.changeSeq,
        sha256: 'c'.repeat(64),
        location: 's3://bucket/new',
        remoteId: 'new',
        syncedAt: at(4),
      });

      expect(completed).toBe(true);
      const copy = await store.getCopy(id);
      expect(copy).toMatchObject({
        changeSeq: 2,
        syncedSeq: 1,
        lastSha256: 'c'.repeat(64),
        remoteId: 'new',
        pendingSince: at(4).toISOString(),
      });
      expect(copy?.leaseOwner).toBeUndefined();
      expect(await store.listDueCopyIds(due(at(5)))).toEqual([id]);
    });

    it('records the outcome only for the lease owner', async () => {
      const id = (await store.saveExportedCopy(exportedCopy()))!;
      await store.recordChange([ORDERS], { now: T0, dueAt: T0 });
      await store.claimCopy(id, {
        owner: 'replica-a',
        now: at(1),
        pendingCutoff: at(-1),
        leaseExpiresAt: at(60_000),
      });

      expect(
        await store.completeSync(id, 'replica-b', {
          syncedSeq: 1,
          sha256: 'c'.repeat(64),
          location: 'x',
          remoteId: 'x',
          syncedAt: at(2),
        }),
      ).toBe(false);
      expect(
        await store.failSync(id, 'replica-a', {
          error: 'Bucket missing',
          attemptCount: 1,
          nextAttemptAt: at(30_000),
        }),
      ).toBe(true);

      const copy = await store.getCopy(id);
      expect(copy).toMatchObject({
        attemptCount: 1,
        lastError: 'Bucket missing',
        nextAttemptAt: at(30_000).toISOString(),
        syncedSeq: 0,
      });
      expect(await store.listDueCopyIds(due(at(29_999)))).toEqual([]);
      expect(await store.listDueCopyIds(due(at(30_000)))).toEqual([id]);
      expect(await store.findNextDueTime(3_600_000)).toEqual(at(30_000));
    });

    it('pauses, resumes and syncs on request', async () => {
      const id = (await store.saveExportedCopy(exportedCopy()))!;
      await store.recordChange([ORDERS], { now: T0, dueAt: T0 });
      await store.claimCopy(id, {
        owner: 'replica-a',
        now: at(1),
        pendingCutoff: at(-1),
        leaseExpiresAt: at(60_000),
      });

      expect(await store.pauseSync(id, 'replica-a', 'Reconnect S3')).toBe(true);
      expect(await store.listDueCopyIds(due(at(2)))).toEqual([]);
      expect((await store.listPausedCopies(10)).map(c => c.id)).toEqual([id]);
      expect(await store.resumeCopy(id, at(3))).toBe(true);
      expect(await store.resumeCopy(id, at(3))).toBe(false);
      expect(await store.listDueCopyIds(due(at(3)))).toEqual([id]);

      expect(await store.requestSync(id, at(4))).toBe(true);
      expect(await store.getCopy(id)).toMatchObject({
        changeSeq: 2,
        pendingReason: 'sync-now',
        dueAt: at(4).toISOString(),
      });
    });

    it('rotates paused copies by their last connection check', async () => {
      const ids: string[] = [];
      for (const user of [ALICE, BOB, 'user:default/carol']) {
        const id = (await store.saveExportedCopy(
          exportedCopy({ userEntityRef: user }),
        ))!;
        await store.recordChange([ORDERS], { now: T0, dueAt: T0 });
        await store.claimCopy(id, {
          owner: 'replica-a',
          now: at(1),
          pendingCutoff: at(-1),
          leaseExpiresAt: at(60_000),
        });
        await store.pauseSync(id, 'replica-a', 'Reconnect S3');
        ids.push(id);
      }
      const listIds = async () =>
        (await store.listPausedCopies(2)).map(copy => copy.id);

      const first = await listIds();
      await store.markConnectionChecked(first, new Date(Date.now() + 1000));
      const second = await listIds();

      expect(first).toEqual(ids.slice(0, 2));
      expect(second[0]).toBe(ids[2]);
      expect(second).toHaveLength(2);
    });

    it('rotates kept copies by their last catalog check', async () => {
      const aliceId = (await store.saveExportedCopy(exportedCopy()))!;
      const bobId = (await store.saveExportedCopy(
        exportedCopy({ userEntityRef: BOB }),
      ))!;
      const stoppedId = (await store.saveExportedCopy(
        exportedCopy({ fileName: 'passwords-cache.html' }),
      ))!;
      await store.stopCopy(stoppedId);
      await knex('synced_copies')
        .where({ id: bobId })
        .update({ created_at: at(-1000).toISOString() });
      const listIds = async () =>
        (await store.listCopiesForCatalogCheck(10)).map(copy => copy.id);

      const before = await listIds();
      await store.markCatalogChecked([bobId], at(1));
      const after = await listIds();

      expect(before).toEqual([bobId, aliceId]);
      expect(after).toEqual([aliceId, bobId]);
      expect((await store.getCopy(bobId))?.catalogCheckedAt).toBe(
        at(1).toISOString(),
      );
    });

    it('names the key of a content key it cannot open', async () => {
      const id = (await store.saveExportedCopy(exportedCopy()))!;
      await store.recordChange([ORDERS], { now: T0, dueAt: T0 });
      const rotated = DatabaseSyncedCopyStore.create({
        client: knex,
        secretBox: SecretBox.create([{ id: 'k2', secret: randomBytes(32) }]),
      });

      const claim = rotated.claimCopy(id, {
        owner: 'replica-a',
        now: at(1),
        pendingCutoff: at(-1),
        leaseExpiresAt: at(60_000),
      });

      await expect(claim).rejects.toBeInstanceOf(ContentKeyUnavailableError);
      await expect(claim).rejects.toMatchObject({
        keyId: 'k1',
        copy: expect.objectContaining({ id }),
      });
      // The lease stays with the caller, which records the failure.
      expect((await store.getCopy(id))?.leaseOwner).toBe('replica-a');
    });

    it('stops a copy and deletes its content key', async () => {
      const id = (await store.saveExportedCopy(exportedCopy()))!;
      await store.recordChange([ORDERS], { now: T0, dueAt: T0 });

      expect(await store.stopCopy(id)).toBe(true);

      const copy = await store.getCopy(id);
      expect(copy?.keepUpToDate).toBe(false);
      expect(copy?.syncedSeq).toBe(copy?.changeSeq);
      expect(await store.listDueCopyIds(due(at(1)))).toEqual([]);
      expect(await store.requestSync(id, at(1))).toBe(false);
      expect(await store.recordChange([ORDERS], { now: T0, dueAt: T0 })).toBe(
        0,
      );
      const [row] = await knex('synced_copies').where({ id });
      expect(row.content_key_encrypted).toBeNull();
      expect(await store.stopCopy('5d5c0a3e-0000-4000-8000-000000000000')).toBe(
        false,
      );
    });

    it('lists and deletes copies per user and provider', async () => {
      const aliceS3 = (await store.saveExportedCopy(exportedCopy()))!;
      const aliceBox = (await store.saveExportedCopy(
        exportedCopy({ providerId: 'box' }),
      ))!;
      await store.saveExportedCopy(exportedCopy({ userEntityRef: BOB }));

      expect((await store.listCopies(ALICE)).map(c => c.id).sort()).toEqual(
        [aliceS3, aliceBox].sort(),
      );
      expect(
        (await store.listCopiesOfProvider(ALICE, 'box')).map(c => c.id),
      ).toEqual([aliceBox]);

      expect(await store.deleteCopy(aliceBox)).toBe(true);
      expect(await store.deleteCopy(aliceBox)).toBe(false);
      expect(await store.getCopy(aliceBox)).toBeUndefined();
      expect(
        await knex('synced_copy_entities').where({ copy_id: aliceBox }),
      ).toEqual([]);
    });

    it('refuses a content key moved to another copy', async () => {
      const aliceId = (await store.saveExportedCopy(exportedCopy()))!;
      const bobId = (await store.saveExportedCopy(
        exportedCopy({ userEntityRef: BOB, contentKey: { ...CONTENT_KEY } }),
      ))!;
      const [aliceRow] = await knex('synced_copies').where({ id: aliceId });
      await knex('synced_copies')
        .where({ id: bobId })
        .update({ content_key_encrypted: aliceRow.content_key_encrypted });
      await store.recordChange([ORDERS], { now: T0, dueAt: T0 });

      await expect(
        store.claimCopy(bobId, {
          owner: 'replica-a',
          now: at(1),
          pendingCutoff: at(-1),
          leaseExpiresAt: at(60_000),
        }),
      ).rejects.toThrow('failed authentication');
    });
  });
});
