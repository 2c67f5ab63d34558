import { ConfigReader } from '@backstage/config';
import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import {
  defaultFakeDropboxApp,
  FakeDropbox,
} from '@internal/local-cloud-servers';
import { createHash } from 'node:crypto';
import {
  DropboxStorageProvider,
  DropboxStorageProviderOptions,
} from '../DropboxStorageProvider';
import { allowOnConsentPage } from './allowOnConsentPage';
import { createTestContext } from '@internal/backstage-plugin-password-export-node/testUtils';

/** Proxy variables that tests clear, so that the machine's proxy is not used. */
export const proxyVariables = [
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'ALL_PROXY',
  'all_proxy',
  'NO_PROXY',
  'no_proxy',
];

/** Removes the proxy variables and returns a function that restores them. */
export function clearProxyEnvironment(): () => void {
  const saved = Object.fromEntries(
    proxyVariables.map(name => [name, process.env[name]]),
  );
  for (const name of proxyVariables) {
    delete process.env[name];
  }
  return () => {
    for (const name of proxyVariables) {
      if (saved[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = saved[name];
      }
    }
  };
}

/** Admin settings with the fake server's default app. */
export const appSettings = { appKey: defaultFakeDropboxApp.appKey };

/** Creates a provider whose requests go to a local server. */
export function createProvider(
  serviceUrl: string,
  options: DropboxStorageProviderOptions = { retry: { baseDelayMs: 1 } },
): DropboxStorageProvider {
  return DropboxStorageProvider.fromConfig(
    new ConfigReader({
      passwordExport: { serviceUrls: { dropbox: serviceUrl } },
    }),
    options,
  );
}

/** Builds a file to upload, with its SHA-256. */
export function htmlFile(name: string, content: Buffer) {
  return {
    name,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
    contentType: 'text/html; charset=utf-8',
    metadata: { 'format-version': '1' },
  };
}

/**
 * Connects a user the way the backend and a browser do together: starts the
 * authorization, allows access on the consent page, and pastes the code.
 * Returns the connection with every secret seen on the way.
 */
export async function connectThroughConsent(
  provider: DropboxStorageProvider,
  settings: Record<string, string> = appSettings,
) {
  const { context, logLines } = createTestContext({ settings });
  const { authorizationUrl, codeVerifier } = await provider.startAuthorization({
    ...context,
    state: 'state-1234',
  });
  const code = await allowOnConsentPage(authorizationUrl);
  const connection = await provider.connect({
    ...context,
    input: { code },
    oauth: { codeVerifier },
  });
  const secrets = [
    code,
    codeVerifier!,
    String(connection.credentials.accessToken),
    String(connection.credentials.refreshToken),
  ];
  return { connection, logLines, secrets, code, codeVerifier: codeVerifier! };
}

/** Resolves with the error a promise rejects with, or fails the test. */
export async function captureError(
  promise: Promise<unknown>,
): Promise<CloudStorageError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error as CloudStorageError,
  );
  if (!outcome) {
    throw new Error('Expected the call to fail, but it succeeded');
  }
  return outcome;
}

/**
 * Asserts that none of the secrets appears in any of the texts, such as log
 * lines and error messages.
 */
export function expectNoSecrets(texts: string[], secrets: string[]): void {
  const joined = texts.join('\n');
  for (const secret of secrets) {
    expect(secret.length).toBeGreaterThan(5);
    expect(joined).not.toContain(secret);
  }
}

/** Counts the requests the fake server received for one path. */
export function countRequests(dropbox: FakeDropbox, path: string): number {
  return dropbox.requests.filter(request => request.path === path).length;
}
