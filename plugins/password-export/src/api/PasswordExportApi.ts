import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  Account,
  AccountInput,
  AuthorizationCodeConnectRequest,
  AuthorizationStart,
  CloudExportResult,
  ConnectionView,
  ExportOptions,
  ExportPreflightRequest,
  ExportPreflightResult,
  ExportRequest,
  HistoryPage,
  ProviderSettingsUpdate,
  ProviderView,
  SyncedCopyView,
  TestConnectionResult,
} from '@internal/backstage-plugin-password-export-common';

/**
 * A file returned by the export endpoint, ready to be saved.
 *
 * @public
 */
export interface ExportedFile {
  /** Content of the file. */
  blob: Blob;
  /** File name proposed by the backend in `Content-Disposition`. */
  fileName: string;
  /** Identifier of the export in the backend's history. */
  exportId?: string;
  /** Lowercase hex SHA-256 of the file, as computed by the backend. */
  sha256?: string;
}

/**
 * Filters and paging of {@link PasswordExportApi.listHistory}. Absent
 * filters match every entry.
 *
 * @public
 */
export interface HistoryQuery {
  /** Entity ref of the user who exported, such as `user:default/jane`. */
  user?: string;
  /** Entity ref of an exported resource. */
  entityRef?: string;
  /** `download` or a provider id. */
  destination?: string;
  /** Earliest time of the entries, ISO 8601, inclusive. */
  from?: string;
  /** Latest time of the entries, ISO 8601, inclusive. */
  to?: string;
  /** Number of matching entries to skip. */
  offset?: number;
  /** Maximum number of entries to return. */
  limit?: number;
}

/**
 * An export request whose file goes to a cloud storage provider rather than
 * to the browser.
 *
 * @public
 */
export type CloudExportRequest = ExportRequest & {
  /** Id of an enabled provider that the user has connected. */
  destination: string;
};

/**
 * Result of {@link PasswordExportApi.syncCopyNow}.
 *
 * @public
 */
export interface SyncCopyNowResult {
  /** The copy after the sync; its status is `failed` when the sync failed. */
  copy: SyncedCopyView;
  /**
   * False when another backend instance was syncing the copy already, so
   * this request did not sync it.
   */
  finished: boolean;
}

/**
 * Options of {@link PasswordExportApi.deleteSyncedCopy}.
 *
 * @public
 */
export interface DeleteSyncedCopyOptions {
  /**
   * Whether only the copy's record is deleted and the remote file stays.
   * The backend allows it for a stopped copy, or when the caller has no
   * connection to the copy's provider.
   */
  keepRemoteFile?: boolean;
}

/**
 * Options of {@link PasswordExportApi.disconnectProvider}.
 *
 * @public
 */
export interface DisconnectProviderOptions {
  /**
   * Whether the backend also deletes the files of the caller's synced copies
   * in the provider's storage; when absent, the backend's default applies,
   * which keeps them.
   */
  deleteCopies?: boolean;
}

/**
 * Client of the password export backend: accounts of resource entities and
 * password exports.
 *
 * @remarks
 *
 * Every method rejects with a `ResponseError` from `@backstage/errors` when
 * the backend responds with an error status.
 *
 * @public
 */
export interface PasswordExportApi {
  /** Lists the accounts of an entity, without their passwords. */
  listAccounts(entityRef: string): Promise<Account[]>;

  /** Creates an account for an entity. */
  createAccount(entityRef: string, input: AccountInput): Promise<Account>;

  /**
   * Updates an account; leaving out `input.password` keeps the stored
   * password.
   */
  updateAccount(
    entityRef: string,
    accountId: string,
    input: AccountInput,
  ): Promise<Account>;

  /** Deletes an account. */
  deleteAccount(entityRef: string, accountId: string): Promise<void>;

  /** Fetches the password of an account. */
  revealPassword(entityRef: string, accountId: string): Promise<string>;

  /** Fetches the limits that an export request must respect. */
  getExportOptions(): Promise<ExportOptions>;

  /**
   * Asks the backend whether its permission policy allows an export, and
   * whether, and how long, a reason is required, before the user submits it.
   * The backend decides again on submit.
   */
  preflightExport(
    request: ExportPreflightRequest,
    options?: { signal?: AbortSignal },
  ): Promise<ExportPreflightResult>;

  /** Exports the accounts of one or more entities as a file. */
  exportPasswords(request: ExportRequest): Promise<ExportedFile>;

  /**
   * Exports the accounts of one or more entities to a cloud storage
   * provider, which accepts only the `encrypted-html` format.
   */
  exportToProvider(request: CloudExportRequest): Promise<CloudExportResult>;

  /**
   * Lists the cloud storage providers: the enabled ones with the caller's
   * connection, or all of them with their settings for a caller with
   * `password-export.settings.read`.
   */
  listProviders(): Promise<ProviderView[]>;

  /**
   * Changes whether a provider is enabled and its settings. In
   * `update.values`, an absent key keeps the stored value and `null` clears
   * it.
   */
  updateProviderSettings(
    providerId: string,
    update: ProviderSettingsUpdate,
  ): Promise<ProviderView>;

  /**
   * Checks that the portal reaches a provider's storage service, with the
   * values of the provider's `testConnectionFields` when it has any.
   */
  testProviderConnection(
    providerId: string,
    input?: Record<string, string>,
  ): Promise<TestConnectionResult>;

  /**
   * Connects the caller to a provider with the values of its
   * `connectionFields`; the backend validates them against the storage.
   */
  connectProvider(
    providerId: string,
    input: Record<string, string>,
  ): Promise<ConnectionView>;

  /**
   * Starts an OAuth connection to an `oauth-code-paste` or `oauth-redirect`
   * provider. The user gives consent at the returned `authorizationUrl`
   * before `expiresAt`.
   */
  startAuthorization(providerId: string): Promise<AuthorizationStart>;

  /**
   * Connects the caller to an `oauth-code-paste` provider with the code that
   * the provider showed after consent and the `state` of the flow it
   * belongs to.
   */
  connectWithAuthorizationCode(
    providerId: string,
    request: AuthorizationCodeConnectRequest,
  ): Promise<ConnectionView>;

  /**
   * Removes the caller's connection to a provider, and on request the files
   * of the caller's synced copies in that provider's storage.
   */
  disconnectProvider(
    providerId: string,
    options?: DisconnectProviderOptions,
  ): Promise<void>;

  /** Lists the caller's own synced copies. */
  listSyncedCopies(): Promise<SyncedCopyView[]>;

  /** Uploads a synced copy again now, with the accounts as they are. */
  syncCopyNow(copyId: string): Promise<SyncCopyNowResult>;

  /**
   * Stops re-syncing a copy when its accounts change; the remote file stays
   * as it is.
   */
  stopSyncingCopy(copyId: string): Promise<void>;

  /**
   * Deletes the remote file of a synced copy, then the copy's record, or
   * only the record with `keepRemoteFile`.
   */
  deleteSyncedCopy(
    copyId: string,
    options?: DeleteSyncedCopyOptions,
  ): Promise<void>;

  /**
   * Lists export history entries, newest first. A caller without
   * `password-export.settings.read` gets only their own entries.
   */
  listHistory(query?: HistoryQuery): Promise<HistoryPage>;
}

/**
 * Reference of the {@link PasswordExportApi}.
 *
 * @public
 */
export const passwordExportApiRef = createApiRef<PasswordExportApi>().with({
  id: 'plugin.password-export.service',
  pluginId: 'password-export',
});
