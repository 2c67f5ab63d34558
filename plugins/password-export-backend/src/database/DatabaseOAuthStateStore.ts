import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import { SecretBox } from '../encryption/SecretBox';
import {
  ConsumeOAuthStateResult,
  NewOAuthState,
  OAuthStateExpectation,
  OAuthStateRejection,
  OAuthStateStore,
} from './OAuthStateStore';

const TABLE = 'oauth_states';

interface OAuthStateRow {
  state_hash: string;
  user_entity_ref: string;
  provider_id: string;
  code_verifier_encrypted: string | null;
  code_verifier_key_id: string | null;
  redirect_uri: string | null;
  created_at: Date | string;
  expires_at: Date | string;
  used_at: Date | string | null;
}

/**
 * Hashes a state so that a copy of the table cannot complete a flow. The
 * state has 256 random bits, so an unsalted hash suffices.
 */
function hashState(state: string): string {
  return createHash('sha256').update(state, 'utf8').digest('hex');
}

function secretContext(stateHash: string): string {
  return `${TABLE}/${stateHash}`;
}

/** {@link OAuthStateStore} on the plugin's knex database. */
export class DatabaseOAuthStateStore implements OAuthStateStore {
  readonly #db: Knex;
  readonly #secretBox: SecretBox;

  static create(options: { client: Knex; secretBox: SecretBox }) {
    return new DatabaseOAuthStateStore(options.client, options.secretBox);
  }

  private constructor(db: Knex, secretBox: SecretBox) {
    this.#db = db;
    this.#secretBox = secretBox;
  }

  async createState(flow: NewOAuthState): Promise<void> {
    const stateHash = hashState(flow.state);
    const row: OAuthStateRow = {
      state_hash: stateHash,
      user_entity_ref: flow.userEntityRef,
      provider_id: flow.providerId,
      code_verifier_encrypted: flow.codeVerifier
        ? this.#secretBox.seal(flow.codeVerifier, secretContext(stateHash))
        : null,
      code_verifier_key_id: flow.codeVerifier
        ? this.#secretBox.encryptionKeyId
        : null,
      redirect_uri: flow.redirectUri ?? null,
      created_at: new Date().toISOString(),
      expires_at: flow.expiresAt.toISOString(),
      used_at: null,
    };
    await this.#db<OAuthStateRow>(TABLE).insert(row);
  }

  async consumeState(
    state: string,
    expected: OAuthStateExpectation,
  ): Promise<ConsumeOAuthStateResult> {
    const stateHash = hashState(state);
    const now = new Date();

    const row = await this.#db<OAuthStateRow>(TABLE)
      .where({ state_hash: stateHash })
      .first();
    const rejection = this.#findRejection(row, expected, now);
    if (rejection || !row) {
      return { ok: false, rejection: rejection ?? 'unknown' };
    }

    // The conditional update is the claim: of two replicas that read the
    // same unused row, only one changes it.
    const claimed = await this.#db<OAuthStateRow>(TABLE)
      .where({ state_hash: stateHash })
      .whereNull('used_at')
      .update({
        used_at: now.toISOString(),
        code_verifier_encrypted: null,
        code_verifier_key_id: null,
      });
    if (claimed !== 1) {
      return { ok: false, rejection: 'used' };
    }

    return {
      ok: true,
      flow: {
        userEntityRef: row.user_entity_ref,
        providerId: row.provider_id,
        codeVerifier: row.code_verifier_encrypted
          ? this.#secretBox.open(
              row.code_verifier_encrypted,
              secretContext(stateHash),
            )
          : undefined,
        redirectUri: row.redirect_uri ?? undefined,
      },
    };
  }

  #findRejection(
    row: OAuthStateRow | undefined,
    expected: OAuthStateExpectation,
    now: Date,
  ): OAuthStateRejection | undefined {
    if (!row) {
      return 'unknown';
    }
    if (row.used_at) {
      return 'used';
    }
    if (new Date(row.expires_at).getTime() <= now.getTime()) {
      return 'expired';
    }
    if (
      expected.userEntityRef !== undefined &&
      row.user_entity_ref !== expected.userEntityRef
    ) {
      return 'other-user';
    }
    if (
      expected.providerIds !== undefined &&
      !expected.providerIds.includes(row.provider_id)
    ) {
      return 'other-provider';
    }
    return undefined;
  }

  async deleteExpired(before: Date): Promise<number> {
    return this.#db<OAuthStateRow>(TABLE)
      .where('expires_at', '<', before.toISOString())
      .delete();
  }
}
