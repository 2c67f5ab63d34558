import {
  AccountSource,
  AccountSourceListOptions,
  SourceAccount,
} from '@internal/backstage-plugin-password-export-node';
import { AccountStore } from '../database/AccountStore';

/** Id of the built-in account store among the account sources. */
export const BUILT_IN_SOURCE_ID = 'built-in';

/** {@link AccountSource} that reads the plugin's own account store. */
export class BuiltInAccountSource implements AccountSource {
  readonly id = BUILT_IN_SOURCE_ID;
  readonly #store: AccountStore;

  constructor(store: AccountStore) {
    this.#store = store;
  }

  async listAccounts(
    options: AccountSourceListOptions,
  ): Promise<SourceAccount[]> {
    return this.#store.listAccountsWithPasswords(options.entityRef);
  }
}
