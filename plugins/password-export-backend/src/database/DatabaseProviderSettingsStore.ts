import { Knex } from 'knex';
import { SecretBox } from '../encryption/SecretBox';
import {
  ProviderSettingsInput,
  ProviderSettingsStore,
  StoredProviderSettings,
} from './ProviderSettingsStore';
import { toIsoTimestamp } from './toIsoTimestamp';

const TABLE = 'provider_settings';

interface ProviderSettingsRow {
  provider_id: string;
  enabled: boolean | number;
  values_json: string;
  secrets_encrypted: string | null;
  secrets_key_id: string | null;
  updated_by: string;
  updated_at: Date | string;
}

/**
 * Context bound to the sealed secrets, so that the secrets of one provider
 * copied into another provider's row fail to decrypt.
 */
function secretContext(providerId: string): string {
  return `${TABLE}/${providerId}/secrets_encrypted`;
}

/**
 * {@link ProviderSettingsStore} on the plugin's knex database.
 *
 * @remarks
 *
 * The secret values of a provider are sealed together as one JSON object with
 * the {@link SecretBox}; the other values stay plaintext JSON.
 */
export class DatabaseProviderSettingsStore implements ProviderSettingsStore {
  readonly #db: Knex;
  readonly #secretBox: SecretBox;

  static create(options: { client: Knex; secretBox: SecretBox }) {
    return new DatabaseProviderSettingsStore(options.client, options.secretBox);
  }

  private constructor(db: Knex, secretBox: SecretBox) {
    this.#db = db;
    this.#secretBox = secretBox;
  }

  async getSettings(
    providerId: string,
  ): Promise<StoredProviderSettings | undefined> {
    const row = await this.#db<ProviderSettingsRow>(TABLE)
      .where({ provider_id: providerId })
      .first();
    if (!row) {
      return undefined;
    }

    const secretValues = row.secrets_encrypted
      ? JSON.parse(
          this.#secretBox.open(
            row.secrets_encrypted,
            secretContext(providerId),
          ),
        )
      : {};
    return {
      // SQLite returns booleans as 0 or 1.
      enabled: Boolean(row.enabled),
      values: JSON.parse(row.values_json),
      secretValues,
      updatedBy: row.updated_by,
      updatedAt: toIsoTimestamp(row.updated_at),
    };
  }

  async saveSettings(
    providerId: string,
    settings: ProviderSettingsInput,
    userEntityRef: string,
  ): Promise<void> {
    const hasSecrets = Object.keys(settings.secretValues).length > 0;
    const row: ProviderSettingsRow = {
      provider_id: providerId,
      enabled: settings.enabled,
      values_json: JSON.stringify(settings.values),
      secrets_encrypted: hasSecrets
        ? this.#secretBox.seal(
            JSON.stringify(settings.secretValues),
            secretContext(providerId),
          )
        : null,
      secrets_key_id: hasSecrets ? this.#secretBox.encryptionKeyId : null,
      updated_by: userEntityRef,
      updated_at: new Date().toISOString(),
    };

    await this.#db<ProviderSettingsRow>(TABLE)
      .insert(row)
      .onConflict('provider_id')
      .merge();
  }
}
