import { Knex } from 'knex';
import { SecretBox } from '../encryption/SecretBox';
import {
  ConnectionStatus,
  ProviderConnection,
  ProviderConnectionStore,
  ProviderConnectionSummary,
  StoredCredentials,
} from './ProviderConnectionStore';
import { toIsoTimestamp } from './toIsoTimestamp';

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
  expires_at: Date | string | null;
  credentials_version: number;
  refresh_lock_owner: string | null;
  refresh_lock_expires_at: Date | string | null;
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

    const connection: ProviderConnection = {
      ...toSummary(row),
      credentials: JSON.parse(
        this.#secretBox.open(
          row.credentials_encrypted,
          secretContext(userEntityRef, providerId),
        ),
      ),
      credentialsVersion: Number(row.credentials_version),
    };
    if (row.expires_at) {
      connection.expiresAt = new Date(row.expires_at);
    }
    return connection;
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
    connection: StoredCredentials & { accountLabel: string },
  ): Promise<ProviderConnectionSummary> {
    const now = new Date().toISOString();
    const current = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .first('credentials_version');
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
      expires_at: connection.expiresAt?.toISOString() ?? null,
      // A new version shows a refresh that waited for the lock that the
      // credentials it was going to refresh were replaced.
      credentials_version: Number(current?.credentials_version ?? 0) + 1,
      refresh_lock_owner: null,
      refresh_lock_expires_at: null,
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
        'expires_at',
        'credentials_version',
        'refresh_lock_owner',
        'refresh_lock_expires_at',
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

  async replaceCredentials(
    userEntityRef: string,
    providerId: string,
    stored: StoredCredentials,
    lockOwner: string,
  ): Promise<boolean> {
    const count = await this.#db<ProviderConnectionRow>(TABLE)
      .where({
        user_entity_ref: userEntityRef,
        provider_id: providerId,
        refresh_lock_owner: lockOwner,
      })
      .update({
        credentials_encrypted: this.#secretBox.seal(
          JSON.stringify(stored.credentials),
          secretContext(userEntityRef, providerId),
        ),
        credentials_key_id: this.#secretBox.encryptionKeyId,
        expires_at: stored.expiresAt?.toISOString() ?? null,
        credentials_version: this.#db.raw('credentials_version + 1') as never,
        updated_at: new Date().toISOString(),
      });
    return count === 1;
  }

  async tryLockRefresh(
    userEntityRef: string,
    providerId: string,
    lockOwner: string,
    until: Date,
  ): Promise<boolean> {
    const now = new Date().toISOString();
    // One conditional update takes the lock, so two replicas cannot both
    // succeed; an expired lock of a crashed replica is taken over.
    const count = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ user_entity_ref: userEntityRef, provider_id: providerId })
      .where(builder =>
        builder
          .whereNull('refresh_lock_owner')
          .orWhere('refresh_lock_expires_at', '<', now),
      )
      .update({
        refresh_lock_owner: lockOwner,
        refresh_lock_expires_at: until.toISOString(),
      });
    return count === 1;
  }

  async unlockRefresh(
    userEntityRef: string,
    providerId: string,
    lockOwner: string,
  ): Promise<void> {
    await this.#db<ProviderConnectionRow>(TABLE)
      .where({
        user_entity_ref: userEntityRef,
        provider_id: providerId,
        refresh_lock_owner: lockOwner,
      })
      .update({ refresh_lock_owner: null, refresh_lock_expires_at: null });
  }

  async listIdleRefreshableConnections(
    changedBefore: Date,
  ): Promise<Array<{ userEntityRef: string; providerId: string }>> {
    const rows = await this.#db<ProviderConnectionRow>(TABLE)
      .where({ status: 'connected' })
      .whereNotNull('expires_at')
      .where('updated_at', '<', changedBefore.toISOString())
      .orderBy('updated_at', 'asc')
      .select('user_entity_ref', 'provider_id');
    return rows.map(row => ({
      userEntityRef: row.user_entity_ref,
      providerId: row.provider_id,
    }));
  }
}
