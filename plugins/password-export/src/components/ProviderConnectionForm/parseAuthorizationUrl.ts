// Loopback hosts, where local stand-ins of the storage services run over
// plain HTTP during development and tests.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Parses the consent page URL that the backend returned for an OAuth
 * connection, and rejects anything but `https:` (or `http:` on a loopback
 * host), so that a `javascript:` or `data:` URL never reaches a browser
 * window of the portal.
 *
 * @param providerTitle - Display name of the provider, for the error message.
 */
export function parseAuthorizationUrl(
  authorizationUrl: string,
  providerTitle: string,
): URL {
  let url: URL;
  try {
    url = new URL(authorizationUrl);
  } catch {
    throw new Error(
      `The authorization URL for ${providerTitle} is not a valid URL. Ask a portal admin to check the provider's settings.`,
    );
  }

  const secure = url.protocol === 'https:';
  const loopback = url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname);
  if (!secure && !loopback) {
    throw new Error(
      `The authorization URL for ${providerTitle} uses ${url.protocol} instead of https:. Ask a portal admin to check the provider's settings.`,
    );
  }
  return url;
}
