import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';

/**
 * Method by which a user connects a provider: pasting an OAuth authorization
 * code, an OAuth redirect to the backend's callback, or a form of
 * credentials.
 *
 * @public
 */
export type CloudStorageConnectionMethod =
  | 'oauth-code-paste'
  | 'oauth-redirect'
  | 'credentials-form';

/**
 * Properties that every kind of {@link CloudStorageField} has.
 *
 * @public
 */
export interface CloudStorageFieldBase {
  /** Key of the value in the settings or input record. */
  key: string;
  /** Label shown next to the field. */
  title: string;
  /** Help text: what the value sets, and its unit or format. */
  description?: string;
  /** Whether a value must be given. */
  required?: boolean;
  /**
   * Whether the value is secret. The backend encrypts secret values at rest
   * and never returns them to the frontend.
   */
  secret?: boolean;
}

/**
 * A free-text field.
 *
 * @public
 */
export interface CloudStorageStringField extends CloudStorageFieldBase {
  /** Kind of field: free text. */
  type: 'string';
  /** Value used when none is given. */
  default?: string;
  /** Example shown in the empty field. */
  placeholder?: string;
}

/**
 * An on/off field.
 *
 * @public
 */
export interface CloudStorageBooleanField extends CloudStorageFieldBase {
  /** Kind of field: a switch. */
  type: 'boolean';
  /** Value used when none is given. */
  default?: boolean;
}

/**
 * A choice among fixed options.
 *
 * @public
 */
export interface CloudStorageEnumField extends CloudStorageFieldBase {
  /** Kind of field: one of fixed options. */
  type: 'enum';
  /** Allowed values, each with the label to show. */
  options: Array<{ value: string; title: string }>;
  /** Value used when none is given; one of the option values. */
  default?: string;
}

/**
 * Descriptor of one value that an admin configures or a user enters.
 *
 * @public
 */
export type CloudStorageField =
  | CloudStorageStringField
  | CloudStorageBooleanField
  | CloudStorageEnumField;

/**
 * Values of a provider's admin settings, keyed by field key, with secrets
 * already decrypted. Fields without a value are absent.
 *
 * @public
 */
export type CloudStorageSettings = Readonly<
  Record<string, string | boolean | undefined>
>;

/**
 * Context common to every call into a provider.
 *
 * @public
 */
export interface CloudStorageOperationContext {
  /** The admin's settings for this provider. */
  settings: CloudStorageSettings;
  /** Child logger that already carries the provider id and operation ids. */
  logger: LoggerService;
  /** Signal that aborts the operation, for example when the request closes. */
  signal: AbortSignal;
  /** Time in milliseconds after which each outbound request is abandoned. */
  timeoutMs: number;
}

/**
 * Context of {@link CloudStorageProvider.testConnection}.
 *
 * @public
 */
export interface CloudStorageTestConnectionContext
  extends CloudStorageOperationContext {
  /**
   * Values the admin entered for the check, as described by
   * {@link CloudStorageProvider.testConnectionFields}.
   */
  input: Readonly<Record<string, string>>;
}

/**
 * Outcome of {@link CloudStorageProvider.testConnection}.
 *
 * @public
 */
export interface CloudStorageTestConnectionResult {
  /** Whether the portal reached the storage service. */
  ok: boolean;
  /** Description of the check and, on failure, of the fix. */
  message: string;
  /** Time the check took, in milliseconds. */
  durationMs: number;
  /** The proxy the request went through, without credentials; absent when direct. */
  proxy?: string;
}

/**
 * Context of {@link CloudStorageProvider.connect}.
 *
 * @public
 */
export interface CloudStorageConnectContext
  extends CloudStorageOperationContext {
  /**
   * User input: the values of
   * {@link CloudStorageProvider.connectionFields} for `credentials-form`, or
   * the authorization code (key `code`) for the OAuth methods.
   */
  input: Readonly<Record<string, string>>;
  /**
   * For the OAuth methods: what {@link CloudStorageProvider.startAuthorization}
   * returned and was sent with it, read back from the database by the
   * `state` that came with the code.
   */
  oauth?: CloudStorageOAuthExchange;
}

/**
 * Values from the start of an OAuth flow that its code exchange needs.
 *
 * @public
 */
export interface CloudStorageOAuthExchange {
  /** The PKCE code verifier, when the provider returned one at the start. */
  codeVerifier?: string;
  /** The redirect URI sent at the start, for `oauth-redirect`. */
  redirectUri?: string;
}

/**
 * Context of {@link CloudStorageProvider.startAuthorization}.
 *
 * @public
 */
export interface CloudStorageAuthorizationContext
  extends CloudStorageOperationContext {
  /**
   * Single-use value to send as the OAuth `state` parameter. The backend
   * keeps it, bound to the user, and accepts it once before it expires.
   */
  state: string;
  /**
   * The backend's OAuth callback URL, for `oauth-redirect`; absent for
   * `oauth-code-paste`, where the provider shows the code to the user.
   */
  redirectUri?: string;
}

/**
 * Outcome of {@link CloudStorageProvider.startAuthorization}.
 *
 * @public
 */
export interface CloudStorageAuthorization {
  /** The provider's consent page, opened in a new tab or popup. */
  authorizationUrl: string;
  /**
   * The PKCE code verifier whose challenge is in the URL. The backend stores
   * it encrypted and passes it back in {@link CloudStorageConnectContext.oauth}.
   */
  codeVerifier?: string;
}

/**
 * Credentials that {@link CloudStorageProvider.refreshCredentials} returned.
 *
 * @public
 */
export interface CloudStorageRefreshedCredentials {
  /** The replacement credentials, stored encrypted in place of the old ones. */
  credentials: JsonObject;
  /** Time after which the new credentials must be refreshed again. */
  expiresAt?: Date;
}

/**
 * Outcome of {@link CloudStorageProvider.connect}.
 *
 * @public
 */
export interface CloudStorageConnection {
  /**
   * Data that later calls need to act for the user. The backend stores it
   * encrypted at rest and never returns it to the frontend.
   */
  credentials: JsonObject;
  /** Label of the connected storage, such as "bucket my-exports (eu-west-1)". */
  accountLabel: string;
  /**
   * Time after which the credentials must be refreshed with
   * {@link CloudStorageProvider.refreshCredentials}; absent when they do not
   * expire.
   */
  expiresAt?: Date;
}

/**
 * Context of the calls made on behalf of a connected user.
 *
 * @public
 */
export interface CloudStorageUserContext extends CloudStorageOperationContext {
  /** Credentials that {@link CloudStorageProvider.connect} returned for this user. */
  credentials: JsonObject;
}

/**
 * A file to create or replace in the user's storage.
 *
 * @public
 */
export interface CloudStorageFile {
  /** File name without folders, such as `orders-db-passwords.html`. */
  name: string;
  /** The complete file content. */
  content: Buffer;
  /** Lowercase hex SHA-256 of `content`. */
  sha256: string;
  /** Media type, such as `text/html; charset=utf-8`. */
  contentType: string;
  /** Metadata to store beside the file where the storage supports it. */
  metadata: Readonly<Record<string, string>>;
}

/**
 * Context of {@link CloudStorageProvider.upload}.
 *
 * @public
 */
export interface CloudStorageUploadContext extends CloudStorageUserContext {
  /** The file to create or replace. */
  file: CloudStorageFile;
}

/**
 * Outcome of {@link CloudStorageProvider.upload}.
 *
 * @public
 */
export interface CloudStorageUploadResult {
  /** Human-readable place of the file, such as `s3://bucket/key`. */
  location: string;
  /** Identifier that {@link CloudStorageProvider.remove} takes to delete the file. */
  remoteId: string;
}

/**
 * Context of {@link CloudStorageProvider.remove}.
 *
 * @public
 */
export interface CloudStorageRemoveContext extends CloudStorageUserContext {
  /** The `remoteId` that {@link CloudStorageProvider.upload} returned. */
  remoteId: string;
}

/**
 * A cloud storage service that users sync encrypted exports to.
 *
 * @remarks
 *
 * Every method that fails throws a {@link CloudStorageError}, whose message
 * the backend shows to the user and whose kind decides the HTTP status and
 * whether the backend retries. No message or log line may contain a secret.
 *
 * @public
 */
export interface CloudStorageProvider {
  /** Unique identifier, such as `s3`, used in routes, settings and history. */
  readonly id: string;
  /** Name shown to users, such as "Amazon S3". */
  readonly title: string;
  /** Connection method offered to users. */
  readonly connectionMethod: CloudStorageConnectionMethod;
  /** Descriptors of the admin settings. */
  readonly settings: CloudStorageField[];
  /** Fields a user fills in to connect; empty for the OAuth methods. */
  readonly connectionFields: CloudStorageField[];
  /** Fields the admin fills in for "Test connection"; may be empty. */
  readonly testConnectionFields: CloudStorageField[];

  /**
   * Validates the admin settings before the backend saves them for an
   * enabled provider, so that a wrong value is rejected on the admin page
   * instead of failing every later call.
   *
   * @throws CloudStorageError of kind `invalid-input` naming the field.
   */
  validateSettings?(settings: CloudStorageSettings): void;

  /**
   * Checks that the portal reaches the storage service, through the proxy if
   * one is set. Reports failures in the result instead of throwing.
   */
  testConnection(
    context: CloudStorageTestConnectionContext,
  ): Promise<CloudStorageTestConnectionResult>;

  /**
   * Starts an OAuth connection: returns the consent page to open. Required for
   * the OAuth connection methods.
   */
  startAuthorization?(
    context: CloudStorageAuthorizationContext,
  ): Promise<CloudStorageAuthorization>;

  /**
   * Exchanges the refresh token in the credentials for new credentials.
   * Required when {@link CloudStorageProvider.connect} returns an
   * `expiresAt`. The backend calls it under a lock that holds across
   * replicas, before the expiry or after a call failed with kind
   * `credentials-expired`. Throws kind `credentials-rejected` when the
   * refresh token is revoked or invalid.
   */
  refreshCredentials?(
    context: CloudStorageUserContext,
  ): Promise<CloudStorageRefreshedCredentials>;

  /**
   * Validates the user's input against the storage and returns what later
   * calls need. Throws a {@link CloudStorageError} that names the field when
   * one input value is wrong.
   */
  connect(context: CloudStorageConnectContext): Promise<CloudStorageConnection>;

  /**
   * Creates or replaces one file. Resolves only after the storage confirmed
   * the write.
   */
  upload(context: CloudStorageUploadContext): Promise<CloudStorageUploadResult>;

  /** Deletes one uploaded file. A file that is already gone is not an error. */
  remove(context: CloudStorageRemoveContext): Promise<void>;

  /**
   * Releases what the connection holds at the provider, such as revoking an
   * OAuth token. Callers delete the stored credentials afterwards, even when
   * this throws.
   */
  disconnect(context: CloudStorageUserContext): Promise<void>;
}
