import {
  coreServices,
  createBackendPlugin,
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
import { DatabaseProviderConnectionStore } from './database/DatabaseProviderConnectionStore';
import { DatabaseProviderSettingsStore } from './database/DatabaseProviderSettingsStore';
import { migrateDatabase } from './database/migrateDatabase';
import { createSecretBox } from './encryption/createSecretBox';
import { assertValidProviders } from './providers/assertValidProviders';
import { CloudStorageService } from './providers/CloudStorageService';
import { readProviderPresets } from './providers/readProviderPresets';
import { readPluginConfig } from './readPluginConfig';
import { seedDemoAccounts } from './seeding/seedDemoAccounts';
import { PasswordExportAuthorizer } from './service/PasswordExportAuthorizer';
import { PasswordExporter } from './service/PasswordExporter';
import { createRouter } from './service/router';
import { BuiltInAccountSource } from './sources/BuiltInAccountSource';

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
        const exporter = PasswordExporter.create({
          catalog: deps.catalog,
          userInfo: deps.userInfo,
          auditor: deps.auditor,
          authorizer,
          history,
          sources,
          cloudStorage,
          config,
          logger: logger.child({ component: 'exporter' }),
        });

        deps.httpRouter.use(
          await createRouter({
            httpAuth: deps.httpAuth,
            auditor: deps.auditor,
            catalog: deps.catalog,
            authorizer,
            accounts,
            exporter,
            cloudStorage,
            history,
            config,
            logger,
          }),
        );
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
