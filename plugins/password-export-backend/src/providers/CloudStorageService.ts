import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  ConnectionView,
  ProviderField,
  ProviderSettingValue,
  ProviderView,
  TestConnectionResult,
} from '@internal/backstage-plugin-password-export-common';
import {
  CloudStorageField,
  CloudStorageFile,
  CloudStorageOperationContext,
  CloudStorageProvider,
  CloudStorageSettings,
  CloudStorageUploadResult,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';
import {
  ProviderConnection,
  ProviderConnectionStore,
  ProviderConnectionSummary,
} from '../database/ProviderConnectionStore';
import { ProviderSettingsStore } from '../database/ProviderSettingsStore';
import { ProviderPresets } from './readProviderPresets';
import {
  PROVIDER_OPERATION_TIMEOUT_MS,
  PROVIDER_REQUEST_TIMEOUT_MS,
  toBackstageError,
} from './toBackstageError';

/** Options of {@link CloudStorageService.create}. */
export interface CloudStorageServiceOptions {
  providers: CloudStorageProvider[];
  presets: Map<string, ProviderPresets>;
  settingsStore: ProviderSettingsStore;
  connectionStore: ProviderConnectionStore;
  logger: LoggerService;
}

/** Effective state of a provider: presets over stored values over defaults. */
export interface EffectiveSettings {
  enabled: boolean;
  /** Values passed to the provider, secrets decrypted. */
  settings: CloudStorageSettings;
}

/** A validated settings update. */
export interface SettingsUpdate {
  enabled: boolean;
  values: Record<string, string | boolean | null | undefined>;
}

/** Destination of an export to a provider, resolved for one user. */
export interface ExportTarget {
  provider: CloudStorageProvider;
  settings: CloudStorageSettings;
  connection: ProviderConnection;
}

function toFieldView(field: CloudStorageField): ProviderField {
  const view: ProviderField = {
    key: field.key,
    title: field.title,
    type: field.type,
  };
  if (field.description !== undefined) view.description = field.description;
  if (field.required) view.required = true;
  if (field.secret) view.secret = true;
  if (field.type === 'string' && field.placeholder !== undefined) {
    view.placeholder = field.placeholder;
  }
  if (field.type === 'enum') view.options = field.options;
  // A default of a secret field would be a secret shipped to every admin.
  if (field.default !== undefined && !field.secret) {
    view.default = field.default;
  }
  return view;
}

function toConnectionView(summary: ProviderConnectionSummary): ConnectionView {
  const view: ConnectionView = {
    accountLabel: summary.accountLabel,
    status: summary.status,
  };
  if (summary.lastUsedAt) view.lastUsedAt = summary.lastUsedAt;
  return view;
}

/**
 * Keeps the registered cloud storage providers, their settings and the users'
 * connections, and runs provider operations with a child logger, an abort
 * signal and a timeout.
 */
export class CloudStorageService {
  readonly #options: CloudStorageServiceOptions;
  readonly #providers: Map<string, CloudStorageProvider>;

  static create(options: CloudStorageServiceOptions): CloudStorageService {
    return new CloudStorageService(options);
  }

  private constructor(options: CloudStorageServiceOptions) {
    this.#options = options;
    this.#providers = new Map(options.providers.map(p => [p.id, p]));
  }

  /** Lists the registered providers in registration order. */
  listProviders(): CloudStorageProvider[] {
    return [...this.#providers.values()];
  }

  /**
   * Returns a registered provider.
   *
   * @throws NotFoundError naming the id when no module added it.
   */
  getProvider(providerId: string): CloudStorageProvider {
    const provider = this.#providers.get(providerId);
    if (!provider) {
      const known = [...this.#providers.keys()].join(', ') || 'none';
      throw new NotFoundError(
        `Cloud storage provider "${providerId}" not found; installed providers: ${known}`,
      );
    }
    return provider;
  }

  #presets(providerId: string): ProviderPresets {
    return this.#options.presets.get(providerId) ?? { values: {} };
  }

  /** Computes the effective settings: preset over stored over field default. */
  async getEffectiveSettings(
    provider: CloudStorageProvider,
  ): Promise<EffectiveSettings> {
    const presets = this.#presets(provider.id);
    const stored = await this.#options.settingsStore.getSettings(provider.id);

    const settings: Record<string, string | boolean> = {};
    for (const field of provider.settings) {
      const value =
        presets.values[field.key] ??
        stored?.secretValues[field.key] ??
        stored?.values[field.key] ??
        (field.secret ? undefined : field.default);
      if (value !== undefined) {
        settings[field.key] = value;
      }
    }

    return {
      enabled: presets.enabled ?? stored?.enabled ?? false,
      settings,
    };
  }

  /**
   * Builds the view of a provider for one user. Settings, their fields and
   * the preset keys are included only when `withSettings` is true; secret
   * values are reduced to whether they are set.
   */
  async describeProvider(
    provider: CloudStorageProvider,
    options: {
      withSettings: boolean;
      connection?: ProviderConnectionSummary;
      effective?: EffectiveSettings;
    },
  ): Promise<ProviderView> {
    const effective =
      options.effective ?? (await this.getEffectiveSettings(provider));
    const view: ProviderView = {
      id: provider.id,
      title: provider.title,
      connectionMethod: provider.connectionMethod,
      enabled: effective.enabled,
      connectionFields: provider.connectionFields.map(toFieldView),
    };

    if (options.withSettings) {
      const presets = this.#presets(provider.id);
      const settings: Record<string, ProviderSettingValue> = {};
      for (const field of provider.settings) {
        const value = effective.settings[field.key];
        if (field.secret) {
          settings[field.key] = { secret: true, set: value !== undefined };
        } else if (value !== undefined) {
          settings[field.key] = value;
        }
      }
      view.settingsFields = provider.settings.map(toFieldView);
      view.settings = settings;
      view.presetKeys = [
        ...(presets.enabled !== undefined ? ['enabled'] : []),
        ...Object.keys(presets.values),
      ];
      view.testConnectionFields =
        provider.testConnectionFields.map(toFieldView);
    }

    if (options.connection) {
      view.connection = toConnectionView(options.connection);
    }
    return view;
  }

  /** Lists the views of the providers one user may see. */
  async describeProviders(
    userEntityRef: string,
    withSettings: boolean,
  ): Promise<ProviderView[]> {
    const connections = await this.#options.connectionStore.listConnections(
      userEntityRef,
    );
    const views: ProviderView[] = [];
    for (const provider of this.listProviders()) {
      const effective = await this.getEffectiveSettings(provider);
      if (!effective.enabled && !withSettings) {
        continue;
      }
      views.push(
        await this.describeProvider(provider, {
          withSettings,
          effective,
          connection: connections.find(c => c.providerId === provider.id),
        }),
      );
    }
    return views;
  }

  /**
   * Applies a settings update: absent keys keep their value, `null` clears
   * it. Presets cannot change.
   *
   * @throws InputError naming a preset key whose value differs, or a
   * required field left without a value on an enabled provider.
   * @returns the keys whose value changed, `enabled` included.
   */
  async updateSettings(
    provider: CloudStorageProvider,
    update: SettingsUpdate,
    userEntityRef: string,
  ): Promise<string[]> {
    const presets = this.#presets(provider.id);
    this.#assertPresetsUnchanged(provider, presets, update);

    const stored = await this.#options.settingsStore.getSettings(provider.id);
    const values = { ...stored?.values };
    const secretValues = { ...stored?.secretValues };
    const changedKeys: string[] = [];
    if ((stored?.enabled ?? false) !== update.enabled) {
      changedKeys.push('enabled');
    }

    for (const field of provider.settings) {
      const value = update.values[field.key];
      if (value === undefined || field.key in presets.values) {
        continue;
      }
      const target =
        field.secret && typeof value === 'string' ? secretValues : values;
      const before = secretValues[field.key] ?? values[field.key];
      delete values[field.key];
      delete secretValues[field.key];
      if (value !== null) {
        target[field.key] = value as never;
      }
      if (before !== (value ?? undefined)) {
        changedKeys.push(field.key);
      }
    }

    const enabled = presets.enabled ?? update.enabled;
    if (enabled) {
      this.#assertRequiredSet(provider, presets, {
        ...values,
        ...secretValues,
      });
    }

    await this.#options.settingsStore.saveSettings(
      provider.id,
      { enabled: update.enabled, values, secretValues },
      userEntityRef,
    );
    return changedKeys;
  }

  #assertPresetsUnchanged(
    provider: CloudStorageProvider,
    presets: ProviderPresets,
    update: SettingsUpdate,
  ): void {
    const configPath = `passwordExport.providers.${provider.id}`;
    if (presets.enabled !== undefined && presets.enabled !== update.enabled) {
      throw new InputError(
        `enabled is fixed to ${presets.enabled} by ${configPath}.enabled in the app config and cannot be changed here`,
      );
    }
    for (const [key, value] of Object.entries(update.values)) {
      if (value === undefined || !(key in presets.values)) {
        continue;
      }
      const field = provider.settings.find(f => f.key === key);
      // A secret preset cannot be compared without revealing whether a guess
      // matched, so any value for it is rejected.
      if (field?.secret || presets.values[key] !== value) {
        throw new InputError(
          `values.${key} is fixed by ${configPath}.${key} in the app config and cannot be changed here`,
        );
      }
    }
  }

  #assertRequiredSet(
    provider: CloudStorageProvider,
    presets: ProviderPresets,
    stored: Record<string, string | boolean>,
  ): void {
    for (const field of provider.settings) {
      if (!field.required) {
        continue;
      }
      const value =
        presets.values[field.key] ??
        stored[field.key] ??
        (field.secret ? undefined : field.default);
      if (value === undefined || value === '') {
        throw new InputError(
          `values.${field.key} is required to enable ${provider.title}: set ${field.title}`,
        );
      }
    }
  }

  /**
   * Runs a provider operation with a child logger and the per-request
   * timeout. Its signal aborts when the caller's signal does or when the
   * operation takes too long. Failures become `@backstage/errors` types.
   */
  async runOperation<T>(
    provider: CloudStorageProvider,
    options: {
      signal: AbortSignal;
      settings: CloudStorageSettings;
      logMeta: Record<string, string>;
    },
    operation: (context: CloudStorageOperationContext) => Promise<T>,
  ): Promise<T> {
    const signal = AbortSignal.any([
      options.signal,
      AbortSignal.timeout(PROVIDER_OPERATION_TIMEOUT_MS),
    ]);
    const logger = this.#options.logger.child({
      providerId: provider.id,
      ...options.logMeta,
    });

    try {
      return await operation({
        settings: options.settings,
        logger,
        signal,
        timeoutMs: PROVIDER_REQUEST_TIMEOUT_MS,
      });
    } catch (error) {
      throw toBackstageError(error, {
        providerTitle: provider.title,
        signal,
        logger,
      });
    }
  }

  /**
   * Checks that the portal reaches a provider's storage. A provider failure
   * is returned as a failed result, as the provider contract requires.
   */
  async testConnection(
    provider: CloudStorageProvider,
    input: Record<string, string>,
    signal: AbortSignal,
  ): Promise<TestConnectionResult> {
    const { settings } = await this.getEffectiveSettings(provider);
    const startedAt = Date.now();
    try {
      return await this.runOperation(
        provider,
        { signal, settings, logMeta: { operation: 'test-connection' } },
        context => provider.testConnection({ ...context, input }),
      );
    } catch (error) {
      this.#options.logger
        .child({ providerId: provider.id })
        .warn('Connection test failed', error as Error);
      return {
        ok: false,
        message: (error as Error).message,
        durationMs: Date.now() - startedAt,
      };
    }
  }

  /**
   * Validates the user's input with the provider and stores the connection
   * with its credentials encrypted.
   *
   * @throws InputError when the provider is disabled or rejects the input.
   */
  async connect(
    provider: CloudStorageProvider,
    userEntityRef: string,
    input: Record<string, string>,
    signal: AbortSignal,
  ): Promise<ConnectionView> {
    const settings = await this.#requireEnabled(provider);
    const connection = await this.runOperation(
      provider,
      { signal, settings, logMeta: { operation: 'connect', userEntityRef } },
      context => provider.connect({ ...context, input }),
    );

    const summary = await this.#options.connectionStore.saveConnection(
      userEntityRef,
      provider.id,
      connection,
    );
    return toConnectionView(summary);
  }

  /**
   * Asks the provider to release the connection, then deletes the stored
   * credentials even when the provider failed.
   *
   * @returns false when the user had no connection.
   */
  async disconnect(
    provider: CloudStorageProvider,
    userEntityRef: string,
    signal: AbortSignal,
  ): Promise<boolean> {
    const store = this.#options.connectionStore;
    const connection = await store.getConnection(userEntityRef, provider.id);
    if (!connection) {
      return false;
    }

    const { settings } = await this.getEffectiveSettings(provider);
    try {
      await this.runOperation(
        provider,
        {
          signal,
          settings,
          logMeta: { operation: 'disconnect', userEntityRef },
        },
        context =>
          provider.disconnect({
            ...context,
            credentials: connection.credentials,
          }),
      );
    } catch (error) {
      this.#options.logger
        .child({ providerId: provider.id, userEntityRef })
        .warn(
          'Provider failed to release a connection; deleting its credentials anyway',
          error as Error,
        );
    }
    return store.deleteConnection(userEntityRef, provider.id);
  }

  async #requireEnabled(
    provider: CloudStorageProvider,
  ): Promise<CloudStorageSettings> {
    const { enabled, settings } = await this.getEffectiveSettings(provider);
    if (!enabled) {
      throw new InputError(
        `${provider.title} is disabled; a portal admin must enable it on the Cloud Storage page first`,
      );
    }
    return settings;
  }

  /**
   * Resolves an export destination for one user.
   *
   * @throws NotFoundError for an unknown provider, InputError when it is
   * disabled or the user has no usable connection to it.
   */
  async resolveExportTarget(
    providerId: string,
    userEntityRef: string,
  ): Promise<ExportTarget> {
    const provider = this.getProvider(providerId);
    const settings = await this.#requireEnabled(provider);

    const connection = await this.#options.connectionStore.getConnection(
      userEntityRef,
      provider.id,
    );
    if (!connection) {
      throw new InputError(
        `Connect ${provider.title} first: open "Export passwords…" and choose ${provider.title} to connect your storage`,
      );
    }
    if (connection.status !== 'connected') {
      throw new InputError(
        `Reconnect ${provider.title} first: it rejected the saved credentials of ${connection.accountLabel}`,
      );
    }
    return { provider, settings, connection };
  }

  /**
   * Uploads a file for the user of a resolved target. When the storage
   * rejects the credentials, the connection is marked `reconnect-needed`.
   */
  async upload(
    target: ExportTarget,
    file: CloudStorageFile,
    options: { userEntityRef: string; exportId: string; signal: AbortSignal },
  ): Promise<CloudStorageUploadResult> {
    const { provider, settings, connection } = target;
    const store = this.#options.connectionStore;

    const result = await this.runOperation(
      provider,
      {
        signal: options.signal,
        settings,
        logMeta: { operation: 'upload', exportId: options.exportId },
      },
      async context => {
        try {
          return await provider.upload({
            ...context,
            credentials: connection.credentials,
            file,
          });
        } catch (error) {
          if (
            isCloudStorageError(error) &&
            error.kind === 'credentials-rejected'
          ) {
            await store.setStatus(
              options.userEntityRef,
              provider.id,
              'reconnect-needed',
            );
          }
          throw error;
        }
      },
    );

    await store.markUsed(options.userEntityRef, provider.id, new Date());
    return result;
  }
}
