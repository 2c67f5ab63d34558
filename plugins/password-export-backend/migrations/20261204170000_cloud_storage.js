// @ts-check

/**
 * Adds the cloud storage provider settings, the users' provider connections,
 * and the destination details of cloud exports to the history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('provider_settings', table => {
    table.comment(
      'Admin settings of each cloud storage provider; secret values are encrypted',
    );
    table.string('provider_id', 32).primary().notNullable();
    table.boolean('enabled').notNullable().defaultTo(false);
    table
      .text('values_json')
      .notNullable()
      .comment('JSON object of the non-secret values, by field key');
    table
      .text('secrets_encrypted')
      .nullable()
      .comment(
        'JSON object of the secret values, sealed as one value with AES-256-GCM',
      );
    table
      .string('secrets_key_id', 64)
      .nullable()
      .comment('Id of the key that sealed secrets_encrypted');
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('provider_connections', table => {
    // knex does not escape quotes in PostgreSQL comments, so none appear here.
    table.comment(
      'Connections of users to cloud storage providers; credentials are encrypted',
    );
    table.string('user_entity_ref', 255).notNullable();
    table.string('provider_id', 32).notNullable();
    table
      .text('credentials_encrypted')
      .notNullable()
      .comment(
        'JSON credentials the provider returned, sealed with AES-256-GCM',
      );
    table
      .string('credentials_key_id', 64)
      .notNullable()
      .comment('Id of the key that sealed credentials_encrypted');
    table
      .string('account_label', 255)
      .notNullable()
      .comment('Label of the connected storage, shown to the user');
    table
      .string('status', 32)
      .notNullable()
      .comment('connected or reconnect-needed');
    table.timestamp('last_used_at', { useTz: true }).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(
      ['user_entity_ref', 'provider_id'],
      'provider_connections_pkey',
    );
    table.index(['provider_id'], 'provider_connections_provider_idx');
  });

  await knex.schema.alterTable('export_history', table => {
    table
      .text('location')
      .nullable()
      .comment('Place of the uploaded file, for cloud destinations');
    table
      .text('error')
      .nullable()
      .comment('Message of the error that stopped the export');
    table.index(['destination'], 'export_history_destination_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('export_history', table => {
    table.dropIndex(['destination'], 'export_history_destination_idx');
    table.dropColumn('error');
    table.dropColumn('location');
  });
  await knex.schema.dropTable('provider_connections');
  await knex.schema.dropTable('provider_settings');
};
