import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  Account,
  AccountInput,
  AuthorizationCodeConnectRequest,
  AuthorizationStart,
  CloudExportResult,
  ConnectionView,
  ExportFormat,
  ExportOptions,
  ExportPreflightRequest,
  ExportPreflightResult,
  ExportRequest,
  HistoryPage,
  ProviderSettingsUpdate,
  ProviderView,
  SyncedCopyList,
  SyncedCopyView,
  TestConnectionResult,
} from '@internal/backstage-plugin-password-export-common';
import {
  CloudExportRequest,
  DeleteSyncedCopyOptions,
  DisconnectProviderOptions,
  ExportedFile,
  HistoryQuery,
  PasswordExportApi,
  SyncCopyNowResult,
} from './PasswordExportApi';
import { parseContentDisposition } from './parseContentDisposition';

const fallbackExtensions: Record<ExportFormat, string> = {
  'encrypted-html': 'html',
  csv: 'csv',
  xlsx: 'xlsx',
};

/**
 * Options of {@link PasswordExportClient}.
 *
 * @public
 */
export interface PasswordExportClientOptions {
  /** Resolves the base URL of the `password-export` backend plugin. */
  discoveryApi: DiscoveryApi;
  /** Sends requests with the user's Backstage credentials. */
  fetchApi: FetchApi;
}

/**
 * Default {@link PasswordExportApi} implementation, which calls the
 * `password-export` backend plugin over HTTP.
 *
 * @public
 */
export class PasswordExportClient implements PasswordExportApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: PasswordExportClientOptions) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  /** {@inheritdoc PasswordExportApi.listAccounts} */
  async listAccounts(entityRef: string): Promise<Account[]> {
    const response = await this.request(this.accountsPath(entityRef));
    const body: { items: Account[] } = await response.json();
    return body.items;
  }

  /** {@inheritdoc PasswordExportApi.createAccount} */
  async createAccount(
    entityRef: string,
    input: AccountInput,
  ): Promise<Account> {
    const response = await this.request(this.accountsPath(entityRef), {
      method: 'POST',
      body: input,
    });
    return (await response.json()) as Account;
  }

  /** {@inheritdoc PasswordExportApi.updateAccount} */
  async updateAccount(
    entityRef: string,
    accountId: string,
    input: AccountInput,
  ): Promise<Account> {
    const response = await this.request(
      this.accountPath(entityRef, accountId),
      { method: 'PUT', body: input },
    );
    return (await response.json()) as Account;
  }

  /** {@inheritdoc PasswordExportApi.deleteAccount} */
  async deleteAccount(entityRef: string, accountId: string): Promise<void> {
    await this.request(this.accountPath(entityRef, accountId), {
      method: 'DELETE',
    });
  }

  /** {@inheritdoc PasswordExportApi.revealPassword} */
  async revealPassword(entityRef: string, accountId: string): Promise<string> {
    const response = await this.request(
      `${this.accountPath(entityRef, accountId)}/password`,
    );
    const body: { password: string } = await response.json();
    return body.password;
  }

  /** {@inheritdoc PasswordExportApi.getExportOptions} */
  async getExportOptions(): Promise<ExportOptions> {
    const response = await this.request('/export-options');
    return (await response.json()) as ExportOptions;
  }

  /** {@inheritdoc PasswordExportApi.preflightExport} */
  async preflightExport(
    request: ExportPreflightRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<ExportPreflightResult> {
    const response = await this.request('/exports/preflight', {
      method: 'POST',
      body: request,
      signal: options.signal,
    });
    return (await response.json()) as ExportPreflightResult;
  }

  /** {@inheritdoc PasswordExportApi.exportPasswords} */
  async exportPasswords(request: ExportRequest): Promise<ExportedFile> {
    const response = await this.request('/exports', {
      method: 'POST',
      body: request,
    });

    const blob = await response.blob();
    const fileName =
      parseContentDisposition(response.headers.get('Content-Disposition')) ??
      `password-export.${fallbackExtensions[request.format]}`;

    return {
      blob,
      fileName,
      exportId: response.headers.get('X-Export-Id') ?? undefined,
      sha256: response.headers.get('X-Export-Sha256') ?? undefined,
    };
  }

  /** {@inheritdoc PasswordExportApi.exportToProvider} */
  async exportToProvider(
    request: CloudExportRequest,
  ): Promise<CloudExportResult> {
    const response = await this.request('/exports', {
      method: 'POST',
      body: request,
    });
    return (await response.json()) as CloudExportResult;
  }

  /** {@inheritdoc PasswordExportApi.listProviders} */
  async listProviders(): Promise<ProviderView[]> {
    const response = await this.request('/providers');
    const body: { items: ProviderView[] } = await response.json();
    return body.items;
  }

  /** {@inheritdoc PasswordExportApi.updateProviderSettings} */
  async updateProviderSettings(
    providerId: string,
    update: ProviderSettingsUpdate,
  ): Promise<ProviderView> {
    const response = await this.request(
      `${this.providerPath(providerId)}/settings`,
      { method: 'PUT', body: update },
    );
    return (await response.json()) as ProviderView;
  }

  /** {@inheritdoc PasswordExportApi.testProviderConnection} */
  async testProviderConnection(
    providerId: string,
    input?: Record<string, string>,
  ): Promise<TestConnectionResult> {
    const response = await this.request(
      `${this.providerPath(providerId)}/test`,
      { method: 'POST', body: input === undefined ? {} : { input } },
    );
    return (await response.json()) as TestConnectionResult;
  }

  /** {@inheritdoc PasswordExportApi.connectProvider} */
  async connectProvider(
    providerId: string,
    input: Record<string, string>,
  ): Promise<ConnectionView> {
    const response = await this.request(
      `${this.providerPath(providerId)}/connection`,
      { method: 'PUT', body: { input } },
    );
    return (await response.json()) as ConnectionView;
  }

  /** {@inheritdoc PasswordExportApi.startAuthorization} */
  async startAuthorization(providerId: string): Promise<AuthorizationStart> {
    const response = await this.request(
      `${this.providerPath(providerId)}/authorizations`,
      { method: 'POST' },
    );
    return (await response.json()) as AuthorizationStart;
  }

  /** {@inheritdoc PasswordExportApi.connectWithAuthorizationCode} */
  async connectWithAuthorizationCode(
    providerId: string,
    request: AuthorizationCodeConnectRequest,
  ): Promise<ConnectionView> {
    const response = await this.request(
      `${this.providerPath(providerId)}/connection`,
      { method: 'PUT', body: request },
    );
    return (await response.json()) as ConnectionView;
  }

  /** {@inheritdoc PasswordExportApi.disconnectProvider} */
  async disconnectProvider(
    providerId: string,
    options: DisconnectProviderOptions = {},
  ): Promise<void> {
    const path = `${this.providerPath(providerId)}/connection`;
    const query =
      options.deleteCopies === undefined
        ? ''
        : `?deleteCopies=${options.deleteCopies}`;
    await this.request(`${path}${query}`, { method: 'DELETE' });
  }

  /** {@inheritdoc PasswordExportApi.listSyncedCopies} */
  async listSyncedCopies(): Promise<SyncedCopyView[]> {
    const response = await this.request('/synced-copies');
    const body: SyncedCopyList = await response.json();
    return body.items;
  }

  /** {@inheritdoc PasswordExportApi.syncCopyNow} */
  async syncCopyNow(copyId: string): Promise<SyncCopyNowResult> {
    const response = await this.request(`${this.syncedCopyPath(copyId)}/sync`, {
      method: 'POST',
    });
    const copy: SyncedCopyView = await response.json();
    // 202: another backend instance has claimed the copy and syncs it.
    return { copy, finished: response.status !== 202 };
  }

  /** {@inheritdoc PasswordExportApi.stopSyncingCopy} */
  async stopSyncingCopy(copyId: string): Promise<void> {
    await this.request(`${this.syncedCopyPath(copyId)}/stop`, {
      method: 'POST',
    });
  }

  /** {@inheritdoc PasswordExportApi.deleteSyncedCopy} */
  async deleteSyncedCopy(
    copyId: string,
    options: DeleteSyncedCopyOptions = {},
  ): Promise<void> {
    const query =
      options.keepRemoteFile === undefined
        ? ''
        : `?keepRemoteFile=${options.keepRemoteFile}`;
    await this.request(`${this.syncedCopyPath(copyId)}${query}`, {
      method: 'DELETE',
    });
  }

  /** {@inheritdoc PasswordExportApi.listHistory} */
  async listHistory(query: HistoryQuery = {}): Promise<HistoryPage> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      // Empty filters are left out rather than sent as `user=`, which the
      // backend would read as "entries of no user".
      if (value !== undefined && value !== '') {
        params.set(key, String(value));
      }
    }

    const search = params.toString();
    const response = await this.request(
      search ? `/history?${search}` : '/history',
    );
    return (await response.json()) as HistoryPage;
  }

  private providerPath(providerId: string): string {
    return `/providers/${encodeURIComponent(providerId)}`;
  }

  private syncedCopyPath(copyId: string): string {
    return `/synced-copies/${encodeURIComponent(copyId)}`;
  }

  private accountsPath(entityRef: string): string {
    const { kind, namespace, name } = parseEntityRef(entityRef);
    const parts = [kind.toLocaleLowerCase('en-US'), namespace, name];
    return `/entities/${parts.map(encodeURIComponent).join('/')}/accounts`;
  }

  private accountPath(entityRef: string, accountId: string): string {
    return `${this.accountsPath(entityRef)}/${encodeURIComponent(accountId)}`;
  }

  private async request(
    path: string,
    options: { method?: string; body?: unknown; signal?: AbortSignal } = {},
  ): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('password-export');
    const hasBody = options.body !== undefined;

    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method: options.method ?? 'GET',
      headers: hasBody ? { 'Content-Type': 'application/json' } : undefined,
      body: hasBody ? JSON.stringify(options.body) : undefined,
      signal: options.signal,
    });

    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }
}
