/** Data of a new OAuth flow, kept until its state returns. */
export interface NewOAuthState {
  /** The state parameter; only its hash is stored. */
  state: string;
  userEntityRef: string;
  providerId: string;
  /** PKCE code verifier, stored encrypted. */
  codeVerifier?: string;
  redirectUri?: string;
  expiresAt: Date;
}

/** An OAuth flow whose state was accepted. */
export interface ConsumedOAuthState {
  userEntityRef: string;
  providerId: string;
  codeVerifier?: string;
  redirectUri?: string;
}

/**
 * Why a state was not accepted: no flow has it, it was accepted before, it
 * expired, or it belongs to another user or provider.
 */
export type OAuthStateRejection =
  | 'unknown'
  | 'used'
  | 'expired'
  | 'other-user'
  | 'other-provider';

/** User and providers that a state must match in {@link OAuthStateStore.consumeState}. */
export interface OAuthStateExpectation {
  /** The user who started the flow. */
  userEntityRef?: string;
  /** Ids of the providers whose flows may complete here. */
  providerIds?: string[];
}

/** Outcome of {@link OAuthStateStore.consumeState}. */
export type ConsumeOAuthStateResult =
  | { ok: true; flow: ConsumedOAuthState }
  | { ok: false; rejection: OAuthStateRejection };

/**
 * Storage of the OAuth flows in progress. Each state is accepted at most
 * once, by any replica, before it expires.
 */
export interface OAuthStateStore {
  /** Stores a new flow. */
  createState(flow: NewOAuthState): Promise<void>;

  /**
   * Accepts a state once. `expected` restricts the user and the providers it
   * must belong to; a state that does not match stays usable by its owner.
   */
  consumeState(
    state: string,
    expected: OAuthStateExpectation,
  ): Promise<ConsumeOAuthStateResult>;

  /** Deletes flows that expired before the given time; returns how many. */
  deleteExpired(before: Date): Promise<number>;
}
