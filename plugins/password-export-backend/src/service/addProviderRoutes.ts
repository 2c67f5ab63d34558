import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  HistoryPage,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import { Request, Response, Router } from 'express';
import { ExportHistoryStore } from '../database/ExportHistoryStore';
import {
  createInputSchema,
  createSettingsUpdateSchema,
} from '../providers/fieldSchemas';
import { CloudStorageService } from '../providers/CloudStorageService';
import { parseHistoryQuery } from './parseHistoryQuery';
import { PasswordExportAuthorizer } from './PasswordExportAuthorizer';
import { parseRequestBody } from './requestSchemas';

/** Options of {@link addProviderRoutes}. */
export interface ProviderRoutesOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: PasswordExportAuthorizer;
  cloudStorage: CloudStorageService;
  history: ExportHistoryStore;
}

/**
 * Returns a signal that aborts when the client closes the connection before
 * the response is sent.
 */
export function abortSignalOf(res: Response): AbortSignal {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) {
      controller.abort(new Error('The client closed the connection'));
    }
  });
  return controller.signal;
}

/**
 * Adds the cloud storage routes: provider list, settings, connection test,
 * user connections and the export history.
 */
export function addProviderRoutes(
  router: Router,
  options: ProviderRoutesOptions,
): void {
  const { httpAuth, auditor, authorizer, cloudStorage } = options;

  async function userCredentials(req: Request) {
    return httpAuth.credentials(req, { allow: ['user'] });
  }

  router.get('/providers', async (req, res) => {
    const credentials = await userCredentials(req);
    const withSettings = await authorizer.isAllowed(
      passwordExportSettingsReadPermission,
      credentials,
    );

    const items = await cloudStorage.describeProviders(
      credentials.principal.userEntityRef,
      withSettings,
    );
    res.json({ items });
  });

  router.put('/providers/:providerId/settings', async (req, res) => {
    const credentials = await userCredentials(req);
    await authorizer.assertAllowed(
      passwordExportSettingsUpdatePermission,
      credentials,
      'change cloud storage settings',
    );
    const provider = cloudStorage.getProvider(req.params.providerId);
    const update = parseRequestBody(
      createSettingsUpdateSchema(provider.settings),
      req.body,
    );
    const userEntityRef = credentials.principal.userEntityRef;

    const auditEvent = await auditor.createEvent({
      eventId: 'provider-settings-update',
      severityLevel: 'high',
      request: req,
      meta: { providerId: provider.id, userEntityRef },
    });
    try {
      // Only keys are audited: the values of secret fields must not reach
      // the audit log.
      const changedKeys = await cloudStorage.updateSettings(
        provider,
        update,
        userEntityRef,
      );
      await auditEvent.success({
        meta: {
          providerId: provider.id,
          userEntityRef,
          enabled: update.enabled,
          changedKeys,
        },
      });
    } catch (error) {
      await auditEvent.fail({ error: error as Error });
      throw error;
    }

    const view = (
      await cloudStorage.describeProviders(userEntityRef, true)
    ).find(candidate => candidate.id === provider.id);
    res.json(view);
  });

  router.post('/providers/:providerId/test', async (req, res) => {
    const credentials = await userCredentials(req);
    await authorizer.assertAllowed(
      passwordExportSettingsUpdatePermission,
      credentials,
      'test cloud storage connections',
    );
    const provider = cloudStorage.getProvider(req.params.providerId);
    const { input } = parseRequestBody(
      createInputSchema(provider.testConnectionFields, {
        inputRequired: false,
      }),
      req.body,
    );

    const result = await cloudStorage.testConnection(
      provider,
      input as Record<string, string>,
      abortSignalOf(res),
    );

    const auditEvent = await auditor.createEvent({
      eventId: 'provider-test-connection',
      severityLevel: 'low',
      request: req,
      meta: {
        providerId: provider.id,
        userEntityRef: credentials.principal.userEntityRef,
        ok: result.ok,
        durationMs: result.durationMs,
      },
    });
    await auditEvent.success();
    res.json(result);
  });

  router.put('/providers/:providerId/connection', async (req, res) => {
    const credentials = await userCredentials(req);
    const provider = cloudStorage.getProvider(req.params.providerId);
    const { input } = parseRequestBody(
      createInputSchema(provider.connectionFields, { inputRequired: true }),
      req.body,
    );
    const userEntityRef = credentials.principal.userEntityRef;

    const auditEvent = await auditor.createEvent({
      eventId: 'provider-connect',
      severityLevel: 'medium',
      request: req,
      meta: { providerId: provider.id, userEntityRef },
    });
    try {
      const connection = await cloudStorage.connect(
        provider,
        userEntityRef,
        input as Record<string, string>,
        abortSignalOf(res),
      );
      await auditEvent.success({
        meta: {
          providerId: provider.id,
          userEntityRef,
          accountLabel: connection.accountLabel,
        },
      });
      res.json(connection);
    } catch (error) {
      await auditEvent.fail({ error: error as Error });
      throw error;
    }
  });

  router.delete('/providers/:providerId/connection', async (req, res) => {
    const credentials = await userCredentials(req);
    const provider = cloudStorage.getProvider(req.params.providerId);
    const userEntityRef = credentials.principal.userEntityRef;

    const deleted = await cloudStorage.disconnect(
      provider,
      userEntityRef,
      abortSignalOf(res),
    );

    const auditEvent = await auditor.createEvent({
      eventId: 'provider-disconnect',
      severityLevel: 'medium',
      request: req,
      meta: { providerId: provider.id, userEntityRef, deleted },
    });
    await auditEvent.success();
    res.status(204).end();
  });

  router.get('/history', async (req, res) => {
    const credentials = await userCredentials(req);
    const query = parseHistoryQuery(req.query);
    const userEntityRef = credentials.principal.userEntityRef;

    const mayReadAll = await authorizer.isAllowed(
      passwordExportSettingsReadPermission,
      credentials,
    );
    if (!mayReadAll) {
      if (query.userEntityRef && query.userEntityRef !== userEntityRef) {
        throw new NotAllowedError(
          `You may only read your own export history; reading the history of ${query.userEntityRef} needs permission ${passwordExportSettingsReadPermission.name}`,
        );
      }
      query.userEntityRef = userEntityRef;
    }

    const page: HistoryPage = await options.history.listEntries(query);
    res.json(page);
  });
}
