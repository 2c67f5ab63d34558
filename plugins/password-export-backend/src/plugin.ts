import {
  coreServices,
  createBackendPlugin,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
  passwordExportCreatePermission,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import {
  AccountSource,
  CloudStorageProvider,
  passwordExportAccountSourceExtensionPoint,
  passwordExportProvidersExtensionPoint,
  passwordExportRequestResourceRef,
  passwordExportRequestRules,
} from '@internal/backstage-plugin-password-export-node';
import { DatabaseAccountStore } from './database/DatabaseAccountStore';
import { DatabaseExportHistoryStore } from './database/DatabaseExportHistoryStore';
import { DatabaseOAuthStateStore } from './database/DatabaseOAuthStateStore';
import { DatabaseProviderConnectionStore } from './database/DatabaseProviderConnectionStore';
import { DatabaseProviderSettingsStore } from './database/DatabaseProviderSettingsStore';
import { DatabaseSyncedCopyStore } from './database/DatabaseSyncedCopyStore';
import { migrateDatabase } from './database/migrateDatabase';
import { createSecretBox } from './encryption/createSecretBox';
import { assertValidProviders } from './providers/assertValidProviders';
import { CloudStorageService } from './providers/CloudStorageService';
import { readProviderPresets } from './providers/readProviderPresets';
import { scheduleIdleRefresh } from './providers/scheduleIdleRefresh';
import { readPluginConfig } from './readPluginConfig';
import { seedDemoAccounts } from './seeding/seedDemoAccounts';
import { PasswordExportAuthorizer } from './service/PasswordExportAuthorizer';
import { PasswordExporter } from './service/PasswordExporter';
import { OAUTH_CALLBACK_PATH } from './service/addProviderRoutes';
import { createRouter } from './service/router';
import { BuiltInAccountSource } from './sources/BuiltInAccountSource';
import { startResync } from './sync/startResync';
import { SyncedCopyService } from './sync/SyncedCopyService';

/**
 * Backend plugin that stores the accounts of Resource entities and exports
 * them as passphrase-encrypted HTML files or spreadsheets, for download or
 * to the cloud storage providers that modules add.
 *
 * @public
 */
export const passwordExportPlugin = createBackendPlugin({
  pluginId: 'password-export',
  register(env) {
    const moduleSources: AccountSource[] = [];
    env.registerExtensionPoint(passwordExportAccountSourceExtensionPoint, {
      addAccountSource(source) {
        moduleSources.push(source);
      },
    });
    const providers: CloudStorageProvider[] = [];
    env.registerExtensionPoint(passwordExportProvidersExtensionPoint, {
      addProvider(provider) {
        providers.push(provider);
      },
    });

    env.registerInit({
      deps: {
        rootConfig: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auditor: coreServices.auditor,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        userInfo: coreServices.userInfo,
        auth: coreServices.auth,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        discovery: coreServices.discovery,
        catalog: catalogServiceRef,
      },
      async init(deps) {
        const { rootConfig, logger, database, permissionsRegistry } = deps;
        const config = readPluginConfig(rootConfig);
        const secretBox = createSecretBox({
          config: rootConfig,
          logger,
          pluginId: 'password-export',
        });

        const client = await database.getClient();
        await migrateDatabase(database, client);
        const accounts = DatabaseAccountStore.create({ client, secretBox });
        const history = DatabaseExportHistoryStore.create({ client });

        if (config.demoAccountsPath) {
          await seedDemoAccounts({
            path: config.demoAccountsPath,
            store: accounts,
            logger: logger.child({ task: 'seed-demo-accounts' }),
          });
        }

        const sources = [new BuiltInAccountSource(accounts), ...moduleSources];
        assertUniqueSourceIds(sources);
        assertValidProviders(providers);
        const cloudStorage = CloudStorageService.create({
          providers,
          presets: readProviderPresets(rootConfig, providers, logger),
          settingsStore: DatabaseProviderSettingsStore.create({
            client,
            secretBox,
          }),
          connectionStore: DatabaseProviderConnectionStore.create({
            client,
            secretBox,
          }),
          oauthStates: DatabaseOAuthStateStore.create({ client, secretBox }),
          redirectUri: `${await deps.discovery.getExternalBaseUrl(
            'password-export',
          )}${OAUTH_CALLBACK_PATH}`,
          logger: logger.child({ component: 'cloud-storage' }),
        });

        permissionsRegistry.addPermissions([
          passwordExportAccountReadPermission,
          passwordExportAccountUpdatePermission,
          passwordExportSettingsReadPermission,
          passwordExportSettingsUpdatePermission,
        ]);
        permissionsRegistry.addResourceType({
          resourceRef: passwordExportRequestResourceRef,
          permissions: [passwordExportCreatePermission],
          rules: Object.values(passwordExportRequestRules),
          // An export request exists only while its HTTP request runs, so it
          // cannot be loaded by reference; the plugin applies conditions itself.
          getResources: async resourceRefs => resourceRefs.map(() => undefined),
        });

        const authorizer = PasswordExportAuthorizer.create({
          permissions: deps.permissions,
          permissionsRegistry,
        });
        const syncedCopies = SyncedCopyService.create({
          store: DatabaseSyncedCopyStore.create({ client, secretBox }),
          history,
          cloudStorage,
          catalog: deps.catalog,
          auth: deps.auth,
          auditor: deps.auditor,
          sources,
          config,
          logger: logger.child({ component: 'synced-copies' }),
        });
        const exporter = PasswordExporter.create({
          catalog: deps.catalog,
          userInfo: deps.userInfo,
          auditor: deps.auditor,
          authorizer,
          history,
          sources,
          cloudStorage,
          syncedCopies,
          config,
          logger: logger.child({ component: 'exporter' }),
        });

        // The provider redirects the user's browser here without a Backstage
        // token; the single-use state identifies the user instead.
        deps.httpRouter.addAuthPolicy({
          path: OAUTH_CALLBACK_PATH,
          allow: 'unauthenticated',
        });
        deps.httpRouter.use(
          await createRouter({
            appOrigin: readAppOrigin(rootConfig, logger),
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            catalog: deps.catalog,
            authorizer,
            accounts,
            exporter,
            cloudStorage,
            history,
            syncedCopies,
            config,
            logger,
          }),
        );

        await scheduleIdleRefresh({
          scheduler: deps.scheduler,
          cloudStorage,
          logger: logger.child({ component: 'cloud-storage' }),
        });
        await startResync({
          service: syncedCopies,
          sources: moduleSources,
          scheduler: deps.scheduler,
          lifecycle: deps.lifecycle,
          config: config.resync,
          logger: logger.child({ component: 'synced-copies' }),
        });
      },
    });
  },
});

function assertUniqueSourceIds(sources: AccountSource[]): void {
  const seen = new Set<string>();
  for (const source of sources) {
    if (seen.has(source.id)) {
      throw new Error(
        `Account source id "${source.id}" is used twice; each module must give its source a unique id`,
      );
    }
    seen.add(source.id);
  }
}

/**
 * Reads the origin of the portal's frontend, which alone may receive OAuth
 * outcomes from the callback page. Without `app.baseUrl` the page shows the
 * outcome but posts no message.
 */
function readAppOrigin(
  config: RootConfigService,
  logger: LoggerService,
): string | undefined {
  const baseUrl = config.getOptionalString('app.baseUrl');
  if (!baseUrl) {
    logger.warn(
      'app.baseUrl is not set, so OAuth popups cannot report their outcome to the portal window; set app.baseUrl to the URL of the frontend',
    );
    return undefined;
  }
  return new URL(baseUrl).origin;
}
