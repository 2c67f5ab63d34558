import { JsonObject } from '@backstage/types';

/** Status of a connection: usable, or rejected by the storage. */
export type ConnectionStatus = 'connected' | 'reconnect-needed';

/** A user's connection to a provider, without its credentials. */
export interface ProviderConnectionSummary {
  providerId: string;
  accountLabel: string;
  status: ConnectionStatus;
  /** Time of the last successful upload, ISO 8601. */
  lastUsedAt?: string;
  createdAt: string;
  updatedAt: string;
}

/** A user's connection to a provider, with its decrypted credentials. */
export interface ProviderConnection extends ProviderConnectionSummary {
  credentials: JsonObject;
  /** Time after which the credentials must be refreshed; absent when never. */
  expiresAt?: Date;
  /** Number that changes whenever the credentials are replaced. */
  credentialsVersion: number;
}

/** Credentials to store, with their expiry. */
export interface StoredCredentials {
  credentials: JsonObject;
  expiresAt?: Date;
}

/** Storage of the users' provider connections, with credentials encrypted at rest. */
export interface ProviderConnectionStore {
  /** Returns a connection with its credentials, or undefined when there is none. */
  getConnection(
    userEntityRef: string,
    providerId: string,
  ): Promise<ProviderConnection | undefined>;

  /** Lists the connections of a user, without credentials. */
  listConnections(userEntityRef: string): Promise<ProviderConnectionSummary[]>;

  /** Creates or replaces a connection; its status becomes `connected`. */
  saveConnection(
    userEntityRef: string,
    providerId: string,
    connection: StoredCredentials & { accountLabel: string },
  ): Promise<ProviderConnectionSummary>;

  /**
   * Replaces the credentials of a connection after a refresh, only while the
   * given refresh holds the lock; returns false when it no longer does.
   */
  replaceCredentials(
    userEntityRef: string,
    providerId: string,
    credentials: StoredCredentials,
    lockOwner: string,
  ): Promise<boolean>;

  /**
   * Takes the refresh lock of a connection until the given time, unless
   * another refresh holds it; returns whether this one got it.
   */
  tryLockRefresh(
    userEntityRef: string,
    providerId: string,
    lockOwner: string,
    until: Date,
  ): Promise<boolean>;

  /**
   * Lists the usable connections with expiring credentials whose last
   * change, such as a refresh, is older than the given time.
   */
  listIdleRefreshableConnections(
    changedBefore: Date,
  ): Promise<Array<{ userEntityRef: string; providerId: string }>>;

  /** Releases the refresh lock if the given refresh holds it. */
  unlockRefresh(
    userEntityRef: string,
    providerId: string,
    lockOwner: string,
  ): Promise<void>;

  /** Sets the status of a connection; returns false when there is none. */
  setStatus(
    userEntityRef: string,
    providerId: string,
    status: ConnectionStatus,
  ): Promise<boolean>;

  /** Records a successful upload at the given time. */
  markUsed(userEntityRef: string, providerId: string, at: Date): Promise<void>;

  /** Deletes a connection; returns false when there was none. */
  deleteConnection(userEntityRef: string, providerId: string): Promise<boolean>;
}
