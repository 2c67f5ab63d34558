import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Loads entities from the catalog with the caller's credentials, in the order
 * of the references.
 *
 * @throws NotFoundError naming the first reference that the catalog does not
 * return, either because it does not exist or because the caller may not see it.
 */
export async function loadResourceEntities(
  catalog: CatalogService,
  entityRefs: string[],
  credentials: BackstageCredentials,
): Promise<Entity[]> {
  const { items } = await catalog.getEntitiesByRefs(
    { entityRefs },
    { credentials },
  );

  return items.map((entity, index) => {
    if (!entity) {
      throw new NotFoundError(`Entity ${entityRefs[index]} not found`);
    }
    return entity;
  });
}

/**
 * Returns the references of an entity's owners, from its `ownedBy` relations
 * and from `spec.owner`, because relations appear only once the catalog has
 * processed the entity.
 */
export function getEntityOwnerRefs(entity: Entity): string[] {
  const owners = new Set<string>();

  for (const relation of entity.relations ?? []) {
    if (relation.type === RELATION_OWNED_BY) {
      owners.add(relation.targetRef);
    }
  }

  const owner = entity.spec?.owner;
  if (typeof owner === 'string' && owner.length > 0) {
    const ref = parseEntityRef(owner, {
      defaultKind: 'group',
      defaultNamespace: entity.metadata.namespace ?? 'default',
    });
    owners.add(stringifyEntityRef(ref));
  }

  return [...owners];
}
