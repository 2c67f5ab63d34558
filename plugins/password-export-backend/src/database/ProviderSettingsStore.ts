/** Admin settings of one provider as stored, secrets decrypted. */
export interface StoredProviderSettings {
  /** Whether an admin enabled the provider. */
  enabled: boolean;
  /** Non-secret values by field key. */
  values: Record<string, string | boolean>;
  /** Secret values by field key, decrypted. */
  secretValues: Record<string, string>;
  /** User who made the last change. */
  updatedBy: string;
  /** Time of the last change, ISO 8601. */
  updatedAt: string;
}

/** Settings of a provider to save; every secret value is plaintext here. */
export type ProviderSettingsInput = Omit<
  StoredProviderSettings,
  'updatedBy' | 'updatedAt'
>;

/** Storage of the providers' admin settings, with secrets encrypted at rest. */
export interface ProviderSettingsStore {
  /** Returns the settings of a provider, or undefined when none were saved. */
  getSettings(providerId: string): Promise<StoredProviderSettings | undefined>;

  /** Creates or replaces the settings of a provider. */
  saveSettings(
    providerId: string,
    settings: ProviderSettingsInput,
    userEntityRef: string,
  ): Promise<void>;
}
