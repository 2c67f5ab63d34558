import { Knex } from 'knex';
import { ExportHistoryEntry, ExportHistoryStore } from './ExportHistoryStore';
import { toIsoTimestamp } from './toIsoTimestamp';

const TABLE = 'export_history';

interface ExportHistoryRow {
  id: string;
  user_entity_ref: string;
  entity_refs: string;
  format: string;
  destination: string;
  reason: string | null;
  sha256: string | null;
  outcome: string;
  account_count: number;
  created_at: Date | string;
}

/** {@link ExportHistoryStore} on the plugin's knex database. */
export class DatabaseExportHistoryStore implements ExportHistoryStore {
  readonly #db: Knex;

  static create(options: { client: Knex }) {
    return new DatabaseExportHistoryStore(options.client);
  }

  private constructor(db: Knex) {
    this.#db = db;
  }

  async addEntry(entry: ExportHistoryEntry): Promise<void> {
    await this.#db<ExportHistoryRow>(TABLE).insert({
      id: entry.id,
      user_entity_ref: entry.userEntityRef,
      entity_refs: JSON.stringify(entry.entityRefs),
      format: entry.format,
      destination: entry.destination,
      reason: entry.reason ?? null,
      sha256: entry.sha256 ?? null,
      outcome: entry.outcome,
      account_count: entry.accountCount,
      created_at: entry.createdAt,
    });
  }

  async listEntries(options: { limit: number }): Promise<ExportHistoryEntry[]> {
    const rows = await this.#db<ExportHistoryRow>(TABLE)
      .orderBy('created_at', 'desc')
      .limit(options.limit);

    return rows.map(row => ({
      id: row.id,
      userEntityRef: row.user_entity_ref,
      entityRefs: JSON.parse(row.entity_refs),
      format: row.format as ExportHistoryEntry['format'],
      destination: row.destination as ExportHistoryEntry['destination'],
      reason: row.reason ?? undefined,
      sha256: row.sha256 ?? undefined,
      outcome: row.outcome as ExportHistoryEntry['outcome'],
      accountCount: Number(row.account_count),
      createdAt: toIsoTimestamp(row.created_at),
    }));
  }
}
