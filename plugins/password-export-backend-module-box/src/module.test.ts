import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  CloudStorageProvider,
  passwordExportProvidersExtensionPoint,
} from '@internal/backstage-plugin-password-export-node';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { passwordExportModuleBox } from './module';
import { createRecordingLogger } from '@internal/backstage-plugin-password-export-node/testUtils';

/**
 * Creates a plugin with the id of the password export backend that only
 * offers the providers extension point, so that the module can be tested on
 * its own.
 */
function createProviderCollector(providers: CloudStorageProvider[]) {
  return createBackendPlugin({
    pluginId: 'password-export',
    register(reg) {
      reg.registerExtensionPoint(passwordExportProvidersExtensionPoint, {
        addProvider: provider => providers.push(provider),
      });
      reg.registerInit({ deps: {}, async init() {} });
    },
  });
}

function recordingLoggerFactory(lines: string[]) {
  return createServiceFactory({
    service: coreServices.logger,
    deps: {},
    factory: () => createRecordingLogger(lines),
  });
}

describe('passwordExportModuleBox', () => {
  it('registers the Box provider without a warning', async () => {
    const providers: CloudStorageProvider[] = [];
    const logLines: string[] = [];

    const backend = await startTestBackend({
      features: [
        createProviderCollector(providers),
        passwordExportModuleBox,
        recordingLoggerFactory(logLines),
      ],
    });

    expect(providers.map(p => p.id)).toEqual(['box']);
    expect(providers[0]).toMatchObject({
      title: 'Box',
      connectionMethod: 'oauth-redirect',
      connectionFields: [],
    });
    expect(logLines.join('\n')).not.toContain('serviceUrls');
    await backend.stop();
  });

  it('warns at startup when a local server replaces Box', async () => {
    const providers: CloudStorageProvider[] = [];
    const logLines: string[] = [];

    const backend = await startTestBackend({
      features: [
        createProviderCollector(providers),
        passwordExportModuleBox,
        recordingLoggerFactory(logLines),
        mockServices.rootConfig.factory({
          data: {
            passwordExport: { serviceUrls: { box: 'http://127.0.0.1:4570' } },
          },
        }),
      ],
    });

    const { authorizationUrl } = await providers[0].startAuthorization!({
      settings: { clientId: 'client-id', clientSecret: 'client-secret' },
      logger: createRecordingLogger(),
      signal: new AbortController().signal,
      timeoutMs: 1000,
      state: 'state',
      redirectUri: 'http://127.0.0.1:7007/callback',
    });
    expect(authorizationUrl).toMatch(
      /^http:\/\/127\.0\.0\.1:4570\/oauth2\/authorize\?/,
    );
    expect(logLines.join('\n')).toContain(
      'warn passwordExport.serviceUrls.box is set: Box requests go to http://127.0.0.1:4570',
    );
    await backend.stop();
  });

  it('fails to start with an invalid local server URL', async () => {
    await expect(
      startTestBackend({
        features: [
          createProviderCollector([]),
          passwordExportModuleBox,
          mockServices.rootConfig.factory({
            data: { passwordExport: { serviceUrls: { box: 'not a url' } } },
          }),
        ],
      }),
    ).rejects.toThrow(
      /passwordExport\.serviceUrls\.box: "not a url" is not a URL/,
    );
  });

  it('does not load box-node-sdk when the module is imported', async () => {
    // A separate process, because Jest's module registry hides require.cache.
    const script = [
      "require('./src/index.ts');",
      'const loaded = Object.keys(require.cache).filter(p => p.includes("box-node-sdk"));',
      'process.stdout.write(String(loaded.length));',
    ].join('\n');
    const output = await new Promise<string>((done, fail) => {
      execFile(
        process.execPath,
        [
          '--require',
          require.resolve('@backstage/cli/config/nodeTransform.cjs'),
          '--eval',
          script,
        ],
        { cwd: resolve(__dirname, '..'), timeout: 60_000 },
        (error, stdout, stderr) =>
          error ? fail(new Error(`${error.message}\n${stderr}`)) : done(stdout),
      );
    });

    expect(output).toBe('0');
  });
});
