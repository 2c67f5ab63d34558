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
    connection: { credentials: JsonObject; accountLabel: string },
  ): Promise<ProviderConnectionSummary>;

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
