// @ts-check

/**
 * Adds the OAuth flows in progress and what the token refresh of OAuth
 * connections needs: the expiry of the stored credentials, a version that
 * changes with every refresh, and a lock that holds across backend replicas.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('oauth_states', table => {
    table.comment(
      'OAuth flows started by signed-in users; each state is accepted once before it expires',
    );
    table
      .string('state_hash', 64)
      .primary()
      .notNullable()
      .comment(
        'Hex SHA-256 of the state parameter; the state itself is not stored',
      );
    table.string('user_entity_ref', 255).notNullable();
    table.string('provider_id', 32).notNullable();
    table
      .text('code_verifier_encrypted')
      .nullable()
      .comment('PKCE code verifier sealed with AES-256-GCM; cleared once used');
    table.string('code_verifier_key_id', 64).nullable();
    table.text('redirect_uri').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.index(['expires_at'], 'oauth_states_expires_at_idx');
  });

  await knex.schema.alterTable('provider_connections', table => {
    table
      .timestamp('expires_at', { useTz: true })
      .nullable()
      .comment('Time after which the credentials must be refreshed');
    table
      .integer('credentials_version')
      .notNullable()
      .defaultTo(1)
      .comment('Incremented whenever the credentials are replaced');
    table
      .string('refresh_lock_owner', 64)
      .nullable()
      .comment('Id of the refresh that holds the lock');
    table
      .timestamp('refresh_lock_expires_at', { useTz: true })
      .nullable()
      .comment('Time after which another refresh may take the lock');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('provider_connections', table => {
    table.dropColumn('refresh_lock_expires_at');
    table.dropColumn('refresh_lock_owner');
    table.dropColumn('credentials_version');
    table.dropColumn('expires_at');
  });
  await knex.schema.dropTable('oauth_states');
};
