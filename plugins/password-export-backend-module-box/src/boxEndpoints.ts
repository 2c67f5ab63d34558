import { Config } from '@backstage/config';

/**
 * Base URLs that the Box provider sends its requests to.
 *
 * @public
 */
export interface BoxEndpoints {
  /** Base of the API and of the token endpoint, such as `https://api.box.com`. */
  baseUrl: string;
  /** Base of uploads, such as `https://upload.box.com/api`. */
  uploadUrl: string;
  /** Base of the consent page, such as `https://account.box.com/api/oauth2`. */
  oauth2Url: string;
  /** Local server that replaces Box, when config sets one. */
  serviceUrl?: string;
}

/** Config key of the local server that replaces Box in tests and the demo. */
export const SERVICE_URL_CONFIG_KEY = 'passwordExport.serviceUrls.box';

/**
 * Box's own hosts: the defaults of `BaseUrls` in box-node-sdk 10.12.
 */
const boxEndpoints: BoxEndpoints = {
  baseUrl: 'https://api.box.com',
  uploadUrl: 'https://upload.box.com/api',
  oauth2Url: 'https://account.box.com/api/oauth2',
};

/**
 * Returns the endpoints of Box, or those of a local server on one origin:
 * the API and uploads under `/2.0`, and the consent page and token endpoint
 * under `/oauth2`, as `@internal/local-cloud-servers` serves them.
 */
export function resolveBoxEndpoints(serviceUrl?: string): BoxEndpoints {
  if (!serviceUrl) {
    return boxEndpoints;
  }
  return {
    baseUrl: serviceUrl,
    uploadUrl: serviceUrl,
    oauth2Url: `${serviceUrl}/oauth2`,
    serviceUrl,
  };
}

/**
 * Reads `passwordExport.serviceUrls.box`, the origin of a local server that
 * replaces every Box host.
 *
 * @throws Error naming the config key when the value is not an http: or
 * https: origin, so that the backend stops at startup.
 */
export function readBoxServiceUrl(config: Config): string | undefined {
  const value = config.getOptionalString(SERVICE_URL_CONFIG_KEY);
  if (value === undefined) {
    return undefined;
  }

  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(
      `Invalid config at ${SERVICE_URL_CONFIG_KEY}: "${value}" is not a URL. ` +
        'Set it to the origin of a local Box server, such as ' +
        'http://127.0.0.1:4570, or remove it to use Box.',
    );
  }
  if (
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    url.pathname !== '/' ||
    url.search ||
    url.hash
  ) {
    throw new Error(
      `Invalid config at ${SERVICE_URL_CONFIG_KEY}: it must be an http: or ` +
        'https: origin without user name, path, query or fragment, such as ' +
        'http://127.0.0.1:4570.',
    );
  }
  return url.origin;
}

/** Names the service for messages: Box, or the local server replacing it. */
export function describeService(endpoints: BoxEndpoints): string {
  return endpoints.serviceUrl
    ? `the local Box server at ${endpoints.serviceUrl}`
    : 'Box';
}
