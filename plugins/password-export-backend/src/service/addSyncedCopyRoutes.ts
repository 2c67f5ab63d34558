import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { SyncedCopyList } from '@internal/backstage-plugin-password-export-common';
import { Request, Router } from 'express';
import { z } from 'zod';
import { SyncedCopyService } from '../sync/SyncedCopyService';
import { PasswordExporter } from './PasswordExporter';
import { parseRequestBody } from './requestSchemas';

/** Options of {@link addSyncedCopyRoutes}. */
export interface SyncedCopyRoutesOptions {
  httpAuth: HttpAuthService;
  syncedCopies: SyncedCopyService;
  /** Decides whether the policy still allows a kept copy for its user. */
  exporter: Pick<PasswordExporter, 'findKeptCopyDenial'>;
}

const copyParamsSchema = z.object({
  copyId: z.uuid({ error: 'must be the UUID of a synced copy' }),
});

/** Body of the action routes, which take no fields. */
const emptyBodySchema = z.strictObject({});

/** Reads the `keepRemoteFile` query parameter of a delete request. */
function parseKeepRemoteFile(value: unknown): boolean {
  if (value === undefined || value === 'false') {
    return false;
  }
  if (value === 'true') {
    return true;
  }
  throw new InputError(
    `keepRemoteFile must be true or false, got ${JSON.stringify(value)}`,
  );
}

/**
 * Adds the routes on the caller's own synced copies: list, sync now, stop,
 * delete, and removal from the list without deleting the remote file. A
 * copy of another user gets a 404, as a missing copy does.
 */
export function addSyncedCopyRoutes(
  router: Router,
  options: SyncedCopyRoutesOptions,
): void {
  const { httpAuth, syncedCopies } = options;

  async function parseCopyRequest(req: Request) {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const { copyId } = parseRequestBody(copyParamsSchema, req.params);
    return {
      credentials,
      userEntityRef: credentials.principal.userEntityRef,
      copyId,
    };
  }

  router.get('/synced-copies', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    // The user is present, so the export policy can decide for them again.
    await syncedCopies.confirmAccess(
      credentials.principal.userEntityRef,
      copy => options.exporter.findKeptCopyDenial(copy, credentials),
      req,
    );
    const body: SyncedCopyList = {
      items: await syncedCopies.listCopies(credentials.principal.userEntityRef),
    };
    res.json(body);
  });

  router.post('/synced-copies/:copyId/sync', async (req, res) => {
    const { credentials, userEntityRef, copyId } = await parseCopyRequest(req);
    parseRequestBody(emptyBodySchema, req.body);
    // A user who asks for a sync is present to confirm their access.
    await syncedCopies.confirmAccess(
      userEntityRef,
      copy => options.exporter.findKeptCopyDenial(copy, credentials),
      req,
      copyId,
    );

    const { view, finished } = await syncedCopies.syncNow(
      userEntityRef,
      copyId,
      req,
    );
    res.status(finished ? 200 : 202).json(view);
  });

  router.post('/synced-copies/:copyId/stop', async (req, res) => {
    const { userEntityRef, copyId } = await parseCopyRequest(req);
    parseRequestBody(emptyBodySchema, req.body);

    res.json(await syncedCopies.stopCopy(userEntityRef, copyId, req));
  });

  router.delete('/synced-copies/:copyId', async (req, res) => {
    const { userEntityRef, copyId } = await parseCopyRequest(req);
    const keepRemoteFile = parseKeepRemoteFile(req.query.keepRemoteFile);

    if (keepRemoteFile) {
      await syncedCopies.forgetCopy(userEntityRef, copyId, req);
    } else {
      await syncedCopies.deleteCopy(userEntityRef, copyId, req);
    }
    res.status(204).end();
  });
}
