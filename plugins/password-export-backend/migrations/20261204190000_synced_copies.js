// @ts-check

/**
 * Adds the synced copies: files exported to cloud storage that the backend
 * re-encrypts and uploads again when an account of their resources changes.
 * Also adds the kind of each history entry, since re-syncs, stops and
 * deletions of copies are recorded there too.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('synced_copies', table => {
    table.comment(
      'Files exported to cloud storage and their re-sync state; content keys are encrypted',
    );
    table.string('id', 36).primary().notNullable().comment('UUID');
    table
      .string('user_entity_ref', 255)
      .notNullable()
      .comment('User who exported the file and whose connection uploads it');
    table.string('provider_id', 32).notNullable();
    table
      .string('file_name', 255)
      .notNullable()
      .comment('Name of the file in the storage of the user');
    table
      .text('entity_refs')
      .notNullable()
      .comment('JSON array of the exported entity references, in export order');
    table.text('location').notNullable().comment('Place the provider reported');
    table
      .text('remote_id')
      .notNullable()
      .comment('Identifier the provider takes to delete the file');
    table
      .boolean('keep_up_to_date')
      .notNullable()
      .comment('Whether account changes re-sync the file');
    table
      .text('content_key_encrypted')
      .nullable()
      .comment(
        'JSON content key and wrapped key of the file, sealed with AES-256-GCM; null once stopped',
      );
    table
      .string('content_key_key_id', 64)
      .nullable()
      .comment('Id of the key that sealed content_key_encrypted');
    table
      .boolean('check_user_entity')
      .notNullable()
      .defaultTo(false)
      .comment(
        'Whether the user entity was in the catalog at export, so its removal stops the copy',
      );
    table
      .integer('change_seq')
      .notNullable()
      .defaultTo(0)
      .comment('Number of account changes recorded for the copy');
    table
      .integer('synced_seq')
      .notNullable()
      .defaultTo(0)
      .comment('Value of change_seq that the remote file contains');
    table
      .string('pending_reason', 32)
      .nullable()
      .comment('account-change or sync-now: why the pending re-sync runs');
    table
      .timestamp('pending_since', { useTz: true })
      .nullable()
      .comment('Time of the first change not yet synced');
    table
      .timestamp('due_at', { useTz: true })
      .nullable()
      .comment('Time after which the pending change is synced');
    table
      .integer('attempt_count')
      .notNullable()
      .defaultTo(0)
      .comment('Failed attempts since the last successful upload');
    table.timestamp('next_attempt_at', { useTz: true }).nullable();
    table
      .text('last_error')
      .nullable()
      .comment('Message of the last failure, without secrets');
    table
      .boolean('paused')
      .notNullable()
      .defaultTo(false)
      .comment('Whether the copy waits for the user to reconnect the provider');
    table
      .string('lease_owner', 64)
      .nullable()
      .comment('Backend instance that uploads the copy now');
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.string('last_sha256', 64).nullable();
    table.timestamp('last_synced_at', { useTz: true }).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(
      ['user_entity_ref', 'provider_id', 'file_name'],
      'synced_copies_file_idx',
    );
    table.index(['due_at'], 'synced_copies_due_at_idx');
  });

  await knex.schema.createTable('synced_copy_entities', table => {
    table.comment('Entity references each synced copy covers, for lookup');
    table
      .string('copy_id', 36)
      .notNullable()
      .references('id')
      .inTable('synced_copies')
      .onDelete('CASCADE');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Lowercase canonical entity reference');
    table.primary(['copy_id', 'entity_ref'], 'synced_copy_entities_pkey');
    table.index(['entity_ref'], 'synced_copy_entities_entity_ref_idx');
  });

  await knex.schema.alterTable('export_history', table => {
    table
      .string('action', 16)
      .notNullable()
      .defaultTo('export')
      .comment('export, resync, stop or delete');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('export_history', table => {
    table.dropColumn('action');
  });
  await knex.schema.dropTable('synced_copy_entities');
  await knex.schema.dropTable('synced_copies');
};
