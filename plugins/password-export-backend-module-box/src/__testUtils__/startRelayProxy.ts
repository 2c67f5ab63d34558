import http from 'node:http';
import net, { AddressInfo } from 'node:net';

/**
 * Starts a forward proxy on 127.0.0.1 that records each request. It relays
 * plain HTTP requests to their target. CONNECT tunnels are relayed only to
 * 127.0.0.1; any other host is refused with 403, so that no test traffic
 * leaves the machine.
 */
export async function startRelayProxy() {
  const relayed: Array<{ method: string; target: string }> = [];
  const server = http.createServer((request, response) => {
    relayed.push({ method: request.method ?? '', target: request.url ?? '' });
    const target = new URL(request.url ?? '');
    if (target.hostname !== '127.0.0.1') {
      request.resume();
      response.writeHead(403).end();
      return;
    }
    const upstream = http.request(
      target,
      { method: request.method, headers: request.headers },
      upstreamResponse => {
        response.writeHead(
          upstreamResponse.statusCode ?? 502,
          upstreamResponse.headers,
        );
        upstreamResponse.pipe(response);
      },
    );
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request, clientSocket, head) => {
    relayed.push({ method: 'CONNECT', target: request.url ?? '' });
    const [host, port] = (request.url ?? '').split(':');
    if (host !== '127.0.0.1') {
      clientSocket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const upstream = net.connect(Number(port), host, () => {
      clientSocket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(clientSocket);
      clientSocket.pipe(upstream);
    });
    upstream.on('error', () => clientSocket.destroy());
    clientSocket.on('error', () => upstream.destroy());
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
