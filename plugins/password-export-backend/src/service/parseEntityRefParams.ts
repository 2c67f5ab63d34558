import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * Parses an entity reference given as text and checks that it names a
 * Resource entity.
 *
 * @throws InputError naming the field and the reference.
 */
export function parseResourceRef(ref: string, field: string): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref);
  } catch {
    throw new InputError(
      `${field} "${ref}" is not a valid entity reference; expected resource:<namespace>/<name>`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'resource') {
    throw new InputError(
      `${field} "${ref}" is not a Resource entity; only Resource entities have accounts`,
    );
  }
  return stringifyEntityRef(parsed);
}

/** Builds the entity reference of the `:kind/:namespace/:name` route parameters. */
export function parseEntityRefParams(params: {
  kind: string;
  namespace: string;
  name: string;
}): string {
  return parseResourceRef(
    `${params.kind}:${params.namespace}/${params.name}`,
    'entity',
  );
}
