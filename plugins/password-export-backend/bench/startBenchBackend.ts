/*
 * Starts the password export plugin with the S3 module in this process, on
 * 127.0.0.1 only, with mock auth, permissions that allow everything, a mock
 * catalog and an in-memory SQLite database.
 */
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import passwordExportModuleS3 from '@internal/backstage-plugin-password-export-backend-module-s3';
import { knex as createKnex } from 'knex';
import { randomBytes } from 'node:crypto';
import { passwordExportPlugin } from '../src/plugin';

/** A running bench backend. */
export interface BenchBackend {
  /** Base URL of the plugin's API, e.g. http://127.0.0.1:PORT/api/password-export. */
  apiUrl: string;
  stop(): Promise<void>;
}

type RootHttpRouterModule =
  typeof import('@backstage/backend-defaults/rootHttpRouter');

/**
 * Makes the HTTP server that startTestBackend creates listen on 127.0.0.1
 * while start runs. startTestBackend (backend-test-utils 1.11) listens on
 * every interface and takes no listen option, and a replacement
 * rootHttpRouter factory is not possible because its return value then
 * throws on reading the server. The patched function is the one in the copy
 * of backend-defaults that backend-test-utils resolves.
 */
async function withLoopbackListen<T>(start: () => Promise<T>): Promise<T> {
  const testUtilsPath = require.resolve('@backstage/backend-test-utils');
  const httpModule: RootHttpRouterModule = require(require.resolve(
    '@backstage/backend-defaults/rootHttpRouter',
    {
      paths: [testUtilsPath],
    },
  ));
  const createHttpServer = httpModule.createHttpServer;
  httpModule.createHttpServer = (listener, options, deps) =>
    createHttpServer(
      listener,
      { ...options, listen: { ...options.listen, host: '127.0.0.1' } },
      deps,
    );
  try {
    return await start();
  } finally {
    httpModule.createHttpServer = createHttpServer;
  }
}

/** Starts the backend with the given Resource entities in the catalog. */
export async function startBenchBackend(options: {
  entities: Entity[];
  kdfIterations: number;
}): Promise<BenchBackend> {
  const knex = createKnex({
    client: 'better-sqlite3',
    connection: ':memory:',
    useNullAsDefault: true,
  });
  const backend = await withLoopbackListen(() =>
    startTestBackend({
      features: [
        passwordExportPlugin,
        passwordExportModuleS3,
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        catalogServiceMock.factory({ entities: options.entities }),
        mockServices.database.factory({ knex }),
        // Warnings and errors only, so the figures are not mixed with one
        // info line per request.
        mockServices.rootLogger.factory({ level: 'warn' }),
        mockServices.rootConfig.factory({
          data: {
            passwordExport: {
              encryption: {
                keys: [
                  { id: 'bench', secret: randomBytes(32).toString('base64') },
                ],
              },
              kdf: { iterations: options.kdfIterations },
              providers: { s3: { enabled: true, allowCustomEndpoints: true } },
            },
          },
        }),
      ],
    }),
  );

  const address = backend.server.address();
  if (typeof address !== 'object' || address?.address !== '127.0.0.1') {
    await backend.stop();
    throw new Error(
      `The bench backend must listen on 127.0.0.1 only, but listens on ${JSON.stringify(
        address,
      )}`,
    );
  }

  return {
    apiUrl: `http://127.0.0.1:${address.port}/api/password-export`,
    async stop() {
      await backend.stop();
      await knex.destroy();
    },
  };
}
