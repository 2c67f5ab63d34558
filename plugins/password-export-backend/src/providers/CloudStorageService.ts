import { randomBytes } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizationStart,
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
  CloudStorageUserContext,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';
import { OAuthStateStore } from '../database/OAuthStateStore';
import {
  ProviderConnection,
  ProviderConnectionStore,
  ProviderConnectionSummary,
} from '../database/ProviderConnectionStore';
import { ProviderSettingsStore } from '../database/ProviderSettingsStore';
import { CredentialRefresher } from './CredentialRefresher';
import { describeStateRejection } from './describeStateRejection';
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
  oauthStates: OAuthStateStore;
  /** The backend's OAuth callback URL, for `oauth-redirect` providers. */
  redirectUri: string;
  logger: LoggerService;
  /** Options of the refresh of expiring OAuth credentials. */
  refresher?: CredentialRefresher;
}

/** Time during which an OAuth flow can complete after it started. */
export const OAUTH_FLOW_LIFETIME_MS = 10 * 60_000;

/** Outcome of an OAuth flow that returned to the backend's callback. */
export interface OAuthCallbackOutcome {
  /** Provider of the flow; absent when the state was not accepted. */
  providerId?: string;
  userEntityRef?: string;
  ok: boolean;
  /** Message to show to the user, without secrets. */
  message: string;
  /** The connection, when one was saved. */
  connection?: ConnectionView;
}

/** Query parameters of the OAuth callback, validated at the edge. */
export interface OAuthCallbackParams {
  state: string;
  code?: string;
  error?: string;
  errorDescription?: string;
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
 * Layers a provider's settings: a preset wins over a stored value, which
 * wins over the field's default. Secret fields have no default.
 */
function layerSettings(
  provider: CloudStorageProvider,
  presets: ProviderPresets,
  stored: Record<string, string | boolean | undefined>,
): Record<string, string | boolean> {
  const settings: Record<string, string | boolean> = {};
  for (const field of provider.settings) {
    const value =
      presets.values[field.key] ??
      stored[field.key] ??
      (field.secret ? undefined : field.default);
    if (value !== undefined) {
      settings[field.key] = value;
    }
  }
  return settings;
}

/** Checks that every required setting has a value that takes effect. */
function assertRequiredSet(
  provider: CloudStorageProvider,
  effective: CloudStorageSettings,
): void {
  for (const field of provider.settings) {
    const value = effective[field.key];
    if (field.required && (value === undefined || value === '')) {
      throw new InputError(
        `values.${field.key} is required to enable ${provider.title}: set ${field.title}`,
      );
    }
  }
}

/** Lets the provider check the settings that would take effect. */
function assertValidSettings(
  provider: CloudStorageProvider,
  presets: ProviderPresets,
  effective: CloudStorageSettings,
): void {
  if (!provider.validateSettings) {
    return;
  }
  try {
    provider.validateSettings(effective);
  } catch (error) {
    if (!isCloudStorageError(error)) {
      throw error;
    }
    const preset =
      error.field !== undefined && error.field in presets.values
        ? `; it is fixed by passwordExport.providers.${provider.id}.${error.field} in the app config, so correct it there`
        : '';
    throw new InputError(
      error.field
        ? `values.${error.field} is invalid: ${error.message}${preset}`
        : error.message,
    );
  }
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

  readonly #refresher: CredentialRefresher;

  private constructor(options: CloudStorageServiceOptions) {
    this.#options = options;
    this.#providers = new Map(options.providers.map(p => [p.id, p]));
    this.#refresher =
      options.refresher ??
      new CredentialRefresher({ connectionStore: options.connectionStore });
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

    const settings = layerSettings(provider, presets, {
      ...stored?.values,
      ...stored?.secretValues,
    });

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
      if (provider.connectionMethod === 'oauth-redirect') {
        view.redirectUri = this.#options.redirectUri;
      }
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
      const effective = layerSettings(provider, presets, {
        ...values,
        ...secretValues,
      });
      assertRequiredSet(provider, effective);
      assertValidSettings(provider, presets, effective);
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
   * with its credentials encrypted. For `oauth-code-paste` the input is the
   * code and `state` names the flow it belongs to.
   *
   * @throws InputError when the provider is disabled, rejects the input, or
   * the state is unknown, used, expired or not the user's.
   */
  async connect(
    provider: CloudStorageProvider,
    userEntityRef: string,
    input: Record<string, string>,
    signal: AbortSignal,
    state?: string,
  ): Promise<ConnectionView> {
    const settings = await this.#requireEnabled(provider);
    const oauth =
      provider.connectionMethod === 'credentials-form'
        ? undefined
        : await this.#consumeState(provider, userEntityRef, state);

    const connection = await this.runOperation(
      provider,
      { signal, settings, logMeta: { operation: 'connect', userEntityRef } },
      context => provider.connect({ ...context, input, oauth }),
    );

    const summary = await this.#options.connectionStore.saveConnection(
      userEntityRef,
      provider.id,
      connection,
    );
    return toConnectionView(summary);
  }

  async #consumeState(
    provider: CloudStorageProvider,
    userEntityRef: string,
    state: string | undefined,
  ) {
    if (!state) {
      throw new InputError(
        `state is required to connect ${provider.title}: send the state of the authorization you started`,
      );
    }
    const result = await this.#options.oauthStates.consumeState(state, {
      userEntityRef,
      providerIds: [provider.id],
    });
    if (!result.ok) {
      const message = describeStateRejection(result.rejection, provider.title);
      throw result.rejection === 'other-user'
        ? new NotAllowedError(message)
        : new InputError(message);
    }
    return {
      codeVerifier: result.flow.codeVerifier,
      redirectUri: result.flow.redirectUri,
    };
  }

  /**
   * Starts an OAuth connection for a user: stores a single-use state bound
   * to the user, with the provider's PKCE verifier encrypted, and returns
   * the consent page.
   *
   * @throws InputError when the provider is disabled or does not use OAuth.
   */
  async startAuthorization(
    provider: CloudStorageProvider,
    userEntityRef: string,
    signal: AbortSignal,
  ): Promise<AuthorizationStart> {
    const settings = await this.#requireEnabled(provider);
    if (
      provider.connectionMethod === 'credentials-form' ||
      !provider.startAuthorization
    ) {
      throw new InputError(
        `${provider.title} does not use OAuth: connect it with its connection form`,
      );
    }

    // 256 random bits: the state is the only proof a callback has.
    const state = randomBytes(32).toString('base64url');
    const redirectUri =
      provider.connectionMethod === 'oauth-redirect'
        ? this.#options.redirectUri
        : undefined;
    const authorization = await this.runOperation(
      provider,
      {
        signal,
        settings,
        logMeta: { operation: 'start-authorization', userEntityRef },
      },
      context =>
        provider.startAuthorization!({ ...context, state, redirectUri }),
    );

    const expiresAt = new Date(Date.now() + OAUTH_FLOW_LIFETIME_MS);
    await this.#options.oauthStates.createState({
      state,
      userEntityRef,
      providerId: provider.id,
      codeVerifier: authorization.codeVerifier,
      redirectUri,
      expiresAt,
    });
    // Old flows are deleted here rather than by a scheduled task, since new
    // flows are the only reason they accumulate.
    await this.#options.oauthStates.deleteExpired(
      new Date(Date.now() - OAUTH_FLOW_LIFETIME_MS),
    );

    return {
      authorizationUrl: authorization.authorizationUrl,
      state,
      expiresAt: expiresAt.toISOString(),
    };
  }

  /**
   * Completes an `oauth-redirect` flow that returned to the backend's
   * callback. Accepts only a state that a signed-in user started, unused
   * and unexpired; the connection is saved for that user. Failures are
   * returned as an outcome, since the callback page reports them.
   */
  async completeAuthorization(
    params: OAuthCallbackParams,
    signal: AbortSignal,
  ): Promise<OAuthCallbackOutcome> {
    // Only redirect flows come back here. A code-paste flow must finish
    // with the signed-in user's request, which proves who pastes the code.
    const redirectProviderIds = this.listProviders()
      .filter(provider => provider.connectionMethod === 'oauth-redirect')
      .map(provider => provider.id);
    const result = await this.#options.oauthStates.consumeState(params.state, {
      providerIds: redirectProviderIds,
    });
    if (!result.ok) {
      this.#options.logger.warn('Rejected an OAuth callback', {
        rejection: result.rejection,
      });
      return {
        ok: false,
        message: describeStateRejection(result.rejection, 'the provider'),
      };
    }

    const { userEntityRef, providerId } = result.flow;
    const provider = this.#providers.get(providerId);
    if (!provider) {
      return {
        ok: false,
        message: `Cloud storage provider "${providerId}" is no longer installed`,
      };
    }
    const base = { providerId, userEntityRef };

    if (params.error || !params.code) {
      return {
        ...base,
        ok: false,
        message: params.error
          ? `${provider.title} did not grant access (${params.error}${
              params.errorDescription ? `: ${params.errorDescription}` : ''
            }); nothing was saved. Start the connection again to retry`
          : `${provider.title} returned no authorization code; nothing was saved. Start the connection again`,
      };
    }

    try {
      const settings = await this.#requireEnabled(provider);
      const connection = await this.runOperation(
        provider,
        {
          signal,
          settings,
          logMeta: { operation: 'connect', userEntityRef },
        },
        context =>
          provider.connect({
            ...context,
            input: { code: params.code! },
            oauth: {
              codeVerifier: result.flow.codeVerifier,
              redirectUri: result.flow.redirectUri,
            },
          }),
      );
      const summary = await this.#options.connectionStore.saveConnection(
        userEntityRef,
        provider.id,
        connection,
      );
      return {
        ...base,
        ok: true,
        message: `Connected ${provider.title}: ${summary.accountLabel}`,
        connection: toConnectionView(summary),
      };
    } catch (error) {
      this.#options.logger
        .child({ providerId, userEntityRef })
        .warn('Failed to complete an OAuth connection', error as Error);
      return { ...base, ok: false, message: (error as Error).message };
    }
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
          this.#withFreshCredentials(
            provider,
            userEntityRef,
            connection,
            context,
            credentials => provider.disconnect({ ...context, credentials }),
          ),
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
   * Uploads a file for the user of a resolved target, refreshing expiring
   * OAuth credentials first. When the storage rejects the credentials, the
   * connection is marked `reconnect-needed`.
   */
  async upload(
    target: ExportTarget,
    file: CloudStorageFile,
    options: { userEntityRef: string; exportId: string; signal: AbortSignal },
  ): Promise<CloudStorageUploadResult> {
    const { provider, settings, connection } = target;

    const result = await this.runOperation(
      provider,
      {
        signal: options.signal,
        settings,
        logMeta: { operation: 'upload', exportId: options.exportId },
      },
      context =>
        this.#withFreshCredentials(
          provider,
          options.userEntityRef,
          connection,
          context,
          credentials => provider.upload({ ...context, credentials, file }),
        ),
    );

    await this.#options.connectionStore.markUsed(
      options.userEntityRef,
      provider.id,
      new Date(),
    );
    return result;
  }

  /**
   * Deletes an uploaded file for the user of a resolved target, refreshing
   * expiring OAuth credentials first. A file that is already gone is not an
   * error.
   */
  async remove(
    target: ExportTarget,
    remoteId: string,
    options: { userEntityRef: string; signal: AbortSignal },
  ): Promise<void> {
    const { provider, settings, connection } = target;
    await this.runOperation(
      provider,
      {
        signal: options.signal,
        settings,
        logMeta: { operation: 'remove', userEntityRef: options.userEntityRef },
      },
      context =>
        this.#withFreshCredentials(
          provider,
          options.userEntityRef,
          connection,
          context,
          credentials => provider.remove({ ...context, credentials, remoteId }),
        ),
    );
  }

  /**
   * Refreshes the OAuth credentials of connections that no call has
   * refreshed since the given time. Refresh tokens expire when unused (Box's
   * after 60 days), and a synced copy whose resources do not change would
   * otherwise find its connection dead at the next change. Failures are
   * logged per connection; a rejected refresh token marks it for
   * reconnection.
   *
   * @returns the number of connections refreshed.
   */
  async refreshIdleConnections(
    changedBefore: Date,
    signal: AbortSignal,
  ): Promise<number> {
    const store = this.#options.connectionStore;
    const idle = await store.listIdleRefreshableConnections(changedBefore);
    let refreshed = 0;

    for (const { userEntityRef, providerId } of idle) {
      const provider = this.#providers.get(providerId);
      const connection = await store.getConnection(userEntityRef, providerId);
      if (!provider?.refreshCredentials || !connection) {
        continue;
      }
      const { settings } = await this.getEffectiveSettings(provider);
      try {
        await this.runOperation(
          provider,
          {
            signal,
            settings,
            logMeta: { operation: 'refresh-idle', userEntityRef },
          },
          context =>
            this.#refresher.refresh(
              provider,
              userEntityRef,
              connection,
              context,
            ),
        );
        refreshed += 1;
      } catch (error) {
        this.#options.logger
          .child({ providerId, userEntityRef })
          .warn('Failed to refresh idle OAuth credentials', error as Error);
      }
    }
    return refreshed;
  }

  /**
   * Runs a call with the user's credentials: refreshes them first when they
   * expire soon, and once more when the provider reports them expired.
   * Credentials that the storage rejects mark the connection
   * `reconnect-needed`.
   */
  async #withFreshCredentials<T>(
    provider: CloudStorageProvider,
    userEntityRef: string,
    connection: ProviderConnection,
    context: Omit<CloudStorageUserContext, 'credentials'>,
    call: (credentials: CloudStorageUserContext['credentials']) => Promise<T>,
  ): Promise<T> {
    let current = connection;
    if (this.#refresher.isExpiring(current)) {
      current = await this.#refresher.refresh(
        provider,
        userEntityRef,
        current,
        context,
      );
    }

    try {
      try {
        return await call(current.credentials);
      } catch (error) {
        if (
          !isCloudStorageError(error) ||
          error.kind !== 'credentials-expired'
        ) {
          throw error;
        }
        current = await this.#refresher.refresh(
          provider,
          userEntityRef,
          current,
          context,
        );
        return await call(current.credentials);
      }
    } catch (error) {
      if (isCloudStorageError(error) && error.kind === 'credentials-rejected') {
        await this.#options.connectionStore.setStatus(
          userEntityRef,
          provider.id,
          'reconnect-needed',
        );
      }
      throw error;
    }
  }
}
