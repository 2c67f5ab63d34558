import { createHash } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

/** Scripted response of the fake to one request. */
export type FakeS3Reply =
  | {
      status: number;
      code: string;
      message: string;
      headers?: Record<string, string>;
    }
  | 'success'
  | { etag: string }
  | 'hang';

/**
 * Starts a loopback HTTP server that responds to S3 requests with scripted
 * replies: S3's XML error documents with their status codes, a success (with
 * the MD5 ETag S3 sends, or a given ETag), or no response at all. The last
 * reply repeats.
 */
export async function startFakeS3(replies: FakeS3Reply[]) {
  const requests: Array<{
    method: string;
    url: string;
    headers: http.IncomingHttpHeaders;
  }> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', chunk => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
      });
      const reply = replies[Math.min(requests.length, replies.length) - 1];
      if (reply === 'hang') {
        return;
      }
      if (reply === 'success' || 'etag' in reply) {
        const md5 = createHash('md5')
          .update(Buffer.concat(chunks))
          .digest('hex');
        const etag = reply === 'success' ? md5 : reply.etag;
        response.writeHead(request.method === 'DELETE' ? 204 : 200, {
          ETag: `"${etag}"`,
          'x-amz-request-id': 'FAKE0000000000000001',
        });
        response.end();
        return;
      }
      response.writeHead(reply.status, {
        'Content-Type': 'application/xml',
        'x-amz-request-id': 'FAKE0000000000000002',
        ...reply.headers,
      });
      response.end(
        '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<Error><Code>${reply.code}</Code><Message>${reply.message}</Message>` +
          '<RequestId>FAKE0000000000000002</RequestId>' +
          '<HostId>ZmFrZS1zMy1ob3N0LWlk</HostId></Error>',
      );
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop() {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
