import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { passwordExportPlugin } from '../plugin';

/** A permission policy that a test can swap while the backend runs. */
export type TestPolicy = (
  request: PolicyQuery,
  user?: PolicyQueryUser,
) => PolicyDecision | Promise<PolicyDecision>;

/** Entities of the test catalog. */
export const TEST_ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'orders-db', title: 'Orders database' },
    spec: { type: 'database', owner: 'group:default/payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'cache' },
    spec: { type: 'cache', owner: 'user:default/alice' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'web' },
    spec: { type: 'service', owner: 'group:default/payments', lifecycle: 'x' },
  },
];

/** Origin of the frontend in the test backend's config. */
export const TEST_APP_ORIGIN = 'http://portal.test:3000';

/** Encryption key of the test backend, in the form config takes. */
export const TEST_KEY = {
  id: 'test-key',
  secret: randomBytes(32).toString('base64'),
};

/**
 * Creates a permissions service that evaluates a test policy in process.
 *
 * @remarks
 *
 * The permission backend rejects conditional requests for resource permissions
 * unless the user token carries an actor, which the mock auth service never
 * adds, so the tests evaluate the policy in process. Conditional decisions on
 * catalog entities are not supported here because the catalog is a mock.
 */
function createPolicyPermissions(policy: { current: TestPolicy }) {
  async function decide(
    permission: PolicyQuery['permission'],
    credentials: BackstageCredentials,
  ) {
    const user = credentials as PolicyQueryUser['credentials'];
    const userEntityRef = (user.principal as { userEntityRef?: string })
      .userEntityRef;
    return policy.current(
      { permission },
      {
        credentials: user,
        info: { userEntityRef: userEntityRef ?? '', ownershipEntityRefs: [] },
      },
    );
  }

  return mockServices.permissions.mock({
    async authorize(requests, requestOptions) {
      return Promise.all(
        requests.map(async request => {
          const decision = await decide(
            request.permission,
            requestOptions!.credentials,
          );
          if (decision.result === AuthorizeResult.CONDITIONAL) {
            throw new Error(
              `Test policy returned a conditional decision for ${request.permission.name}, which the mock catalog cannot apply`,
            );
          }
          return { result: decision.result };
        }),
      );
    },
    async authorizeConditional(queries, requestOptions) {
      return Promise.all(
        queries.map(query =>
          decide(query.permission, requestOptions!.credentials),
        ),
      );
    },
  });
}

/**
 * Starts a backend with the plugin, a permissions service driven by a
 * swappable policy, a mock catalog and the given database. A test that
 * changes the catalog while the backend runs passes its own `catalog`.
 */
export async function startPasswordExportBackend(options: {
  knex: Knex;
  policy: { current: TestPolicy };
  config?: JsonObject;
  ownershipEntityRefs?: Record<string, string[]>;
  extraFeatures?: any[];
  catalog?: CatalogService;
}) {
  const userInfo = mockServices.userInfo.mock({
    async getUserInfo(credentials) {
      const userEntityRef = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef,
        ownershipEntityRefs: options.ownershipEntityRefs?.[userEntityRef] ?? [
          userEntityRef,
        ],
      };
    },
  });

  return startTestBackend({
    features: [
      passwordExportPlugin,
      createPolicyPermissions(options.policy).factory,
      options.catalog
        ? createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => options.catalog!,
          })
        : catalogServiceMock.factory({ entities: TEST_ENTITIES }),
      mockServices.database.factory({ knex: options.knex }),
      mockServices.rootLogger.factory({ level: 'debug' }),
      userInfo.factory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: TEST_APP_ORIGIN },
          passwordExport: {
            encryption: { keys: [TEST_KEY] },
            kdf: { iterations: 100_000 },
          },
          ...options.config,
        },
      }),
      ...(options.extraFeatures ?? []),
    ],
  });
}

/** A policy that allows everything. */
export const allowAll: TestPolicy = () => ({ result: AuthorizeResult.ALLOW });

/** Reads every row of every table of the plugin as text. */
export async function dumpDatabase(knex: Knex): Promise<string> {
  const tables = [
    'accounts',
    'export_history',
    'provider_settings',
    'provider_connections',
    'oauth_states',
    'synced_copies',
    'synced_copy_entities',
  ];
  const dumps = await Promise.all(
    tables.map(async table => JSON.stringify(await knex(table).select())),
  );
  return dumps.join('\n');
}

function formatConsoleArgument(arg: unknown): string {
  if (arg instanceof Error) {
    return `${arg.name}: ${arg.message} ${arg.stack}`;
  }
  if (typeof arg === 'string') {
    return arg;
  }
  return JSON.stringify(arg);
}

/** Silences and records every console line the mock root logger writes. */
export function captureConsole(): { text: () => string; restore: () => void } {
  const lines: string[] = [];
  const spies = (['error', 'warn', 'info', 'debug', 'log'] as const).map(
    level =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(formatConsoleArgument).join(' '));
      }),
  );
  return {
    text: () => lines.join('\n'),
    restore: () => spies.forEach(spy => spy.mockRestore()),
  };
}
