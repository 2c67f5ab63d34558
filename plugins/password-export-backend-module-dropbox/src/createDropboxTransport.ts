import {
  createOutboundAgent,
  OutboundAgent,
} from '@internal/backstage-plugin-password-export-node';
import nodeFetch, { RequestInit, Response } from 'node-fetch';

/**
 * Origins the Dropbox SDK sends requests to or builds links for. The SDK
 * fixes them, and its `domain` option cannot yield a local `http:` origin.
 * dropbox 10.47 builds the consent page URL on `https://dropbox.com`.
 */
export const dropboxOrigins: ReadonlySet<string> = new Set([
  'https://api.dropboxapi.com',
  'https://content.dropboxapi.com',
  'https://notify.dropboxapi.com',
  'https://dropbox.com',
  'https://www.dropbox.com',
]);

/** Origin of the API host, which "Test connection" probes. */
export const dropboxApiOrigin = 'https://api.dropboxapi.com';

/**
 * A fetch function with the signature the Dropbox SDK calls, returning
 * node-fetch responses, which have every method the SDK reads.
 */
export type DropboxFetch = (
  url: string,
  init?: RequestInit,
) => Promise<Response>;

/**
 * Options of {@link createDropboxTransport}.
 */
export interface DropboxTransportOptions {
  /**
   * Origin of a local server that replaces every Dropbox host, from
   * `passwordExport.serviceUrls.dropbox`.
   */
  serviceUrl?: string;
  /** Time in milliseconds after which one request is abandoned. */
  timeoutMs: number;
  /** Signal that aborts every request of the operation. */
  signal: AbortSignal;
}

/**
 * The HTTP client of one provider operation.
 */
export interface DropboxTransport {
  /** Fetch function to pass to the Dropbox SDK. */
  fetch: DropboxFetch;
  /**
   * Returns the URL a Dropbox URL is sent to: the same URL, or the local
   * server's when `serviceUrl` is set.
   */
  resolveUrl(url: string): string;
  /** The proxy requests to a Dropbox URL go through, without credentials. */
  proxyFor(url: string): string | undefined;
  /** Closes the sockets of the agents. */
  close(): void;
}

/**
 * Error of a request that got no HTTP response. Its message names the
 * origin and path only, because node-fetch quotes the whole URL in its
 * errors, and a URL built by the SDK may carry tokens in its query string.
 */
export class DropboxNetworkError extends Error {
  /** System error code, such as `ECONNREFUSED`, or `ETIMEDOUT` for timeouts. */
  readonly code?: string;
  /** Origin the request was sent to, such as `https://api.dropboxapi.com`. */
  readonly origin: string;

  constructor(options: {
    name: 'FetchError' | 'TimeoutError' | 'AbortError';
    message: string;
    code?: string;
    origin: string;
  }) {
    super(options.message);
    this.name = options.name;
    this.code = options.code;
    this.origin = options.origin;
  }
}

/**
 * Creates the HTTP client of one provider operation. It rewrites Dropbox
 * origins to the local server when one is configured, moves token request
 * parameters into the body, and sends each request through the proxy that
 * applies to its target. It abandons a request after `timeoutMs` and strips
 * the URL from network errors.
 */
export function createDropboxTransport(
  options: DropboxTransportOptions,
): DropboxTransport {
  const agents = new Map<string, OutboundAgent>();

  const resolveUrl = (url: string): string => {
    const parsed = new URL(url);
    if (!dropboxOrigins.has(parsed.origin)) {
      // The SDK builds every URL itself, so another origin is a bug that
      // must not leak tokens to an unknown host.
      throw new Error(
        `Rejected a Dropbox request to ${parsed.origin}, which is not a ` +
          'Dropbox host',
      );
    }
    if (!options.serviceUrl) {
      return parsed.toString();
    }
    return `${options.serviceUrl}${parsed.pathname}${parsed.search}`;
  };

  const agentFor = (target: string): OutboundAgent => {
    const origin = new URL(target).origin;
    let outbound = agents.get(origin);
    if (!outbound) {
      outbound = createOutboundAgent(origin);
      agents.set(origin, outbound);
    }
    return outbound;
  };

  const fetch: DropboxFetch = async (url, requestInit = {}) => {
    const { target, init } = moveTokenParametersToBody(
      resolveUrl(url),
      requestInit,
    );
    const { agent } = agentFor(target);
    const timeoutSignal = AbortSignal.timeout(options.timeoutMs);
    const signals = [options.signal, timeoutSignal];
    if (init.signal) {
      signals.push(init.signal as AbortSignal);
    }

    try {
      return await nodeFetch(target, {
        ...init,
        agent,
        signal: AbortSignal.any(signals) as RequestInit['signal'],
      });
    } catch (error) {
      throw toNetworkError(error, target, {
        timedOut: timeoutSignal.aborted,
        timeoutMs: options.timeoutMs,
      });
    }
  };

  return {
    fetch,
    resolveUrl,
    proxyFor: url => agentFor(resolveUrl(url)).proxy,
    close() {
      for (const { agent } of agents.values()) {
        agent.destroy();
      }
      agents.clear();
    },
  };
}

/**
 * Moves the query string of a token request into a form body.
 *
 * @remarks
 *
 * The SDK sends the authorization code, the PKCE verifier, the refresh
 * token and the app secret in the URL of `/oauth2/token`, where access logs
 * and TLS-inspecting proxies may record them. The token endpoint takes the
 * same parameters as a form body, as RFC 6749 (section 4.1.3) defines.
 */
function moveTokenParametersToBody(
  target: string,
  init: RequestInit,
): { target: string; init: RequestInit } {
  const url = new URL(target);
  const isTokenPost =
    url.pathname === '/oauth2/token' && init.method?.toUpperCase() === 'POST';
  if (!isTokenPost || url.search === '' || init.body) {
    return { target, init };
  }

  const body = url.searchParams.toString();
  url.search = '';
  return {
    target: url.toString(),
    init: {
      ...init,
      headers: {
        ...init.headers,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body,
    },
  };
}

function toNetworkError(
  error: unknown,
  target: string,
  timing: { timedOut: boolean; timeoutMs: number },
): DropboxNetworkError {
  const { origin, pathname } = new URL(target);
  const where = `${origin}${pathname}`;

  if (timing.timedOut) {
    return new DropboxNetworkError({
      name: 'TimeoutError',
      code: 'ETIMEDOUT',
      origin,
      message: `No response from ${where} within ${timing.timeoutMs} ms`,
    });
  }
  if ((error as Error)?.name === 'AbortError') {
    return new DropboxNetworkError({
      name: 'AbortError',
      origin,
      message: `The request to ${where} was cancelled`,
    });
  }

  const code = (error as { code?: unknown })?.code;
  return new DropboxNetworkError({
    name: 'FetchError',
    code: typeof code === 'string' ? code : undefined,
    origin,
    message: `The request to ${where} failed${
      typeof code === 'string' ? ` (${code})` : ''
    }`,
  });
}
