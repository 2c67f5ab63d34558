import http from 'node:http';
import { AddressInfo } from 'node:net';
import { probeEndpoint } from './probeEndpoint';

async function startServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop() {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

describe('probeEndpoint', () => {
  const agent = new http.Agent();
  const signal = new AbortController().signal;

  afterAll(() => agent.destroy());

  it('resolves with the status of any answer', async () => {
    const methods: string[] = [];
    const server = await startServer((request, response) => {
      methods.push(request.method ?? '');
      response.writeHead(403).end();
    });

    try {
      await expect(
        probeEndpoint(server.url, { agent, timeoutMs: 2000, signal }),
      ).resolves.toEqual({ statusCode: 403 });
      expect(methods).toEqual(['HEAD']);
    } finally {
      await server.stop();
    }
  });

  it('rejects with ETIMEDOUT when no answer comes in time', async () => {
    const server = await startServer(() => {
      // Never answers.
    });

    try {
      await expect(
        probeEndpoint(server.url, { agent, timeoutMs: 100, signal }),
      ).rejects.toMatchObject({ code: 'ETIMEDOUT', name: 'TimeoutError' });
    } finally {
      await server.stop();
    }
  });

  it('rejects with the network error of a closed port', async () => {
    const server = await startServer(() => {});
    const url = server.url;
    await server.stop();

    await expect(
      probeEndpoint(url, { agent, timeoutMs: 2000, signal }),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
