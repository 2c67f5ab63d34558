import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CloudStorageProvider } from '@internal/backstage-plugin-password-export-node';

/** Values of one provider fixed by config under `passwordExport.providers.<id>`. */
export interface ProviderPresets {
  /** Preset of the on/off switch, when config sets it. */
  enabled?: boolean;
  /** Preset setting values by field key, secrets included in plaintext. */
  values: Record<string, string | boolean>;
}

const PRESETS_KEY = 'passwordExport.providers';

function readPresetValue(
  providerConfig: Config,
  provider: CloudStorageProvider,
  key: string,
): string | boolean {
  const path = `${PRESETS_KEY}.${provider.id}.${key}`;
  const field = provider.settings.find(candidate => candidate.key === key);
  if (!field) {
    const known = ['enabled', ...provider.settings.map(f => f.key)].join(', ');
    throw new Error(
      `${path} is not a setting of the ${provider.title} provider; known keys are ${known}`,
    );
  }

  if (field.type === 'boolean') {
    return providerConfig.getBoolean(key);
  }
  const value = providerConfig.getString(key);
  if (field.type === 'enum' && !field.options.some(o => o.value === value)) {
    // An enum value is an identifier, never a secret, so it can be quoted.
    throw new Error(
      `${path} is invalid: "${value}" is not one of ${field.options
        .map(o => o.value)
        .join(', ')}`,
    );
  }
  return value;
}

/**
 * Reads the presets of the registered providers from
 * `passwordExport.providers.<id>`.
 *
 * @throws Error naming the config path of an unknown key or a value of the
 * wrong type, so that the backend stops at startup.
 */
export function readProviderPresets(
  config: Config,
  providers: CloudStorageProvider[],
  logger: LoggerService,
): Map<string, ProviderPresets> {
  const presets = new Map<string, ProviderPresets>();
  const providersConfig = config.getOptionalConfig(PRESETS_KEY);

  for (const provider of providers) {
    const providerConfig = providersConfig?.getOptionalConfig(provider.id);
    const result: ProviderPresets = { values: {} };
    for (const key of providerConfig?.keys() ?? []) {
      if (key === 'enabled') {
        result.enabled = providerConfig!.getBoolean(key);
      } else {
        result.values[key] = readPresetValue(providerConfig!, provider, key);
      }
    }
    presets.set(provider.id, result);
  }

  const registered = new Set(providers.map(provider => provider.id));
  for (const id of providersConfig?.keys() ?? []) {
    if (!registered.has(id)) {
      logger.warn(
        `${PRESETS_KEY}.${id} is ignored because no module adds a provider with id "${id}"`,
      );
    }
  }
  return presets;
}
