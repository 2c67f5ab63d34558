import { mockErrorHandler } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import { MAX_BODY_BYTES, parseJsonBody } from './parseJsonBody';

function createApp() {
  const app = express();
  app.use(parseJsonBody());
  app.post('/echo', (req, res) => {
    res.json(req.body);
  });
  app.use(mockErrorHandler());
  return app;
}

describe('parseJsonBody', () => {
  it('parses a JSON object', async () => {
    const response = await request(createApp())
      .post('/echo')
      .send({ reason: 'audit' });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ reason: 'audit' });
  });

  it('never repeats the body of invalid JSON', async () => {
    const response = await request(createApp())
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('{"passphrase":SecretPassphrase-XYZZY-123}');

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Request body is not valid JSON; send a JSON object with Content-Type: application/json',
    );
    expect(JSON.stringify(response.body)).not.toContain('SecretPass');
  });

  it('names the size limit', async () => {
    const response = await request(createApp())
      .post('/echo')
      .send({ notes: 'x'.repeat(MAX_BODY_BYTES + 1) });

    expect(response.status).toBe(400);
    expect(response.body.error.message).toBe(
      'Request body is larger than the limit of 65536 bytes; export fewer resources at once',
    );
  });
});
