import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import net, { AddressInfo } from 'node:net';
import selfsigned from 'selfsigned';
import { isCloudStorageError } from './CloudStorageError';
import { createOutboundAgent, describeProxy } from './createOutboundAgent';

const proxyVariables = [
  'HTTPS_PROXY',
  'HTTP_PROXY',
  'ALL_PROXY',
  'NO_PROXY',
  'https_proxy',
  'http_proxy',
  'all_proxy',
  'no_proxy',
];

/**
 * Starts a forward proxy on 127.0.0.1 that relays plain requests and CONNECT
 * tunnels, and records each one it relays.
 */
async function startRelayProxy() {
  const relayed: Array<{ method: string; target: string; auth?: string }> = [];
  const server = http.createServer((request, response) => {
    relayed.push({
      method: request.method ?? '',
      target: request.url ?? '',
      auth: request.headers['proxy-authorization'],
    });
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
    upstream.on('error', () => response.destroy());
    request.pipe(upstream);
  });
  server.on('connect', (request, clientSocket, head) => {
    relayed.push({
      method: 'CONNECT',
      target: request.url ?? '',
      auth: request.headers['proxy-authorization'],
    });
    const [host, port] = (request.url ?? '').split(':');
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
    port,
    relayed,
    close: () => closeServer(server),
  };
}

async function startTargetServer(options: {
  tls?: { key: string; cert: string };
}) {
  const handler: http.RequestListener = (_request, response) => {
    response.end('hello from target');
  };
  const server = options.tls
    ? https.createServer(options.tls, handler)
    : http.createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';

  return {
    url: `${scheme}://127.0.0.1:${port}/`,
    port,
    close: () => closeServer(server),
  };
}

function closeServer(server: http.Server) {
  server.closeAllConnections();
  return new Promise<void>(resolve => server.close(() => resolve()));
}

function createCertificate() {
  const keyPair = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  // The `keyPair` option exists in selfsigned 2.x but is missing from its
  // type declarations. Node's native key generation is much faster than
  // the pure-JavaScript one selfsigned uses otherwise.
  const options = {
    days: 1,
    algorithm: 'sha256',
    keyPair,
    // https-proxy-agent 7 checks the certificate of an IP-address target
    // against "localhost", so the certificate names both.
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: '127.0.0.1' },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  } as Parameters<typeof selfsigned.generate>[1];
  const pems = selfsigned.generate(
    [{ name: 'commonName', value: '127.0.0.1' }],
    options,
  );
  return { key: pems.private, cert: pems.cert };
}

/** Sends a GET through the agent and resolves with the response body. */
function get(url: string, agent: http.Agent, ca?: string) {
  return new Promise<string>((resolve, reject) => {
    const requestFn = url.startsWith('https:') ? https.request : http.request;
    const request = requestFn(url, { agent, ca }, response => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', chunk => {
        body += chunk;
      });
      response.on('end', () => resolve(body));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('createOutboundAgent', () => {
  const savedEnvironment: Record<string, string | undefined> = {};
  let proxy: Awaited<ReturnType<typeof startRelayProxy>>;
  let target: Awaited<ReturnType<typeof startTargetServer>>;
  let agent: http.Agent | undefined;

  beforeEach(async () => {
    for (const name of proxyVariables) {
      savedEnvironment[name] = process.env[name];
      delete process.env[name];
    }
    proxy = await startRelayProxy();
  });

  afterEach(async () => {
    agent?.destroy();
    agent = undefined;
    await target?.close();
    await proxy.close();
    for (const name of proxyVariables) {
      if (savedEnvironment[name] === undefined) {
        delete process.env[name];
      } else {
        process.env[name] = savedEnvironment[name];
      }
    }
  });

  it('goes direct when no proxy is set', async () => {
    target = await startTargetServer({});

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;

    await expect(get(target.url, agent)).resolves.toBe('hello from target');
    expect(outbound.proxy).toBeUndefined();
    expect(proxy.relayed).toHaveLength(0);
  });

  it('relays http requests through HTTP_PROXY', async () => {
    target = await startTargetServer({});
    process.env.HTTP_PROXY = proxy.url;

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;
    await get(target.url, agent);
    const body = await get(target.url, agent);

    expect(body).toBe('hello from target');
    expect(outbound.proxy).toBe(proxy.url);
    expect(proxy.relayed).toHaveLength(2);
    expect(proxy.relayed[0]).toMatchObject({
      method: 'GET',
      target: target.url,
    });
  });

  it('reads the lower-case variable too', async () => {
    target = await startTargetServer({});
    process.env.http_proxy = proxy.url;

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;
    await get(target.url, agent);

    expect(outbound.proxy).toBe(proxy.url);
    expect(proxy.relayed).toHaveLength(1);
  });

  it('tunnels https requests through HTTPS_PROXY', async () => {
    const tls = createCertificate();
    target = await startTargetServer({ tls });
    process.env.HTTPS_PROXY = proxy.url;

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;
    const body = await get(target.url, agent, tls.cert);

    expect(body).toBe('hello from target');
    expect(outbound.proxy).toBe(proxy.url);
    expect(proxy.relayed).toEqual([
      {
        method: 'CONNECT',
        target: `127.0.0.1:${target.port}`,
        auth: undefined,
      },
    ]);
  });

  it('does not use HTTP_PROXY for https targets', async () => {
    const tls = createCertificate();
    target = await startTargetServer({ tls });
    process.env.HTTP_PROXY = proxy.url;

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;
    await get(target.url, agent, tls.cert);

    expect(outbound.proxy).toBeUndefined();
    expect(proxy.relayed).toHaveLength(0);
  });

  it.each([
    ['NO_PROXY', '127.0.0.1'],
    ['no_proxy', 'localhost,127.0.0.1'],
    ['NO_PROXY', '*'],
  ])('bypasses the proxy for hosts in %s=%s', async (name, value) => {
    target = await startTargetServer({});
    process.env.HTTP_PROXY = proxy.url;
    process.env[name] = value;

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;
    const body = await get(target.url, agent);

    expect(body).toBe('hello from target');
    expect(outbound.proxy).toBeUndefined();
    expect(proxy.relayed).toHaveLength(0);
  });

  it('keeps the proxy when NO_PROXY names another port', async () => {
    target = await startTargetServer({});
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = `127.0.0.1:${target.port + 1}`;

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;
    await get(target.url, agent);

    expect(outbound.proxy).toBe(proxy.url);
    expect(proxy.relayed).toHaveLength(1);
  });

  it('sends proxy credentials but never describes them', async () => {
    target = await startTargetServer({});
    process.env.HTTP_PROXY = `http://relay-user:relay-secret@127.0.0.1:${proxy.port}`;

    const outbound = createOutboundAgent(target.url);
    agent = outbound.agent;
    await get(target.url, agent);

    expect(outbound.proxy).toBe(proxy.url);
    expect(outbound.proxy).not.toContain('relay-secret');
    expect(proxy.relayed[0].auth).toBe(
      `Basic ${Buffer.from('relay-user:relay-secret').toString('base64')}`,
    );
  });

  it('rejects an unsupported proxy protocol without its credentials', () => {
    process.env.HTTPS_PROXY = 'socks5://someone:hunter2@127.0.0.1:1080';

    let thrown: unknown;
    try {
      createOutboundAgent('https://s3.eu-west-1.amazonaws.com');
    } catch (error) {
      thrown = error;
    }

    expect(isCloudStorageError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('socks5:');
    expect((thrown as Error).message).not.toContain('hunter2');
  });

  it('rejects an invalid proxy URL without echoing it', () => {
    process.env.HTTPS_PROXY = 'http://someone:hunter2@[bad';

    let thrown: unknown;
    try {
      createOutboundAgent('https://s3.eu-west-1.amazonaws.com');
    } catch (error) {
      thrown = error;
    }

    expect(isCloudStorageError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain('is invalid');
    expect((thrown as Error).message).not.toContain('hunter2');
  });
});

describe('describeProxy', () => {
  it('removes user name and password', () => {
    expect(describeProxy('http://me:pa55@proxy.example.com:3128')).toBe(
      'http://proxy.example.com:3128',
    );
  });
});
