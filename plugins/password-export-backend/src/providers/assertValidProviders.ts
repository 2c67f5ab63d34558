import { CloudStorageProvider } from '@internal/backstage-plugin-password-export-node';

/** Provider ids: lowercase, as they appear in routes and history rows. */
const PROVIDER_ID_PATTERN = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Checks the providers that modules added.
 *
 * @throws Error naming the provider when an id is invalid, reserved for
 * downloads, or used twice, so that the backend stops at startup.
 */
export function assertValidProviders(providers: CloudStorageProvider[]): void {
  const seen = new Set<string>();
  for (const provider of providers) {
    if (!PROVIDER_ID_PATTERN.test(provider.id)) {
      throw new Error(
        `Cloud storage provider id "${provider.id}" is invalid: use 1 to 32 lowercase letters, digits and hyphens, starting with a letter`,
      );
    }
    if (provider.id === 'download') {
      throw new Error(
        'Cloud storage provider id "download" is reserved for downloads; give the provider another id',
      );
    }
    if (seen.has(provider.id)) {
      throw new Error(
        `Cloud storage provider id "${provider.id}" is used twice; install only one module per provider, or give each provider a unique id`,
      );
    }
    seen.add(provider.id);
  }
}
