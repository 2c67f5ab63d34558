import { parseEntityRef } from '@backstage/catalog-model';
import { createHash } from 'node:crypto';

function sanitize(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 63);
}

function shortHash(value: string, length: number): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

/**
 * Builds the name of an encrypted export in cloud storage, which stays the
 * same for the same set of resources so that a new export replaces the file.
 *
 * @remarks
 *
 * - One resource in the `default` namespace: `passwords-<name>.html`.
 * - One resource in another namespace: `passwords-<name>-<hash8>.html`.
 * - Several resources: `passwords-<N>-resources-<hash12>.html`.
 *
 * The hash is the lowercase hex SHA-256 of the sorted, canonical entity
 * references joined by line feeds, cut to 8 or 12 characters. It keeps apart
 * resources of the same name in different namespaces, and different sets of
 * the same size.
 */
export function buildCloudFileName(entityRefs: string[]): string {
  const sortedRefs = [...new Set(entityRefs)].sort();
  const hashInput = sortedRefs.join('\n');

  if (sortedRefs.length === 1) {
    const { namespace, name } = parseEntityRef(sortedRefs[0]);
    if (namespace === 'default') {
      return `passwords-${sanitize(name)}.html`;
    }
    return `passwords-${sanitize(name)}-${shortHash(hashInput, 8)}.html`;
  }

  return `passwords-${sortedRefs.length}-resources-${shortHash(
    hashInput,
    12,
  )}.html`;
}
