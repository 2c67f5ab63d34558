/**
 * An account stored for a resource entity, as the accounts API returns it.
 * The password is never part of it.
 *
 * @public
 */
export interface Account {
  /** Identifier of the account, unique across entities. */
  id: string;
  /** Reference of the entity that owns the account, such as `resource:default/orders-db`. */
  entityRef: string;
  /** Display name, such as "Admin console". */
  name: string;
  /** User name used to sign in; may be empty. */
  username: string;
  /** Address where the account is used, an http or https URL. */
  url?: string;
  /** Free text, encrypted at rest because it often contains secrets. */
  notes?: string;
  /** Time of the last change, ISO 8601. */
  updatedAt: string;
}

/**
 * Body of a request that creates or updates an account.
 *
 * @remarks
 *
 * On update the password may be left out, which keeps the stored one; on
 * create the backend rejects a request without it.
 *
 * @public
 */
export interface AccountInput {
  /** Display name, 1 to 200 characters. */
  name: string;
  /** User name, 0 to 200 characters. */
  username: string;
  /** Password, 1 to 4096 characters; optional on update only. */
  password?: string;
  /** An http or https URL. */
  url?: string;
  /** Free text, at most 10,000 characters. */
  notes?: string;
}

/**
 * File format of an export.
 *
 * @public
 */
export type ExportFormat = 'encrypted-html' | 'csv' | 'xlsx';

/**
 * All export formats, in the order a user interface offers them.
 *
 * @public
 */
export const EXPORT_FORMATS: readonly ExportFormat[] = [
  'encrypted-html',
  'csv',
  'xlsx',
];

/**
 * Destination of an export: `download`, or the id of a cloud storage provider
 * such as `s3`.
 *
 * @public
 */
export type ExportDestination = string;

/**
 * Body of a request to `POST /exports`.
 *
 * @public
 */
export interface ExportRequest {
  /** References of the resource entities to export, 1 to 50. */
  entityRefs: string[];
  /** File format. */
  format: ExportFormat;
  /** Passphrase of the file; required for `encrypted-html`, rejected otherwise. */
  passphrase?: string;
  /** Reason for the export, which a permission policy may require. */
  reason?: string;
  /**
   * `download` (the default) or the id of an enabled cloud storage provider
   * that the user has connected; cloud destinations accept only
   * `encrypted-html`.
   */
  destination?: ExportDestination;
  /**
   * For cloud destinations: whether the backend re-syncs the file when an
   * account of its resources changes. Defaults to true for cloud
   * destinations; rejected for `download`.
   */
  keepUpToDate?: boolean;
}

/**
 * Body of a request to `POST /exports/preflight`: an export request without
 * the passphrase and the reason.
 *
 * @public
 */
export interface ExportPreflightRequest {
  /** References of the resource entities to export, 1 to 50. */
  entityRefs: string[];
  /** File format. */
  format: ExportFormat;
  /** `download` (the default) or the id of a cloud storage provider. */
  destination?: ExportDestination;
}

/**
 * An entity of a preflight request that the permission policy denies.
 *
 * @public
 */
export interface ExportPreflightDenial {
  /** Reference of the denied resource entity. */
  entityRef: string;
  /** Reason for the denial, as the export itself would report it. */
  message: string;
}

/**
 * Response of `POST /exports/preflight`: what the permission policy decides
 * on an export before the user submits it.
 *
 * @remarks
 *
 * The backend decides again when the export is submitted, so a policy change
 * in between can still reject it.
 *
 * @public
 */
export interface ExportPreflightResult {
  /** Whether every entity may be exported, possibly with a reason. */
  allowed: boolean;
  /** Whether a reason is required and, if so, its minimum trimmed length. */
  reason: { required: boolean; minLength?: number };
  /** Entities the policy denies, whatever the reason; absent when none. */
  denied?: ExportPreflightDenial[];
}

/**
 * Response of `POST /exports` when the destination is a cloud storage
 * provider.
 *
 * @public
 */
export interface CloudExportResult {
  /** Id of the export in the history. */
  exportId: string;
  /** Name of the file in the user's storage. */
  fileName: string;
  /** Lowercase hex SHA-256 of the uploaded file. */
  sha256: string;
  /** Place of the file as the provider describes it, such as `s3://bucket/key`. */
  location: string;
  /** Id of the provider the file went to. */
  providerId: string;
  /**
   * Id of the synced copy that records the uploaded file; the copy follows
   * account changes when the request asked for `keepUpToDate`.
   */
  syncedCopyId?: string;
}

/**
 * Response of `GET /export-options`: the limits a client must respect.
 *
 * @public
 */
export interface ExportOptions {
  /** Minimum number of characters of a passphrase. */
  passphraseMinLength: number;
  /** Formats the backend can produce. */
  formats: ExportFormat[];
}

/**
 * The export request resource that permission policies decide on: one
 * resource entity of an export, with who requests it and why.
 *
 * @remarks
 *
 * An export of several entities is checked once per entity, so each decision
 * covers exactly one entity and its owners.
 *
 * @public
 */
export interface PasswordExportRequestResource {
  /** Reference of the resource entity whose accounts are exported. */
  entityRef: string;
  /** References of the entity's owners (its `ownedBy` relations). */
  entityOwnerRefs: string[];
  /** File format. */
  format: ExportFormat;
  /** Destination of the file. */
  destination: ExportDestination;
  /** Trimmed reason, absent when the user gave none. */
  reason?: string;
  /** Entity reference of the requesting user. */
  requestedBy: string;
  /** The requesting user's ownership references: the user and their groups. */
  requesterOwnershipRefs: string[];
}
