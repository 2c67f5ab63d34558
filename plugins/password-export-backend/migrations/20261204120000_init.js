// @ts-check

/**
 * Creates the account store and the export history.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('accounts', table => {
    table.comment('Accounts of resource entities; secrets are encrypted');
    table
      .bigIncrements('seq')
      .primary()
      .comment('Insertion order, which lists show accounts in');
    table.string('id', 36).notNullable().unique().comment('UUID');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Reference of the resource entity that owns the account');
    table.string('name', 200).notNullable().comment('Display name');
    table.string('username', 200).notNullable().comment('User name, plaintext');
    table.text('url').nullable().comment('http or https URL, plaintext');
    table
      .text('password_encrypted')
      .notNullable()
      .comment('v1:<keyId>:<iv>:<ciphertext> sealed with AES-256-GCM');
    table
      .string('password_key_id', 64)
      .notNullable()
      .comment('Id of the key that sealed password_encrypted');
    table
      .text('notes_encrypted')
      .nullable()
      .comment('Notes sealed like the password');
    table
      .string('notes_key_id', 64)
      .nullable()
      .comment('Id of the key that sealed notes_encrypted');
    table.string('created_by', 255).notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['entity_ref'], 'accounts_entity_ref_idx');
  });

  await knex.schema.createTable('export_history', table => {
    table.comment('One row per export attempt; never contains a secret');
    table.string('id', 36).primary().notNullable().comment('Export id (UUID)');
    table
      .string('user_entity_ref', 255)
      .notNullable()
      .comment('User who requested the export');
    table
      .text('entity_refs')
      .notNullable()
      .comment('JSON array of the exported entity references');
    table.string('format', 32).notNullable();
    table.string('destination', 32).notNullable();
    table.text('reason').nullable();
    table
      .string('sha256', 64)
      .nullable()
      .comment('Lowercase hex SHA-256 of the file; absent when none was made');
    table
      .string('outcome', 16)
      .notNullable()
      .comment('succeeded, denied or failed');
    table.integer('account_count').notNullable().defaultTo(0);
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['user_entity_ref'], 'export_history_user_idx');
    table.index(['created_at'], 'export_history_created_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('export_history');
  await knex.schema.dropTable('accounts');
};
