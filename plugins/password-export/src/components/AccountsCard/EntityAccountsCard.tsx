import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { AccountsCard } from './AccountsCard';

/**
 * The {@link AccountsCard} of the entity on the current entity page.
 *
 * @public
 */
export function EntityAccountsCard() {
  const { entity } = useEntity();
  return <AccountsCard entityRef={stringifyEntityRef(entity)} />;
}
