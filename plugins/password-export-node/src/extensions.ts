import {
  BackstageCredentials,
  BackstageServicePrincipal,
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
   * Entity reference of the user the accounts are read for: the user who
   * exports, or the owner of the synced copy being re-synced.
   */
  userEntityRef: string;
  /**
   * Credentials of the user who exports, so that a source backed by a vault
   * can apply that user's own rights. During the automatic re-sync of a
   * synced copy the user is not present, so these are the password export
   * plugin's own service credentials.
   */
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >;
}

/**
 * Channel through which an {@link AccountSource} reports changed accounts to
 * the backend, so that the synced copies covering them are re-synced.
 *
 * @public
 */
export interface AccountSourceConnection {
  /**
   * Records that accounts of a resource entity changed in the source. Every
   * synced copy of that entity is re-synced once the changes stop for
   * `passwordExport.resync.debounce`, so a burst of reports causes one
   * upload. Resolves once the change is stored in the database.
   *
   * @param entityRef - Reference of the resource entity, such as
   * `resource:default/orders-db`; throws a `TypeError` when it is not a
   * valid entity reference.
   */
  reportChange(entityRef: string): Promise<void>;
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

  /**
   * Optional hook: receives the channel for reporting changes. The backend
   * calls it once at startup, after its database is ready, in the manner of
   * the catalog's `EntityProvider.connect`. A source that never reports
   * changes leaves its synced copies as they were exported.
   */
  connect?(connection: AccountSourceConnection): void | Promise<void>;
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
