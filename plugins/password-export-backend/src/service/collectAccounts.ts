import {
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { ForwardedError } from '@backstage/errors';
import { AccountSource } from '@internal/backstage-plugin-password-export-node';
import { SpreadsheetResource } from '../export/toSpreadsheetRows';

/**
 * Reads the accounts of each entity from every source that serves it, for
 * a user: with that user's credentials for an export, or with the plugin's
 * service credentials during the re-sync of the user's synced copy.
 *
 * @throws ForwardedError naming the source and the entity when a source fails,
 * so that no file is made with accounts missing.
 */
export async function collectAccounts(options: {
  entities: Entity[];
  sources: AccountSource[];
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >;
  userEntityRef: string;
  logger: LoggerService;
}): Promise<SpreadsheetResource[]> {
  const { entities, sources, credentials, userEntityRef, logger } = options;
  const resources: SpreadsheetResource[] = [];

  for (const entity of entities) {
    const entityRef = stringifyEntityRef(entity);
    const resource: SpreadsheetResource = {
      entityRef,
      title: entity.metadata.title ?? entity.metadata.name,
      accounts: [],
      accountSources: [],
    };

    for (const source of sources) {
      if (source.servesEntity && !(await source.servesEntity(entityRef))) {
        continue;
      }

      let accounts;
      try {
        accounts = await source.listAccounts({
          entityRef,
          userEntityRef,
          credentials,
        });
      } catch (error) {
        throw new ForwardedError(
          `Account source ${source.id} failed to list the accounts of ${entityRef}`,
          error,
        );
      }

      logger.debug(`Read ${accounts.length} account(s) of ${entityRef}`, {
        sourceId: source.id,
      });
      for (const account of accounts) {
        // Copy the known fields only, so nothing else a source returns ends up
        // in the file.
        resource.accounts.push({
          name: account.name,
          username: account.username,
          password: account.password,
          url: account.url,
          notes: account.notes,
          updatedAt: account.updatedAt,
        });
        resource.accountSources.push(source.id);
      }
    }

    resources.push(resource);
  }

  return resources;
}
