import { mockApis } from '@backstage/frontend-test-utils';
import {
  Account,
  AuthorizationStart,
  CloudExportResult,
  ConnectionView,
  ExportPreflightRequest,
  ExportPreflightResult,
  ExportRequest,
  HistoryEntry,
  ProviderConnectionMethod,
  ProviderField,
  ProviderSettingsUpdate,
  ProviderSettingValue,
  ProviderView,
  SyncedCopyView,
  TestConnectionResult,
} from '@internal/backstage-plugin-password-export-common';
import { http, HttpResponse } from 'msw';
import { PasswordExportClient } from '../api';

/** Base URL that the test discovery API returns for the plugin. */
export const TEST_BASE_URL = 'http://backstage.test/api/password-export';

/** An account of the fake backend, with its password. */
export interface StoredAccount extends Account {
  password: string;
}

/** Builds the standard Backstage error body that the backend sends. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** Creates the real client, pointed at the test base URL. */
export function createTestClient() {
  return new PasswordExportClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });
}

/** A preflight decision that allows every export without a reason. */
export const ALLOW_PREFLIGHT: ExportPreflightResult = {
  allowed: true,
  reason: { required: false },
};

/**
 * Creates an msw handler for `POST /exports/preflight` that responds with the
 * given decision, computed from the request body when it is a function.
 */
export function createPreflightHandler(
  decide:
    | ExportPreflightResult
    | ((
        body: ExportPreflightRequest,
      ) =>
        | ExportPreflightResult
        | Promise<ExportPreflightResult>) = ALLOW_PREFLIGHT,
) {
  return http.post(
    `${TEST_BASE_URL}/exports/preflight`,
    async ({ request }) => {
      const body = (await request.json()) as ExportPreflightRequest;
      const result = typeof decide === 'function' ? await decide(body) : decide;
      return HttpResponse.json(result);
    },
  );
}

/**
 * Creates msw handlers that implement the accounts routes in memory, so that
 * component tests exercise the real client against HTTP.
 */
export function createAccountsHandlers(accounts: StoredAccount[]) {
  const accountsUrl = `${TEST_BASE_URL}/entities/:kind/:namespace/:name/accounts`;
  let nextId = 1;

  const publicFields = ({ password: _password, ...account }: StoredAccount) =>
    account;

  return [
    http.get(accountsUrl, () =>
      HttpResponse.json({ items: accounts.map(publicFields) }),
    ),
    http.post(accountsUrl, async ({ request, params }) => {
      const input = (await request.json()) as Omit<StoredAccount, 'id'>;
      const account: StoredAccount = {
        ...input,
        id: `new-${nextId++}`,
        entityRef: `${params.kind}:${params.namespace}/${params.name}`,
        updatedAt: '2026-02-01T10:00:00.000Z',
      };
      accounts.push(account);
      return HttpResponse.json(publicFields(account), { status: 201 });
    }),
    http.put(`${accountsUrl}/:id`, async ({ request, params }) => {
      const index = accounts.findIndex(a => a.id === params.id);
      const input = (await request.json()) as Partial<StoredAccount>;
      accounts[index] = {
        ...accounts[index],
        ...input,
        password: input.password ?? accounts[index].password,
      };
      return HttpResponse.json(publicFields(accounts[index]));
    }),
    http.delete(`${accountsUrl}/:id`, ({ params }) => {
      const index = accounts.findIndex(a => a.id === params.id);
      accounts.splice(index, 1);
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(`${accountsUrl}/:id/password`, ({ params }) => {
      const account = accounts.find(a => a.id === params.id);
      if (!account) {
        return errorResponse(404, 'NotFoundError', 'Account not found');
      }
      return HttpResponse.json({ password: account.password });
    }),
  ];
}

/** A provider of the fake backend, with its stored settings in clear. */
export interface FakeProvider {
  id: string;
  title: string;
  connectionMethod: ProviderConnectionMethod;
  enabled: boolean;
  settingsFields: ProviderField[];
  /** Stored values, secrets included; only their state is ever sent. */
  storedSettings: Record<string, string | boolean>;
  presetKeys: string[];
  connectionFields: ProviderField[];
  testConnectionFields?: ProviderField[];
  /** OAuth callback URL, sent to readers of the settings. */
  redirectUri?: string;
}

/** A field error that the fake backend rejects a connection request with. */
export interface FakeFieldError {
  field?: string;
  message: string;
}

/** Options of {@link createProvidersBackend}. */
export interface FakeProvidersBackendOptions {
  providers: FakeProvider[];
  /** Whether the caller has `password-export.settings.read`. */
  canReadSettings?: boolean;
  /** The caller's connections, by provider id. */
  connections?: Record<string, ConnectionView>;
  history?: HistoryEntry[];
  /** Returns an error to reject a connection request with, if any. */
  validateConnection?: (
    providerId: string,
    input: Record<string, string>,
    state?: string,
  ) => FakeFieldError | undefined;
  testResult?: TestConnectionResult;
  /**
   * Account label of a new connection by provider id; S3's
   * "bucket … (region)" otherwise.
   */
  accountLabels?: Record<string, string>;
  /** The caller's synced copies. */
  syncedCopies?: SyncedCopyView[];
}

/** Builds the Amazon S3 provider as the S3 module describes it. */
export function makeS3Provider(overrides: Partial<FakeProvider> = {}) {
  const provider: FakeProvider = {
    id: 's3',
    title: 'Amazon S3',
    connectionMethod: 'credentials-form',
    enabled: true,
    settingsFields: [
      {
        key: 'prefix',
        title: 'Object key prefix',
        description: 'Folder in each bucket that receives the exports.',
        type: 'string',
        default: 'password-exports/',
      },
      {
        key: 'serverSideEncryption',
        title: 'Server-side encryption',
        type: 'enum',
        options: [
          { value: 'none', title: 'None (bucket default)' },
          { value: 'AES256', title: 'SSE-S3 (AES256)' },
          { value: 'aws:kms', title: 'SSE-KMS (AWS KMS key)' },
        ],
        default: 'none',
      },
      { key: 'kmsKeyId', title: 'KMS key id', type: 'string' },
      {
        key: 'allowCustomEndpoints',
        title: 'Allow custom endpoints',
        type: 'boolean',
        default: false,
      },
    ],
    storedSettings: {},
    presetKeys: [],
    connectionFields: [
      {
        key: 'accessKeyId',
        title: 'Access key id',
        type: 'string',
        required: true,
      },
      {
        key: 'secretAccessKey',
        title: 'Secret access key',
        type: 'string',
        required: true,
        secret: true,
      },
      { key: 'bucket', title: 'Bucket', type: 'string', required: true },
      { key: 'region', title: 'Region', type: 'string', required: true },
    ],
    testConnectionFields: [],
  };
  return { ...provider, ...overrides };
}

/** Builds a provider that connects by a pasted code, as Dropbox does. */
export function makeDropboxProvider(overrides: Partial<FakeProvider> = {}) {
  const provider: FakeProvider = {
    id: 'dropbox',
    title: 'Dropbox',
    connectionMethod: 'oauth-code-paste',
    enabled: true,
    settingsFields: [
      { key: 'appKey', title: 'App key', type: 'string', required: true },
    ],
    storedSettings: { appKey: 'dropbox-app-1' },
    presetKeys: [],
    connectionFields: [],
  };
  return { ...provider, ...overrides };
}

/** Builds a synced copy of the orders-db resource in Dropbox. */
export function makeSyncedCopy(
  overrides: Partial<SyncedCopyView> = {},
): SyncedCopyView {
  return {
    id: 'copy-1',
    providerId: 'dropbox',
    providerTitle: 'Dropbox',
    entityRefs: ['resource:default/orders-db'],
    fileName: 'orders-db-passwords.html',
    location: '/Apps/Password Export/orders-db-passwords.html',
    keepUpToDate: true,
    status: 'current',
    lastSyncedAt: '2026-03-02T09:15:00.000Z',
    createdAt: '2026-03-01T08:00:00.000Z',
    ...overrides,
  };
}

/** Builds a provider with an admin secret, in the manner of Box. */
export function makeBoxProvider(overrides: Partial<FakeProvider> = {}) {
  const provider: FakeProvider = {
    id: 'box',
    title: 'Box',
    connectionMethod: 'oauth-redirect',
    enabled: false,
    settingsFields: [
      { key: 'clientId', title: 'Client id', type: 'string', required: true },
      {
        key: 'clientSecret',
        title: 'Client secret',
        type: 'string',
        required: true,
        secret: true,
      },
    ],
    storedSettings: { clientId: 'box-client-1', clientSecret: 'box-s3cr3t' },
    presetKeys: [],
    connectionFields: [],
    redirectUri:
      'https://backstage.example.com/api/password-export/oauth/callback',
  };
  return { ...provider, ...overrides };
}

function effectiveSettings(provider: FakeProvider) {
  const settings: Record<string, ProviderSettingValue> = {};
  for (const field of provider.settingsFields) {
    const stored = provider.storedSettings[field.key];
    if (field.secret) {
      settings[field.key] = { secret: true, set: stored !== undefined };
    } else if (stored !== undefined) {
      settings[field.key] = stored;
    } else if (field.default !== undefined) {
      settings[field.key] = field.default;
    }
  }
  return settings;
}

function applySettingsUpdate(
  provider: FakeProvider,
  update: ProviderSettingsUpdate,
): string | undefined {
  for (const [key, value] of Object.entries(update.values)) {
    if (provider.presetKeys.includes(key)) {
      return `Setting ${key} is set in config and cannot be changed here`;
    }
    if (!provider.settingsFields.some(field => field.key === key)) {
      return `Setting ${key} is unknown`;
    }
    if (value === null) {
      delete provider.storedSettings[key];
    } else {
      provider.storedSettings[key] = value;
    }
  }
  provider.enabled = update.enabled;
  return undefined;
}

function matchesHistoryQuery(entry: HistoryEntry, query: URLSearchParams) {
  const user = query.get('user');
  const entityRef = query.get('entityRef');
  const destination = query.get('destination');
  const from = query.get('from');
  const to = query.get('to');

  return (
    (!user || entry.userEntityRef === user) &&
    (!entityRef || entry.entityRefs.includes(entityRef)) &&
    (!destination || entry.destination === destination) &&
    (!from || entry.createdAt >= from) &&
    (!to || entry.createdAt <= to)
  );
}

/** Base of the consent page URLs that the fake backend returns. */
export const TEST_AUTHORIZATION_URL = 'https://auth.test/authorize';

/**
 * Creates msw handlers that implement the provider, connection, history,
 * synced copy and cloud export routes in memory, and records what the client
 * sent.
 */
export function createProvidersBackend(options: FakeProvidersBackendOptions) {
  const { providers } = options;
  const connections = { ...options.connections };
  const history = options.history ?? [];
  const syncedCopies = [...(options.syncedCopies ?? [])];
  const requests = {
    settingsUpdates: [] as Array<{ providerId: string; body: unknown }>,
    tests: [] as Array<{ providerId: string; body: unknown }>,
    connects: [] as Array<{ providerId: string; body: unknown }>,
    disconnects: [] as Array<{
      providerId: string;
      deleteCopies: string | null;
    }>,
    authorizations: [] as AuthorizationStart[],
    copyActions: [] as string[],
    historyQueries: [] as string[],
    cloudExports: [] as unknown[],
  };

  const view = (provider: FakeProvider): ProviderView => {
    const base: ProviderView = {
      id: provider.id,
      title: provider.title,
      connectionMethod: provider.connectionMethod,
      enabled: provider.enabled,
      connectionFields: provider.connectionFields,
      connection: connections[provider.id],
    };
    if (!options.canReadSettings) {
      return base;
    }
    return {
      ...base,
      settingsFields: provider.settingsFields,
      settings: effectiveSettings(provider),
      presetKeys: provider.presetKeys,
      testConnectionFields: provider.testConnectionFields,
      redirectUri: provider.redirectUri,
    };
  };

  const find = (id: unknown) => providers.find(p => p.id === id);
  const providerUrl = `${TEST_BASE_URL}/providers/:providerId`;

  const handlers = [
    http.get(`${TEST_BASE_URL}/providers`, () =>
      HttpResponse.json({
        items: providers
          .filter(p => options.canReadSettings || p.enabled)
          .map(view),
      }),
    ),
    http.put(`${providerUrl}/settings`, async ({ request, params }) => {
      const body = (await request.json()) as ProviderSettingsUpdate;
      requests.settingsUpdates.push({
        providerId: String(params.providerId),
        body,
      });
      const provider = find(params.providerId);
      if (!provider) {
        return errorResponse(404, 'NotFoundError', 'Provider not found');
      }
      const message = applySettingsUpdate(provider, body);
      if (message) {
        return errorResponse(400, 'InputError', message);
      }
      return HttpResponse.json(view(provider));
    }),
    http.post(`${providerUrl}/test`, async ({ request, params }) => {
      requests.tests.push({
        providerId: String(params.providerId),
        body: await request.json(),
      });
      return HttpResponse.json(
        options.testResult ?? { ok: true, message: 'Reached', durationMs: 1 },
      );
    }),
    http.put(`${providerUrl}/connection`, async ({ request, params }) => {
      const providerId = String(params.providerId);
      const body = (await request.json()) as {
        input: Record<string, string>;
        state?: string;
      };
      requests.connects.push({ providerId, body });

      const fieldError = options.validateConnection?.(
        providerId,
        body.input,
        body.state,
      );
      if (fieldError) {
        return HttpResponse.json(
          {
            error: { name: 'InputError', ...fieldError },
            response: { statusCode: 400 },
          },
          { status: 400 },
        );
      }
      connections[providerId] = {
        accountLabel:
          options.accountLabels?.[providerId] ??
          `bucket ${body.input.bucket} (${body.input.region})`,
        status: 'connected',
      };
      return HttpResponse.json(connections[providerId]);
    }),
    http.delete(`${providerUrl}/connection`, ({ request, params }) => {
      const providerId = String(params.providerId);
      const deleteCopies = new URL(request.url).searchParams.get(
        'deleteCopies',
      );
      requests.disconnects.push({ providerId, deleteCopies });
      delete connections[providerId];
      if (deleteCopies === 'true') {
        removeCopies(copy => copy.providerId === providerId);
      }
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${providerUrl}/authorizations`, ({ params }) => {
      const state = `state-${requests.authorizations.length + 1}`;
      const start: AuthorizationStart = {
        authorizationUrl: `${TEST_AUTHORIZATION_URL}?provider=${params.providerId}&state=${state}`,
        state,
        expiresAt: '2026-03-02T09:25:00.000Z',
      };
      requests.authorizations.push(start);
      return HttpResponse.json(start);
    }),
    ...createSyncedCopyHandlers(syncedCopies, requests.copyActions),
    http.get(`${TEST_BASE_URL}/history`, ({ request }) => {
      const url = new URL(request.url);
      requests.historyQueries.push(url.search);
      const matching = history.filter(entry =>
        matchesHistoryQuery(entry, url.searchParams),
      );
      const offset = Number(url.searchParams.get('offset') ?? 0);
      const limit = Number(url.searchParams.get('limit') ?? 20);
      return HttpResponse.json({
        items: matching.slice(offset, offset + limit),
        totalCount: matching.length,
      });
    }),
    http.post(`${TEST_BASE_URL}/exports`, async ({ request }) => {
      const body = (await request.clone().json()) as ExportRequest;
      const destination = body.destination ?? 'download';
      if (destination === 'download') {
        // Leaves downloads to the test's own handler.
        return undefined;
      }
      requests.cloudExports.push(body);

      const connection = connections[destination];
      if (!connection || connection.status !== 'connected') {
        return errorResponse(
          409,
          'ConflictError',
          `Connect ${destination} before exporting to it`,
        );
      }
      const fileName = 'orders-db-passwords.html';
      const result: CloudExportResult = {
        exportId: 'export-cloud-1',
        fileName,
        sha256:
          '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
        location: `s3://team-exports/password-exports/${fileName}`,
        providerId: destination,
        // As the backend does, every upload is recorded as a synced copy,
        // also one that is not kept up to date.
        syncedCopyId: `copy-${syncedCopies.length + 1}`,
      };
      return HttpResponse.json(result);
    }),
  ];

  function removeCopies(predicate: (copy: SyncedCopyView) => boolean) {
    const remaining = syncedCopies.filter(copy => !predicate(copy));
    syncedCopies.splice(0, syncedCopies.length, ...remaining);
  }

  return { handlers, requests, connections, history, syncedCopies };
}

/**
 * Creates msw handlers for the synced copy routes over an in-memory list,
 * recording each action as "<action> <id>", such as "sync copy-1".
 */
function createSyncedCopyHandlers(
  syncedCopies: SyncedCopyView[],
  copyActions: string[],
) {
  const copyUrl = `${TEST_BASE_URL}/synced-copies/:copyId`;
  const find = (id: unknown) => syncedCopies.find(copy => copy.id === id);
  const notFound = () =>
    errorResponse(404, 'NotFoundError', 'Synced copy not found');

  return [
    http.get(`${TEST_BASE_URL}/synced-copies`, () =>
      HttpResponse.json({ items: syncedCopies }),
    ),
    http.post(`${copyUrl}/sync`, ({ params }) => {
      copyActions.push(`sync ${params.copyId}`);
      const copy = find(params.copyId);
      if (!copy) {
        return notFound();
      }
      copy.status = 'pending';
      return HttpResponse.json(copy, { status: 202 });
    }),
    http.post(`${copyUrl}/stop`, ({ params }) => {
      copyActions.push(`stop ${params.copyId}`);
      const copy = find(params.copyId);
      if (!copy) {
        return notFound();
      }
      copy.keepUpToDate = false;
      copy.status = 'stopped';
      return HttpResponse.json(copy);
    }),
    http.delete(copyUrl, ({ params, request }) => {
      const keepRemoteFile =
        new URL(request.url).searchParams.get('keepRemoteFile') === 'true';
      copyActions.push(
        `${keepRemoteFile ? 'remove from list' : 'delete'} ${params.copyId}`,
      );
      const index = syncedCopies.findIndex(copy => copy.id === params.copyId);
      if (index < 0) {
        return notFound();
      }
      syncedCopies.splice(index, 1);
      return new HttpResponse(null, { status: 204 });
    }),
  ];
}
