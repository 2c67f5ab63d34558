import { mockServices } from '@backstage/backend-test-utils';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import express from 'express';
import Router from 'express-promise-router';
import request from 'supertest';
import { CloudStorageService } from '../providers/CloudStorageService';
import { addProviderRoutes } from './addProviderRoutes';
import { PasswordExportAuthorizer } from './PasswordExportAuthorizer';
import { ExportHistoryStore } from '../database/ExportHistoryStore';
import { SyncedCopyService } from '../sync/SyncedCopyService';

describe('the OAuth callback route', () => {
  it('removes the code and state from the URL that the request log records', async () => {
    const logger = mockServices.logger.mock();
    const completeAuthorization = jest.fn(async () => ({
      ok: true,
      providerId: 'box',
      userEntityRef: 'user:default/alice',
      message: 'Connected Box: Box account of Alice',
    }));
    const router = Router();
    addProviderRoutes(router, {
      httpAuth: mockServices.httpAuth(),
      auditor: mockServices.auditor.mock(),
      authorizer: {} as PasswordExportAuthorizer,
      cloudStorage: { completeAuthorization } as unknown as CloudStorageService,
      history: {} as ExportHistoryStore,
      syncedCopies: {} as SyncedCopyService,
      appOrigin: 'http://portal.test:3000',
    });
    const app = express();
    const middleware = MiddlewareFactory.create({
      config: mockServices.rootConfig(),
      logger,
    });
    app.use(middleware.logging());
    app.use('/api/password-export', router);

    const response = await request(app).get(
      '/api/password-export/oauth/callback?code=c0de-Xy1&state=st4te-Qw2',
    );

    expect(response.status).toBe(200);
    expect(completeAuthorization).toHaveBeenCalledWith(
      { state: 'st4te-Qw2', code: 'c0de-Xy1' },
      expect.any(AbortSignal),
    );
    const logged = JSON.stringify(logger.info.mock.calls);
    expect(logged).toContain('/api/password-export/oauth/callback?[redacted]');
    expect(logged).not.toMatch(/c0de-Xy1|st4te-Qw2/);
  });
});
