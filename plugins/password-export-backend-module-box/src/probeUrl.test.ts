import http from 'node:http';
import { AddressInfo } from 'node:net';
import { probeUrl } from './probeUrl';

async function startServer(handler: http.RequestListener) {
  const server = http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/2.0/users/me`,
    stop() {
      server.closeAllConnections();
      return new Promise<void>(resolve => server.close(() => resolve()));
    },
  };
}

describe('probeUrl', () => {
  const agent = new http.Agent();
  const signal = new AbortController().signal;

  afterAll(() => agent.destroy());

  it('resolves with the status of any answer', async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(401).end();
    });

    try {
      await expect(
        probeUrl(server.url, { agent, timeoutMs: 2000, signal }),
      ).resolves.toBe(401);
    } finally {
      await server.stop();
    }
  });

  it('rejects with ETIMEDOUT when no answer comes in time', async () => {
    const server = await startServer(() => {});

    try {
      await expect(
        probeUrl(server.url, { agent, timeoutMs: 100, signal }),
      ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    } finally {
      await server.stop();
    }
  });
});
