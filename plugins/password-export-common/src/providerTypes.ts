/**
 * Method by which a user connects a cloud storage provider: pasting an OAuth
 * authorization code, an OAuth redirect, or a form of credentials.
 *
 * @public
 */
export type ProviderConnectionMethod =
  | 'oauth-code-paste'
  | 'oauth-redirect'
  | 'credentials-form';

/**
 * Descriptor of one value that an admin configures or a user enters, as the
 * API returns it.
 *
 * @public
 */
export interface ProviderField {
  /** Key of the value in the settings or input record. */
  key: string;
  /** Label shown next to the field. */
  title: string;
  /** Help text: what the value sets, and its unit or format. */
  description?: string;
  /** Whether a value must be given. */
  required?: boolean;
  /** Whether the value is secret; secret values are never returned. */
  secret?: boolean;
  /** Kind of input. */
  type: 'string' | 'boolean' | 'enum';
  /** Value used when none is given; never present on secret fields. */
  default?: string | boolean;
  /** Example shown in an empty text field. */
  placeholder?: string;
  /** Allowed values of an `enum` field, each with its label. */
  options?: Array<{ value: string; title: string }>;
}

/**
 * State of a secret setting: whether a value is stored, never the value.
 *
 * @public
 */
export interface SecretSettingState {
  /** Marks the entry as a secret. */
  secret: true;
  /** Whether a value is stored or preset. */
  set: boolean;
}

/**
 * Effective value of one provider setting: the config preset, else the
 * stored value, else the field's default.
 *
 * @public
 */
export type ProviderSettingValue = string | boolean | SecretSettingState;

/**
 * State of the caller's own connection to a provider. Credentials are never
 * part of it.
 *
 * @public
 */
export interface ConnectionView {
  /** Label of the connected storage, such as "bucket my-exports (eu-west-1)". */
  accountLabel: string;
  /**
   * `connected`, or `reconnect-needed` after the storage rejected the stored
   * credentials.
   */
  status: 'connected' | 'reconnect-needed';
  /** Time of the last successful upload, ISO 8601. */
  lastUsedAt?: string;
}

/**
 * A cloud storage provider as `GET /providers` returns it.
 *
 * @remarks
 *
 * Every user gets the enabled providers with their own connection. A caller
 * with `password-export.settings.read` gets every provider, plus the
 * settings fields, the effective settings and the keys fixed by config.
 *
 * @public
 */
export interface ProviderView {
  /** Provider id, such as `s3`. */
  id: string;
  /** Display name, such as "Amazon S3". */
  title: string;
  /** Method by which a user connects. */
  connectionMethod: ProviderConnectionMethod;
  /** Whether users may connect and export to the provider. */
  enabled: boolean;
  /** Descriptors of the admin settings; only with settings.read. */
  settingsFields?: ProviderField[];
  /** Effective settings, secrets reduced to their state; only with settings.read. */
  settings?: Record<string, ProviderSettingValue>;
  /** Keys fixed by config, which the API refuses to change; only with settings.read. */
  presetKeys?: string[];
  /** Fields the admin fills in for "Test connection"; only with settings.read. */
  testConnectionFields?: ProviderField[];
  /** Fields a user fills in to connect (`credentials-form`). */
  connectionFields: ProviderField[];
  /** The caller's own connection; absent when not connected. */
  connection?: ConnectionView;
  /**
   * The backend's OAuth callback URL to register in the provider's app, for
   * `oauth-redirect` providers; only with settings.read.
   */
  redirectUri?: string;
}

/**
 * Response of `POST /providers/{providerId}/authorizations`: the start of an
 * OAuth connection.
 *
 * @public
 */
export interface AuthorizationStart {
  /** The provider's consent page, to open in a new tab or popup. */
  authorizationUrl: string;
  /**
   * Single-use value that identifies this flow. An `oauth-code-paste` client
   * sends it back with the code; the provider sends it to the callback.
   */
  state: string;
  /** Time after which the flow can no longer complete, ISO 8601. */
  expiresAt: string;
}

/**
 * Body of `PUT /providers/{providerId}/connection` for an
 * `oauth-code-paste` provider.
 *
 * @public
 */
export interface AuthorizationCodeConnectRequest {
  /** The code the provider showed after consent. */
  input: { code: string };
  /** The `state` of the {@link AuthorizationStart} this code belongs to. */
  state: string;
}

/**
 * Message that the OAuth callback page posts to the portal window that
 * opened it, with `window.postMessage`, before it closes.
 *
 * @public
 */
export interface OAuthCallbackMessage {
  /** Marker that distinguishes this message from other windows' messages. */
  type: 'password-export:oauth-result';
  /** Id of the provider the flow was for; absent when the state was unknown. */
  providerId?: string;
  /** Whether the connection was saved. */
  ok: boolean;
  /** Outcome to show to the user. */
  message: string;
}

/**
 * Body of `PUT /providers/:providerId/settings`.
 *
 * @remarks
 *
 * For every field, an absent key keeps the stored value, `null` clears it and
 * a value replaces it. Keys fixed by config cannot be changed.
 *
 * @public
 */
export interface ProviderSettingsUpdate {
  /** Whether users may connect and export to the provider. */
  enabled: boolean;
  /** New values by field key. */
  values: Record<string, string | boolean | null>;
}

/**
 * Response of `POST /providers/:providerId/test`.
 *
 * @public
 */
export interface TestConnectionResult {
  /** Whether the portal reached the storage service. */
  ok: boolean;
  /** Description of the check and, on failure, of the fix. */
  message: string;
  /** Time the check took, in milliseconds. */
  durationMs: number;
  /** The proxy the request went through, without credentials. */
  proxy?: string;
}

/**
 * One export attempt as `GET /history` returns it; never contains a secret.
 *
 * @public
 */
export interface HistoryEntry {
  /** Export id. */
  id: string;
  /**
   * Kind of entry: an export, or the re-sync, stop or deletion of a synced
   * copy. Clients treat an absent value as `export`.
   */
  action?: 'export' | 'resync' | 'stop' | 'delete';
  /** Time of the attempt, ISO 8601. */
  createdAt: string;
  /** User who requested the export. */
  userEntityRef: string;
  /** Exported resource entities. */
  entityRefs: string[];
  /** File format. */
  format: string;
  /** `download` or a provider id. */
  destination: string;
  /** Reason the user gave. */
  reason?: string;
  /** Lowercase hex SHA-256 of the file, when one was made. */
  sha256?: string;
  /** `denied` when a permission or an input check stopped the export. */
  outcome: 'succeeded' | 'denied' | 'failed';
  /** Number of exported accounts. */
  accountCount: number;
  /** Place of the uploaded file, for cloud destinations. */
  location?: string;
  /** Message of the error that stopped the export. */
  error?: string;
}

/**
 * Response of `GET /history`.
 *
 * @public
 */
export interface HistoryPage {
  /** Entries of the page, newest first. */
  items: HistoryEntry[];
  /** Number of entries that match the filters, across all pages. */
  totalCount: number;
}
