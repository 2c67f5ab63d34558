import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import {
  CloudExportResult,
  EXPORT_FORMATS,
  ExportOptions,
  ExportPreflightResult,
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import express, { Request } from 'express';
import Router from 'express-promise-router';
import { AccountStore } from '../database/AccountStore';
import { ExportHistoryStore } from '../database/ExportHistoryStore';
import { CloudStorageService } from '../providers/CloudStorageService';
import { buildContentDisposition } from '../export/buildExportFileName';
import { PluginConfig } from '../readPluginConfig';
import { SyncedCopyService } from '../sync/SyncedCopyService';
import { abortSignalOf, addProviderRoutes } from './addProviderRoutes';
import { addSyncedCopyRoutes } from './addSyncedCopyRoutes';
import { loadResourceEntities } from './loadResourceEntities';
import { parseEntityRefParams } from './parseEntityRefParams';
import { parseJsonBody } from './parseJsonBody';
import {
  parseExportPreflightRequest,
  parseExportRequest,
} from './parseExportRequest';
import { PasswordExportAuthorizer } from './PasswordExportAuthorizer';
import { PasswordExporter } from './PasswordExporter';
import {
  createAccountSchema,
  parseRequestBody,
  updateAccountSchema,
} from './requestSchemas';

/** Options of {@link createRouter}. */
export interface RouterOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  catalog: CatalogService;
  authorizer: PasswordExportAuthorizer;
  accounts: AccountStore;
  exporter: PasswordExporter;
  cloudStorage: CloudStorageService;
  history: ExportHistoryStore;
  syncedCopies: SyncedCopyService;
  config: PluginConfig;
  logger: LoggerService;
  /**
   * Origin of the portal's frontend, the only receiver of OAuth outcomes;
   * absent when `app.baseUrl` is not configured.
   */
  appOrigin?: string;
}

const ENTITY_PATH = '/entities/:kind/:namespace/:name';

/** Creates the router of the password export API. */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, auditor, catalog, authorizer, accounts, exporter } =
    options;
  const router = Router();
  router.use(parseJsonBody());

  /**
   * Authenticates the user, checks that the entity of the path exists for
   * them, and checks a permission on it.
   */
  async function authorizeEntityRequest(
    req: Request<{ kind: string; namespace: string; name: string }>,
    permission: ResourcePermission<'catalog-entity'>,
  ): Promise<{
    credentials: BackstageCredentials<BackstageUserPrincipal>;
    entityRef: string;
  }> {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const entityRef = parseEntityRefParams(req.params);
    await loadResourceEntities(catalog, [entityRef], credentials);
    await authorizer.assertEntityPermission(
      permission,
      [entityRef],
      credentials,
    );
    return { credentials, entityRef };
  }

  async function auditAccountChange(
    req: Request,
    eventId: string,
    meta: { entityRef: string; accountId: string; userEntityRef: string },
  ) {
    const event = await auditor.createEvent({
      eventId,
      severityLevel: eventId === 'account-reveal' ? 'high' : 'medium',
      request: req,
      meta,
    });
    await event.success();
  }

  /**
   * Schedules the re-sync of the synced copies of a changed entity. The
   * account change is already saved, so a failure here is logged rather
   * than returned: those copies then wait for the next change.
   */
  async function reportAccountChange(entityRef: string) {
    try {
      await options.syncedCopies.reportChange(entityRef);
    } catch (error) {
      options.logger.error(
        `Failed to schedule the re-sync of the synced copies of ${entityRef}`,
        error as Error,
      );
    }
  }

  router.get(`${ENTITY_PATH}/accounts`, async (req, res) => {
    const { entityRef } = await authorizeEntityRequest(
      req,
      passwordExportAccountReadPermission,
    );
    // Notes often hold secrets too, so no cache may keep the list.
    res.setHeader('Cache-Control', 'no-store');
    res.json({ items: await accounts.listAccounts(entityRef) });
  });

  router.post(`${ENTITY_PATH}/accounts`, async (req, res) => {
    const { credentials, entityRef } = await authorizeEntityRequest(
      req,
      passwordExportAccountUpdatePermission,
    );
    const input = parseRequestBody(createAccountSchema, req.body);
    const userEntityRef = credentials.principal.userEntityRef;

    const account = await accounts.createAccount(
      entityRef,
      input,
      userEntityRef,
    );
    await reportAccountChange(entityRef);

    await auditAccountChange(req, 'account-create', {
      entityRef,
      accountId: account.id,
      userEntityRef,
    });
    res.status(201).json(account);
  });

  router.put(`${ENTITY_PATH}/accounts/:accountId`, async (req, res) => {
    const { credentials, entityRef } = await authorizeEntityRequest(
      req,
      passwordExportAccountUpdatePermission,
    );
    const input = parseRequestBody(updateAccountSchema, req.body);
    const { accountId } = req.params;
    const userEntityRef = credentials.principal.userEntityRef;

    const account = await accounts.updateAccount(
      entityRef,
      accountId,
      input,
      userEntityRef,
    );
    if (!account) {
      throw new NotFoundError(`Account ${accountId} of ${entityRef} not found`);
    }
    await reportAccountChange(entityRef);

    await auditAccountChange(req, 'account-update', {
      entityRef,
      accountId,
      userEntityRef,
    });
    res.json(account);
  });

  router.delete(`${ENTITY_PATH}/accounts/:accountId`, async (req, res) => {
    const { credentials, entityRef } = await authorizeEntityRequest(
      req,
      passwordExportAccountUpdatePermission,
    );
    const { accountId } = req.params;

    if (!(await accounts.deleteAccount(entityRef, accountId))) {
      throw new NotFoundError(`Account ${accountId} of ${entityRef} not found`);
    }
    await reportAccountChange(entityRef);

    await auditAccountChange(req, 'account-delete', {
      entityRef,
      accountId,
      userEntityRef: credentials.principal.userEntityRef,
    });
    res.status(204).end();
  });

  router.get(
    `${ENTITY_PATH}/accounts/:accountId/password`,
    async (req, res) => {
      const { credentials, entityRef } = await authorizeEntityRequest(
        req,
        passwordExportAccountReadPermission,
      );
      const { accountId } = req.params;

      const password = await accounts.getPassword(entityRef, accountId);
      if (password === undefined) {
        throw new NotFoundError(
          `Account ${accountId} of ${entityRef} not found`,
        );
      }

      await auditAccountChange(req, 'account-reveal', {
        entityRef,
        accountId,
        userEntityRef: credentials.principal.userEntityRef,
      });
      res.setHeader('Cache-Control', 'no-store');
      res.json({ password });
    },
  );

  router.get('/export-options', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user'] });
    const body: ExportOptions = {
      passphraseMinLength: options.config.passphraseMinLength,
      formats: [...EXPORT_FORMATS],
    };
    res.json(body);
  });

  router.post('/exports/preflight', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const request = parseExportPreflightRequest(req.body);

    const body: ExportPreflightResult = await exporter.preflight(
      request,
      credentials,
    );
    res.json(body);
  });

  router.post('/exports', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const request = parseExportRequest(req.body, {
      passphraseMinLength: options.config.passphraseMinLength,
    });

    const file = await exporter.export(
      request,
      credentials,
      req,
      abortSignalOf(res),
    );

    if (request.destination !== 'download') {
      const body: CloudExportResult = {
        exportId: file.exportId,
        fileName: file.fileName,
        sha256: file.sha256,
        location: file.location!,
        providerId: request.destination,
      };
      if (file.syncedCopyId) {
        body.syncedCopyId = file.syncedCopyId;
      }
      res.json(body);
      return;
    }

    // The whole file is built before the first byte is sent, because its
    // SHA-256 goes into a header.
    res.status(200);
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Length', String(file.content.length));
    res.setHeader(
      'Content-Disposition',
      buildContentDisposition(file.fileName),
    );
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Export-Id', file.exportId);
    res.setHeader('X-Export-Sha256', file.sha256);
    res.setHeader(
      'Access-Control-Expose-Headers',
      'Content-Disposition, X-Export-Id, X-Export-Sha256',
    );
    res.end(file.content);
  });

  addProviderRoutes(router, {
    appOrigin: options.appOrigin,
    httpAuth,
    auditor,
    authorizer,
    cloudStorage: options.cloudStorage,
    history: options.history,
    syncedCopies: options.syncedCopies,
  });
  addSyncedCopyRoutes(router, {
    httpAuth,
    syncedCopies: options.syncedCopies,
    exporter,
  });

  return router;
}
