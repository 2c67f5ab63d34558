import { Account } from '@internal/backstage-plugin-password-export-common';
import { SourceAccount } from '@internal/backstage-plugin-password-export-node';

/** Fields of a new account; every secret is plaintext here. */
export interface NewAccount {
  name: string;
  username: string;
  password: string;
  url?: string;
  notes?: string;
}

/** Fields of an account update; an absent password keeps the stored one. */
export interface AccountUpdate {
  name: string;
  username: string;
  password?: string;
  url?: string;
  notes?: string;
}

/** Storage of the accounts of resource entities, with secrets encrypted at rest. */
export interface AccountStore {
  /** Lists the accounts of an entity without passwords, in insertion order. */
  listAccounts(entityRef: string): Promise<Account[]>;

  /** Lists the accounts of an entity with their passwords, for an export. */
  listAccountsWithPasswords(entityRef: string): Promise<SourceAccount[]>;

  /** Returns the password of an account, or undefined when there is no such account. */
  getPassword(
    entityRef: string,
    accountId: string,
  ): Promise<string | undefined>;

  /** Inserts an account and returns it. */
  createAccount(
    entityRef: string,
    account: NewAccount,
    userEntityRef: string,
  ): Promise<Account>;

  /** Updates an account; returns undefined when there is no such account. */
  updateAccount(
    entityRef: string,
    accountId: string,
    update: AccountUpdate,
    userEntityRef: string,
  ): Promise<Account | undefined>;

  /** Deletes an account; returns false when there was no such account. */
  deleteAccount(entityRef: string, accountId: string): Promise<boolean>;

  /** Counts the accounts of an entity. */
  countAccounts(entityRef: string): Promise<number>;
}
