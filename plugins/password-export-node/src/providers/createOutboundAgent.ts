import http from 'node:http';
import https from 'node:https';
import { HttpProxyAgent } from 'http-proxy-agent';
import { HttpsProxyAgent } from 'https-proxy-agent';
import { getProxyForUrl } from 'proxy-from-env';
import { CloudStorageError } from './CloudStorageError';

/**
 * A Node.js agent for requests to one target, and the proxy it goes through.
 *
 * @public
 */
export interface OutboundAgent {
  /**
   * Agent to pass to `http.request`, `https.request` or the AWS SDK's
   * `NodeHttpHandler`. It is an `https.Agent` or a proxy agent for `https:`
   * targets, and an `http.Agent` or a proxy agent for `http:` targets.
   */
  agent: http.Agent;
  /**
   * The proxy URL without user name and password, such as
   * `http://proxy.example.com:3128`; absent when requests go direct.
   */
  proxy?: string;
}

/**
 * Options of {@link createOutboundAgent}.
 *
 * @public
 */
export interface OutboundAgentOptions {
  /** Whether to keep sockets open between requests. Default true. */
  keepAlive?: boolean;
}

/**
 * Creates the agent for requests to a target URL, honouring the standard
 * proxy environment variables.
 *
 * @remarks
 *
 * The proxy is chosen by `proxy-from-env` from `HTTPS_PROXY`, `HTTP_PROXY`
 * and `ALL_PROXY`, and skipped for hosts listed in `NO_PROXY`. Lower-case
 * names are read first, upper-case names second. An `https:` target goes
 * through the proxy with an HTTP CONNECT tunnel, so the proxy cannot read
 * the request. An `http:` target is sent to the proxy as an absolute-URI
 * request.
 * The variables are read on each call, so a changed environment applies to
 * the next agent.
 *
 * NOTE: through a proxy, https-proxy-agent 7 verifies the certificate of an
 * IP-address target (such as `https://10.0.0.5:9000`) against the name
 * "localhost", so such targets fail TLS verification. Targets with host
 * names are not affected.
 *
 * @param targetUrl - URL of the service, such as `https://s3.eu-west-1.amazonaws.com`.
 * @param options - Settings of the agent.
 * @public
 */
export function createOutboundAgent(
  targetUrl: string | URL,
  options: OutboundAgentOptions = {},
): OutboundAgent {
  const target = new URL(targetUrl);
  const secure = target.protocol === 'https:';
  const keepAlive = options.keepAlive ?? true;

  const proxyUrl = getProxyForUrl(target.href);
  if (!proxyUrl) {
    const agent = secure
      ? new https.Agent({ keepAlive })
      : new http.Agent({ keepAlive });
    return { agent };
  }

  const proxy = parseProxyUrl(proxyUrl);
  const agent = secure
    ? new HttpsProxyAgent(proxy, { keepAlive })
    : new HttpProxyAgent(proxy, { keepAlive });

  return { agent, proxy: describeProxy(proxy) };
}

/**
 * Removes the user name and password from a proxy URL, so that it can be
 * shown and logged.
 *
 * @public
 */
export function describeProxy(proxyUrl: string | URL): string {
  const url = new URL(proxyUrl);
  return `${url.protocol}//${url.host}`;
}

function parseProxyUrl(proxyUrl: string): URL {
  let url: URL;
  try {
    url = new URL(proxyUrl);
  } catch {
    // The value may embed a password, so the message names only the variables.
    throw new CloudStorageError({
      kind: 'unreachable',
      retryable: false,
      message:
        'The proxy URL in HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is invalid. ' +
        'Set it to a URL such as http://proxy.example.com:3128 in the ' +
        "backend's environment.",
    });
  }

  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CloudStorageError({
      kind: 'unreachable',
      retryable: false,
      message:
        `The proxy ${describeProxy(url)} uses the unsupported protocol ` +
        `"${url.protocol}". Use an http: or https: proxy URL in HTTPS_PROXY, ` +
        'HTTP_PROXY or ALL_PROXY.',
    });
  }

  return url;
}
