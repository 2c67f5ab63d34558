import { Account } from '@internal/backstage-plugin-password-export-common';
import { SourceAccount } from '@internal/backstage-plugin-password-export-node';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../encryption/SecretBox';
import { AccountStore, AccountUpdate, NewAccount } from './AccountStore';
import { toIsoTimestamp } from './toIsoTimestamp';

const TABLE = 'accounts';

interface AccountRow {
  id: string;
  entity_ref: string;
  name: string;
  username: string;
  url: string | null;
  password_encrypted: string;
  password_key_id: string;
  notes_encrypted: string | null;
  notes_key_id: string | null;
  created_by: string;
  updated_by: string;
  created_at: Date | string;
  updated_at: Date | string;
}

/**
 * Context bound to a sealed value, so that a value moved to another row or
 * column fails to decrypt.
 */
function secretContext(accountId: string, column: string): string {
  return `${TABLE}/${accountId}/${column}`;
}

/**
 * {@link AccountStore} on the plugin's knex database.
 *
 * @remarks
 *
 * Passwords and notes are sealed with the {@link SecretBox}. Names, user names
 * and URLs stay plaintext: they are listed without the key on every page view,
 * and on their own they do not grant access.
 */
export class DatabaseAccountStore implements AccountStore {
  readonly #db: Knex;
  readonly #secretBox: SecretBox;

  static create(options: { client: Knex; secretBox: SecretBox }) {
    return new DatabaseAccountStore(options.client, options.secretBox);
  }

  private constructor(db: Knex, secretBox: SecretBox) {
    this.#db = db;
    this.#secretBox = secretBox;
  }

  async listAccounts(entityRef: string): Promise<Account[]> {
    const rows = await this.#selectByEntity(entityRef);
    return rows.map(row => this.#toAccount(row));
  }

  async listAccountsWithPasswords(entityRef: string): Promise<SourceAccount[]> {
    const rows = await this.#selectByEntity(entityRef);
    return rows.map(row => {
      const account = this.#toAccount(row);
      return {
        name: account.name,
        username: account.username,
        password: this.#openPassword(row),
        url: account.url,
        notes: account.notes,
        updatedAt: account.updatedAt,
      };
    });
  }

  async getPassword(
    entityRef: string,
    accountId: string,
  ): Promise<string | undefined> {
    const row = await this.#selectOne(entityRef, accountId);
    return row ? this.#openPassword(row) : undefined;
  }

  async createAccount(
    entityRef: string,
    account: NewAccount,
    userEntityRef: string,
  ): Promise<Account> {
    const id = randomUUID();
    const now = new Date().toISOString();

    const row: AccountRow = {
      id,
      entity_ref: entityRef,
      name: account.name,
      username: account.username,
      url: account.url ?? null,
      ...this.#sealPassword(id, account.password),
      ...this.#sealNotes(id, account.notes),
      created_by: userEntityRef,
      updated_by: userEntityRef,
      created_at: now,
      updated_at: now,
    };
    await this.#db<AccountRow>(TABLE).insert(row);

    return this.#toAccount(row);
  }

  async updateAccount(
    entityRef: string,
    accountId: string,
    update: AccountUpdate,
    userEntityRef: string,
  ): Promise<Account | undefined> {
    const changes: Partial<AccountRow> = {
      name: update.name,
      username: update.username,
      url: update.url ?? null,
      ...this.#sealNotes(accountId, update.notes),
      updated_by: userEntityRef,
      updated_at: new Date().toISOString(),
    };
    if (update.password !== undefined) {
      Object.assign(changes, this.#sealPassword(accountId, update.password));
    }

    const count = await this.#db<AccountRow>(TABLE)
      .where({ id: accountId, entity_ref: entityRef })
      .update(changes);
    if (count === 0) {
      return undefined;
    }

    const row = await this.#selectOne(entityRef, accountId);
    return row ? this.#toAccount(row) : undefined;
  }

  async deleteAccount(entityRef: string, accountId: string): Promise<boolean> {
    const count = await this.#db<AccountRow>(TABLE)
      .where({ id: accountId, entity_ref: entityRef })
      .delete();
    return count > 0;
  }

  async countAccounts(entityRef: string): Promise<number> {
    const result = await this.#db<AccountRow>(TABLE)
      .where({ entity_ref: entityRef })
      .count({ count: '*' });
    return Number(result[0].count);
  }

  async #selectByEntity(entityRef: string): Promise<AccountRow[]> {
    return this.#db<AccountRow>(TABLE)
      .where({ entity_ref: entityRef })
      .orderBy('seq', 'asc');
  }

  async #selectOne(
    entityRef: string,
    accountId: string,
  ): Promise<AccountRow | undefined> {
    return this.#db<AccountRow>(TABLE)
      .where({ id: accountId, entity_ref: entityRef })
      .first();
  }

  #sealPassword(accountId: string, password: string) {
    return {
      password_encrypted: this.#secretBox.seal(
        password,
        secretContext(accountId, 'password_encrypted'),
      ),
      password_key_id: this.#secretBox.encryptionKeyId,
    };
  }

  #sealNotes(accountId: string, notes: string | undefined) {
    if (!notes) {
      return { notes_encrypted: null, notes_key_id: null };
    }
    return {
      notes_encrypted: this.#secretBox.seal(
        notes,
        secretContext(accountId, 'notes_encrypted'),
      ),
      notes_key_id: this.#secretBox.encryptionKeyId,
    };
  }

  #openPassword(row: AccountRow): string {
    return this.#secretBox.open(
      row.password_encrypted,
      secretContext(row.id, 'password_encrypted'),
    );
  }

  #toAccount(row: AccountRow): Account {
    const account: Account = {
      id: row.id,
      entityRef: row.entity_ref,
      name: row.name,
      username: row.username,
      updatedAt: toIsoTimestamp(row.updated_at),
    };
    if (row.url) {
      account.url = row.url;
    }
    if (row.notes_encrypted) {
      account.notes = this.#secretBox.open(
        row.notes_encrypted,
        secretContext(row.id, 'notes_encrypted'),
      );
    }
    return account;
  }
}
