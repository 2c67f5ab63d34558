import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  Account,
  AccountInput,
  ExportOptions,
  ExportRequest,
} from '@internal/backstage-plugin-password-export-common';

/**
 * A file returned by the export endpoint, ready to be saved.
 *
 * @public
 */
export interface ExportedFile {
  /** Content of the file. */
  blob: Blob;
  /** File name proposed by the backend in `Content-Disposition`. */
  fileName: string;
  /** Identifier of the export in the backend's history. */
  exportId?: string;
  /** Lowercase hex SHA-256 of the file, as computed by the backend. */
  sha256?: string;
}

/**
 * Client of the password export backend: accounts of resource entities and
 * password exports.
 *
 * @remarks
 *
 * Every method rejects with a `ResponseError` from `@backstage/errors` when
 * the backend responds with an error status.
 *
 * @public
 */
export interface PasswordExportApi {
  /** Lists the accounts of an entity, without their passwords. */
  listAccounts(entityRef: string): Promise<Account[]>;

  /** Creates an account for an entity. */
  createAccount(entityRef: string, input: AccountInput): Promise<Account>;

  /**
   * Updates an account; leaving out `input.password` keeps the stored
   * password.
   */
  updateAccount(
    entityRef: string,
    accountId: string,
    input: AccountInput,
  ): Promise<Account>;

  /** Deletes an account. */
  deleteAccount(entityRef: string, accountId: string): Promise<void>;

  /** Fetches the password of an account. */
  revealPassword(entityRef: string, accountId: string): Promise<string>;

  /** Fetches the limits that an export request must respect. */
  getExportOptions(): Promise<ExportOptions>;

  /** Exports the accounts of one or more entities as a file. */
  exportPasswords(request: ExportRequest): Promise<ExportedFile>;
}

/**
 * Reference of the {@link PasswordExportApi}.
 *
 * @public
 */
export const passwordExportApiRef = createApiRef<PasswordExportApi>().with({
  id: 'plugin.password-export.service',
  pluginId: 'password-export',
});
