import { Knex } from 'knex';
import { SecretBox } from '../encryption/SecretBox';
import {
  ConnectionStatus,
  ProviderConnection,
  ProviderConnectionStore,
  ProviderConnectionSummary,
} from './ProviderConnectionStore';
import { toIsoTimestamp } from './toIsoTimestamp';
import { JsonObject } from '@backstage/types';

const TABLE = 'provider_connections';

interface ProviderConnectionRow {
  user_entity_ref: string;
  provider_id: string;
  credentials_encrypted: string;
  credentials_key_id: string;
  account_label: string;
  status: string;
  last_used_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

/**
 * Context bound to sealed credentials, so that credentials copied into the
 * row of another user or provider fail to decrypt. JSON encoding keeps the
 * two parts apart whatever characters they contain.
 */
function secretContext(userEntityRef: string, providerId: string): string {
  return `${TABLE}/${JSON.stringify([userEntityRef, providerId])}`;
}

function toSummary(row: ProviderConnectionRow): ProviderConnectionSummary {
  const summary: ProviderConnectionSummary = {
    providerId: row.provider_id,
    accountLabel: row.account_label,
    status: row.status as ConnectionStatus,
    createdAt: toIsoTimestamp(row.created_at),
    updatedAt: toIsoTimestamp(row.updated_at),
  };
  if (row.last_used_at) {
    summary.lastUsedAt = toIsoTimestamp(row.last_used_at);
  }
  return summary;
}

/** {@link ProviderConnectionStore} on the plugin's knex database. */
export class DatabaseProviderConnectionStore
  implements ProviderConnectionStore
{
  readonly #db: Knex;
  readonly #secretBox: SecretBox;

  static create(options: { client: Knex; secretBox: SecretBox }) {
    return new DatabaseProviderConnectionStore(
      options.client,
      options.secretBox,
    );
  }

  private constructor(db: Knex, secretBox: SecretBox) {
    this.#db = db;
    this.#secretBox = secretBox;
  }

  async getConnection(
    userEntityRef: string,
    providerId: string,
  ): Promise<ProviderConnection | undefined> {
    const row = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .first();
    if (!row) {
      return undefined;
    }

    const credentials: JsonObject = JSON.parse(
      this.#secretBox.open(
        row.credentials_encrypted,
        secretContext(userEntityRef, providerId),
      ),
    );
    return { ...toSummary(row), credentials };
  }

  async listConnections(
    userEntityRef: string,
  ): Promise<ProviderConnectionSummary[]> {
    const rows = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef })
      .orderBy('provider_id');
    return rows.map(toSummary);
  }

  async saveConnection(
    userEntityRef: string,
    providerId: string,
    connection: { credentials: JsonObject; accountLabel: string },
  ): Promise<ProviderConnectionSummary> {
    const now = new Date().toISOString();
    const row: ProviderConnectionRow = {
      user_entity_ref: userEntityRef,
      provider_id: providerId,
      credentials_encrypted: this.#secretBox.seal(
        JSON.stringify(connection.credentials),
        secretContext(userEntityRef, providerId),
      ),
      credentials_key_id: this.#secretBox.encryptionKeyId,
      account_label: connection.accountLabel.slice(0, 255),
      status: 'connected',
      last_used_at: null,
      created_at: now,
      updated_at: now,
    };

    // A reconnection keeps the creation time and the last upload time.
    await this.#db<ProviderConnectionRow>(TABLE)
      .insert(row)
      .onConflict(['user_entity_ref', 'provider_id'])
      .merge([
        'credentials_encrypted',
        'credentials_key_id',
        'account_label',
        'status',
        'updated_at',
      ]);

    const saved = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .first();
    return toSummary(saved!);
  }

  async setStatus(
    userEntityRef: string,
    providerId: string,
    status: ConnectionStatus,
  ): Promise<boolean> {
    const count = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .update({ status, updated_at: new Date().toISOString() });
    return count > 0;
  }

  async markUsed(
    userEntityRef: string,
    providerId: string,
    at: Date,
  ): Promise<void> {
    await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .update({ last_used_at: at.toISOString() });
  }

  async deleteConnection(
    userEntityRef: string,
    providerId: string,
  ): Promise<boolean> {
    const count = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .delete();
    return count > 0;
  }
}
