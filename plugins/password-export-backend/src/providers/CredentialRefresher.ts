import { randomUUID } from 'node:crypto';
import {
  CloudStorageError,
  CloudStorageProvider,
  CloudStorageUserContext,
  isCloudStorageError,
} from '@internal/backstage-plugin-password-export-node';
import {
  ProviderConnection,
  ProviderConnectionStore,
} from '../database/ProviderConnectionStore';
import { PROVIDER_OPERATION_TIMEOUT_MS } from './toBackstageError';

/** Options of {@link CredentialRefresher}. */
export interface CredentialRefresherOptions {
  connectionStore: ProviderConnectionStore;
  /**
   * Time before the expiry at which credentials count as expired, so that a
   * call started just before the expiry does not fail halfway. Defaults to
   * one minute.
   */
  marginMs?: number;
  /**
   * Time after which another replica may take over the lock of a refresh
   * that did not finish, for example because its replica crashed. Defaults
   * to 30 seconds more than a provider operation may take, so that a slow
   * refresh is abandoned before another replica can start a second one.
   */
  lockTtlMs?: number;
  /** Time to wait for a refresh that another replica runs. Defaults to 30 s. */
  waitTimeoutMs?: number;
  /** Pause between two looks at a lock that another replica holds. */
  pollIntervalMs?: number;
}

/** Waits, or rejects as soon as the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined = undefined;
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Refreshes the OAuth credentials of one user's connection so that exactly
 * one refresh runs at a time across all backend replicas.
 *
 * @remarks
 *
 * Box refresh tokens are single use: two replicas that refreshed with the
 * same token at once would leave one of them with a token that Box already
 * invalidated. So a refresh takes a lock in the connection's database row,
 * re-reads the stored credentials under it, and refreshes only when no other
 * refresh replaced them since the caller read them. Callers that find the
 * lock taken wait and then use the credentials the other refresh stored.
 */
export class CredentialRefresher {
  readonly #store: ProviderConnectionStore;
  readonly #marginMs: number;
  readonly #lockTtlMs: number;
  readonly #waitTimeoutMs: number;
  readonly #pollIntervalMs: number;

  constructor(options: CredentialRefresherOptions) {
    this.#store = options.connectionStore;
    this.#marginMs = options.marginMs ?? 60_000;
    this.#lockTtlMs =
      options.lockTtlMs ?? PROVIDER_OPERATION_TIMEOUT_MS + 30_000;
    this.#waitTimeoutMs = options.waitTimeoutMs ?? 30_000;
    this.#pollIntervalMs = options.pollIntervalMs ?? 100;
  }

  /** Returns whether the credentials expire within the margin. */
  isExpiring(connection: ProviderConnection, now = Date.now()): boolean {
    return (
      connection.expiresAt !== undefined &&
      connection.expiresAt.getTime() - this.#marginMs <= now
    );
  }

  /**
   * Returns credentials newer than the given connection's: the ones another
   * refresh stored meanwhile, or new ones from the provider.
   *
   * @param stale - the connection whose credentials expired or failed.
   * @throws CloudStorageError of kind `credentials-rejected` when the
   * provider rejects the refresh token, after marking the connection
   * `reconnect-needed`. Throws kind `timed-out` when another refresh keeps
   * the lock too long.
   */
  async refresh(
    provider: CloudStorageProvider,
    userEntityRef: string,
    stale: ProviderConnection,
    context: Omit<CloudStorageUserContext, 'credentials'>,
  ): Promise<ProviderConnection> {
    const lockOwner = randomUUID();
    const deadline = Date.now() + this.#waitTimeoutMs;

    for (;;) {
      const current = await this.#readConnection(provider, userEntityRef);
      if (this.#isNewer(current, stale)) {
        return current;
      }

      const locked = await this.#store.tryLockRefresh(
        userEntityRef,
        provider.id,
        lockOwner,
        new Date(Date.now() + this.#lockTtlMs),
      );
      if (locked) {
        try {
          return await this.#refreshLocked(
            provider,
            userEntityRef,
            stale,
            lockOwner,
            context,
          );
        } finally {
          await this.#store.unlockRefresh(
            userEntityRef,
            provider.id,
            lockOwner,
          );
        }
      }

      if (Date.now() >= deadline) {
        throw new CloudStorageError({
          kind: 'timed-out',
          message: `Another backend replica is still refreshing the ${provider.title} token of ${userEntityRef}; try again in a minute`,
        });
      }
      await sleep(this.#pollIntervalMs, context.signal);
    }
  }

  async #refreshLocked(
    provider: CloudStorageProvider,
    userEntityRef: string,
    stale: ProviderConnection,
    lockOwner: string,
    context: Omit<CloudStorageUserContext, 'credentials'>,
  ): Promise<ProviderConnection> {
    // Another replica may have refreshed between our read and our lock.
    const current = await this.#readConnection(provider, userEntityRef);
    if (this.#isNewer(current, stale)) {
      return current;
    }
    if (!provider.refreshCredentials) {
      throw new CloudStorageError({
        kind: 'credentials-rejected',
        message: `The ${provider.title} credentials of ${current.accountLabel} expired and ${provider.title} cannot refresh them; reconnect ${provider.title}`,
      });
    }

    let refreshed;
    try {
      refreshed = await provider.refreshCredentials({
        ...context,
        credentials: current.credentials,
      });
    } catch (error) {
      if (isCloudStorageError(error) && error.kind === 'credentials-rejected') {
        // A refresh whose lock expired may have finished meanwhile; its
        // credentials are then valid and the user need not reconnect.
        const latest = await this.#store.getConnection(
          userEntityRef,
          provider.id,
        );
        if (
          latest &&
          latest.credentialsVersion !== current.credentialsVersion &&
          latest.status === 'connected'
        ) {
          return latest;
        }
        await this.#store.setStatus(
          userEntityRef,
          provider.id,
          'reconnect-needed',
        );
        context.logger.warn(
          `${provider.title} rejected the refresh token; the connection needs reconnecting`,
          { userEntityRef, errorKind: error.kind },
        );
      }
      throw error;
    }

    const stored = await this.#store.replaceCredentials(
      userEntityRef,
      provider.id,
      refreshed,
      lockOwner,
    );
    if (!stored) {
      // The lock expired and another refresh took over, so ours may already
      // be invalid at the provider; the other one's credentials win.
      context.logger.warn(
        `A ${provider.title} token refresh outlasted its lock; using the credentials of the refresh that took over`,
        { userEntityRef },
      );
      return this.#readConnection(provider, userEntityRef);
    }
    context.logger.info(`Refreshed the ${provider.title} credentials`, {
      userEntityRef,
    });
    return this.#readConnection(provider, userEntityRef);
  }

  #isNewer(current: ProviderConnection, stale: ProviderConnection): boolean {
    return (
      current.credentialsVersion !== stale.credentialsVersion &&
      !this.isExpiring(current)
    );
  }

  async #readConnection(
    provider: CloudStorageProvider,
    userEntityRef: string,
  ): Promise<ProviderConnection> {
    const connection = await this.#store.getConnection(
      userEntityRef,
      provider.id,
    );
    if (!connection) {
      throw new CloudStorageError({
        kind: 'credentials-rejected',
        message: `${userEntityRef} disconnected ${provider.title} during the operation; connect it again`,
      });
    }
    if (connection.status !== 'connected') {
      throw new CloudStorageError({
        kind: 'credentials-rejected',
        message: `Reconnect ${provider.title}: it rejected the saved credentials of ${connection.accountLabel}`,
      });
    }
    return connection;
  }
}
