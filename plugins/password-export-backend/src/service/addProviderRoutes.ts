import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  HistoryPage,
  OAuthCallbackMessage,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import { Request, Response, Router } from 'express';
import { ExportHistoryStore } from '../database/ExportHistoryStore';
import {
  authorizationCodeConnectSchema,
  createInputSchema,
  createSettingsUpdateSchema,
  oauthCallbackQuerySchema,
} from '../providers/fieldSchemas';
import { CloudStorageService } from '../providers/CloudStorageService';
import { SyncedCopyService } from '../sync/SyncedCopyService';
import { CloudStorageProvider } from '@internal/backstage-plugin-password-export-node';
import { parseHistoryQuery } from './parseHistoryQuery';
import { PasswordExportAuthorizer } from './PasswordExportAuthorizer';
import { parseRequestBody } from './requestSchemas';
import {
  OAUTH_CALLBACK_PAGE_CSP,
  renderOAuthCallbackPage,
} from './renderOAuthCallbackPage';

/** Options of {@link addProviderRoutes}. */
export interface ProviderRoutesOptions {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  authorizer: PasswordExportAuthorizer;
  cloudStorage: CloudStorageService;
  history: ExportHistoryStore;
  syncedCopies: SyncedCopyService;
  /**
   * Origin of the portal's frontend, the only receiver of OAuth outcomes;
   * absent when `app.baseUrl` is not configured.
   */
  appOrigin?: string;
}

/** Path of the OAuth callback, which the plugin serves without a token. */
export const OAUTH_CALLBACK_PATH = '/oauth/callback';

/**
 * Replaces the query of a URL, so that the request log written when the
 * response finishes does not contain the authorization code or the state.
 */
function redactQuery(url: string): string {
  const queryStart = url.indexOf('?');
  return queryStart === -1 ? url : `${url.slice(0, queryStart)}?[redacted]`;
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

  router.post('/providers/:providerId/authorizations', async (req, res) => {
    const credentials = await userCredentials(req);
    const provider = cloudStorage.getProvider(req.params.providerId);
    const userEntityRef = credentials.principal.userEntityRef;

    const start = await cloudStorage.startAuthorization(
      provider,
      userEntityRef,
      abortSignalOf(res),
    );

    const auditEvent = await auditor.createEvent({
      eventId: 'provider-authorize',
      severityLevel: 'low',
      request: req,
      meta: { providerId: provider.id, userEntityRef },
    });
    await auditEvent.success();
    res.setHeader('Cache-Control', 'no-store');
    res.status(201).json(start);
  });

  router.put('/providers/:providerId/connection', async (req, res) => {
    const credentials = await userCredentials(req);
    const provider = cloudStorage.getProvider(req.params.providerId);
    const { input, state } = parseConnectBody(provider, req.body);
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
        input,
        abortSignalOf(res),
        state,
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

  router.get(OAUTH_CALLBACK_PATH, async (req, res) => {
    // Read before the URL is redacted, since Express may parse the query
    // from the URL on each access.
    const rawQuery = req.query as Record<string, unknown>;
    const query = oauthCallbackQuerySchema.safeParse(rawQuery);
    req.originalUrl = redactQuery(req.originalUrl);
    req.url = redactQuery(req.url);

    let message: OAuthCallbackMessage;
    if (!query.success) {
      const problems = query.error.issues.map(issue => {
        const name = String(issue.path[0] ?? 'query');
        const given = rawQuery[name];
        return `${name} ${given === undefined ? 'is missing' : issue.message}`;
      });
      message = {
        type: 'password-export:oauth-result',
        ok: false,
        message: `The storage provider returned an invalid callback (${problems.join(
          '; ',
        )}); start the connection again from the portal`,
      };
    } else {
      const outcome = await cloudStorage.completeAuthorization(
        {
          state: query.data.state,
          code: query.data.code,
          error: query.data.error,
          errorDescription: query.data.error_description,
        },
        abortSignalOf(res),
      );
      // No request is passed: the audit record would contain the URL, and
      // with it the authorization code.
      const auditEvent = await auditor.createEvent({
        eventId: 'provider-connect',
        severityLevel: 'medium',
        meta: {
          providerId: outcome.providerId,
          userEntityRef: outcome.userEntityRef,
          via: 'oauth-callback',
        },
      });
      if (outcome.ok) {
        await auditEvent.success({
          meta: {
            providerId: outcome.providerId,
            userEntityRef: outcome.userEntityRef,
            accountLabel: outcome.connection?.accountLabel,
          },
        });
      } else {
        await auditEvent.fail({ error: new Error(outcome.message) });
      }
      message = {
        type: 'password-export:oauth-result',
        providerId: outcome.providerId,
        ok: outcome.ok,
        message: outcome.message,
      };
    }

    res.setHeader('Content-Security-Policy', OAUTH_CALLBACK_PAGE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res
      .status(message.ok ? 200 : 400)
      .type('html')
      .send(renderOAuthCallbackPage(message, options.appOrigin));
  });

  router.delete('/providers/:providerId/connection', async (req, res) => {
    const credentials = await userCredentials(req);
    const provider = cloudStorage.getProvider(req.params.providerId);
    const userEntityRef = credentials.principal.userEntityRef;
    const deleteCopies = parseDeleteCopies(req.query.deleteCopies);

    // Copies cannot sync without the connection, so they are deleted first,
    // while the credentials still work, or stopped. A failed deletion keeps
    // the connection, so that the user can retry.
    const copies = deleteCopies
      ? await options.syncedCopies.deleteCopiesOfProvider(
          userEntityRef,
          provider.id,
          req,
        )
      : await options.syncedCopies.stopCopiesOfProvider(
          userEntityRef,
          provider.id,
          req,
        );
    const deleted = await cloudStorage.disconnect(
      provider,
      userEntityRef,
      abortSignalOf(res),
    );

    const auditEvent = await auditor.createEvent({
      eventId: 'provider-disconnect',
      severityLevel: 'medium',
      request: req,
      meta: {
        providerId: provider.id,
        userEntityRef,
        deleted,
        [deleteCopies ? 'deletedCopies' : 'stoppedCopies']: copies,
      },
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

/** Validates the body of a connect request for the provider's method. */
function parseConnectBody(
  provider: CloudStorageProvider,
  body: unknown,
): { input: Record<string, string>; state?: string } {
  switch (provider.connectionMethod) {
    case 'oauth-code-paste':
      return parseRequestBody(authorizationCodeConnectSchema, body);
    case 'oauth-redirect':
      throw new InputError(
        `${provider.title} connects through its consent page, which returns to the portal by itself: start with POST /providers/${provider.id}/authorizations`,
      );
    default: {
      const { input } = parseRequestBody(
        createInputSchema(provider.connectionFields, { inputRequired: true }),
        body,
      );
      return { input: input as Record<string, string> };
    }
  }
}

/** Reads the `deleteCopies` query parameter of a disconnect request. */
function parseDeleteCopies(value: unknown): boolean {
  if (value === undefined || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  throw new InputError(
    `deleteCopies must be true or false, got ${JSON.stringify(value)}`,
  );
}
