import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * Starts a forward proxy on 127.0.0.1 for plain HTTP targets. It records the
 * method and target of each request it relays.
 */
export async function startRelayProxy() {
  const relayed: Array<{ method: string; url: string }> = [];
  const server = http.createServer((request, response) => {
    relayed.push({ method: request.method ?? '', url: request.url ?? '' });
    const upstream = http.request(
      request.url ?? '',
      { method: request.method, headers: request.headers },
      upstreamResponse => {
        response.writeHead(
          upstreamResponse.statusCode ?? 502,
          upstreamResponse.headers,
        );
        upstreamResponse.pipe(response);
      },
    );
    upstream.on('error', () => {
      response.writeHead(502).end('Bad gateway');
    });
    request.pipe(upstream);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    relayed,
    stop() {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}
