import {
  ProviderSettingsUpdate,
  ProviderSettingValue,
  ProviderView,
} from '@internal/backstage-plugin-password-export-common';

/**
 * Values the admin changed in a provider's settings form, by field key. For
 * a secret field, a string replaces the stored value and `null` clears it.
 */
export type SettingsEdits = Record<string, string | boolean | null>;

function isSecretState(
  value: ProviderSettingValue | undefined,
): value is { secret: true; set: boolean } {
  return typeof value === 'object' && value !== null && value.secret === true;
}

function isChanged(
  edit: string | boolean | null,
  current: ProviderSettingValue | undefined,
): boolean {
  if (isSecretState(current)) {
    // An empty replacement means the admin opened "Replace" and typed
    // nothing, which keeps the stored secret.
    return edit === null ? current.set : edit !== '';
  }
  if (edit === null) {
    return current !== undefined;
  }
  return edit !== (current ?? (typeof edit === 'boolean' ? false : ''));
}

/**
 * Builds the body of a settings update that sends only the changed values,
 * so that an absent key keeps what the backend stores. Keys preset in config
 * are never sent, because the backend rejects any change to them.
 */
export function buildSettingsUpdate(
  provider: ProviderView,
  enabled: boolean,
  edits: SettingsEdits,
): ProviderSettingsUpdate {
  const presetKeys = new Set(provider.presetKeys ?? []);
  const values: SettingsEdits = {};

  for (const [key, edit] of Object.entries(edits)) {
    if (!presetKeys.has(key) && isChanged(edit, provider.settings?.[key])) {
      values[key] = edit;
    }
  }

  return { enabled, values };
}

/** Tells whether a settings form differs from the provider's state. */
export function hasSettingsChanges(
  provider: ProviderView,
  enabled: boolean,
  edits: SettingsEdits,
): boolean {
  const update = buildSettingsUpdate(provider, enabled, edits);
  return enabled !== provider.enabled || Object.keys(update.values).length > 0;
}
