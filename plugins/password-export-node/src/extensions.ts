import {
  BackstageCredentials,
  BackstageUserPrincipal,
  createExtensionPoint,
} from '@backstage/backend-plugin-api';

/**
 * An account as an {@link AccountSource} returns it, password included.
 *
 * @public
 */
export interface SourceAccount {
  /** Display name, such as "Admin console". */
  name: string;
  /** User name used to sign in; may be empty. */
  username: string;
  /** The secret itself. */
  password: string;
  /** Address where the account is used. */
  url?: string;
  /** Free text that goes into the export with the account. */
  notes?: string;
  /** Time of the last change, ISO 8601. */
  updatedAt?: string;
}

/**
 * Options of {@link AccountSource.listAccounts}.
 *
 * @public
 */
export interface AccountSourceListOptions {
  /** Reference of the resource entity, such as `resource:default/orders-db`. */
  entityRef: string;
  /**
   * Credentials of the user who exports, so that a source backed by a vault
   * can apply that user's own rights.
   */
  credentials: BackstageCredentials<BackstageUserPrincipal>;
}

/**
 * A place the password export backend reads accounts from.
 *
 * @remarks
 *
 * The backend always has its built-in account store (source id `built-in`).
 * Every other source comes from a module through
 * {@link passwordExportAccountSourceExtensionPoint}. An export contains the
 * accounts of all sources that serve an entity, each labelled with its source
 * id in spreadsheets. If one source fails, the whole export fails, so that a
 * file never lacks accounts without the user knowing.
 *
 * The backend has already checked the user's permissions on the entity before
 * it calls a source.
 *
 * @public
 */
export interface AccountSource {
  /** Unique identifier, used in logs, history and spreadsheet rows. */
  readonly id: string;

  /**
   * Lists the accounts of one entity, passwords included.
   *
   * @returns an empty list when the source has no account for the entity.
   */
  listAccounts(options: AccountSourceListOptions): Promise<SourceAccount[]>;

  /**
   * Optional hook: returns whether the source has accounts of an entity at all.
   * When it returns false, `listAccounts` is not called for that entity.
   * Without the hook, `listAccounts` is called for every entity.
   */
  servesEntity?(entityRef: string): boolean | Promise<boolean>;
}

/**
 * Extension point through which modules add account sources.
 *
 * @public
 */
export interface PasswordExportAccountSourceExtensionPoint {
  /**
   * Adds a source. Its id must differ from `built-in` and from every other
   * source, or the backend fails to start.
   */
  addAccountSource(source: AccountSource): void;
}

/**
 * Reference of {@link PasswordExportAccountSourceExtensionPoint}.
 *
 * @public
 */
export const passwordExportAccountSourceExtensionPoint =
  createExtensionPoint<PasswordExportAccountSourceExtensionPoint>({
    id: 'password-export.account-source',
  });
