import { Knex } from 'knex';
import {
  ExportHistoryEntry,
  ExportHistoryQuery,
  ExportHistoryStore,
  HistoryAction,
} from './ExportHistoryStore';
import { toIsoTimestamp } from './toIsoTimestamp';

const TABLE = 'export_history';

interface ExportHistoryRow {
  id: string;
  action: string;
  user_entity_ref: string;
  entity_refs: string;
  format: string;
  destination: string;
  reason: string | null;
  sha256: string | null;
  outcome: string;
  account_count: number;
  created_at: Date | string;
  location: string | null;
  error: string | null;
}

/** Escapes the wildcards of a LIKE pattern; `\` is the escape character. */
function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, match => `\\${match}`);
}

function toEntry(row: ExportHistoryRow): ExportHistoryEntry {
  return {
    id: row.id,
    action: row.action as HistoryAction,
    userEntityRef: row.user_entity_ref,
    entityRefs: JSON.parse(row.entity_refs),
    format: row.format as ExportHistoryEntry['format'],
    destination: row.destination,
    reason: row.reason ?? undefined,
    sha256: row.sha256 ?? undefined,
    outcome: row.outcome as ExportHistoryEntry['outcome'],
    accountCount: Number(row.account_count),
    createdAt: toIsoTimestamp(row.created_at),
    location: row.location ?? undefined,
    error: row.error ?? undefined,
  };
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
      action: entry.action ?? 'export',
      user_entity_ref: entry.userEntityRef,
      entity_refs: JSON.stringify(entry.entityRefs),
      format: entry.format,
      destination: entry.destination,
      reason: entry.reason ?? null,
      sha256: entry.sha256 ?? null,
      outcome: entry.outcome,
      account_count: entry.accountCount,
      created_at: entry.createdAt,
      location: entry.location ?? null,
      error: entry.error ?? null,
    });
  }

  async listEntries(
    query: ExportHistoryQuery,
  ): Promise<{ items: ExportHistoryEntry[]; totalCount: number }> {
    const filtered = this.#db<ExportHistoryRow>(TABLE).where(builder => {
      if (query.userEntityRef !== undefined) {
        builder.where('user_entity_ref', query.userEntityRef);
      }
      if (query.destination !== undefined) {
        builder.where('destination', query.destination);
      }
      if (query.entityRef !== undefined) {
        // entity_refs is a JSON array of canonical references, so the quoted
        // reference matches exactly one element.
        builder.whereRaw(`entity_refs LIKE ? ESCAPE '\\'`, [
          `%${escapeLike(JSON.stringify(query.entityRef))}%`,
        ]);
      }
      if (query.from !== undefined) {
        builder.where('created_at', '>=', query.from);
      }
      if (query.to !== undefined) {
        builder.where('created_at', '<', query.to);
      }
    });

    const [countRow] = await filtered.clone().count({ count: '*' });
    const rows = await filtered
      .clone()
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .offset(query.offset)
      .limit(query.limit);

    return { items: rows.map(toEntry), totalCount: Number(countRow.count) };
  }
}
