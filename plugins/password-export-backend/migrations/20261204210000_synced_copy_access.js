// @ts-check

/**
 * Adds when the export policy last allowed the owner of a synced copy to
 * receive it, and the reason given at export, which a policy may require
 * again when the access is confirmed.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('synced_copies', table => {
    table
      .timestamp('access_confirmed_at', { useTz: true })
      .nullable()
      .comment(
        'Time the export policy last allowed the copy for its user; null means the export time',
      );
    table
      .text('reason')
      .nullable()
      .comment('Reason the user gave when exporting the copy');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Plain ALTER TABLE statements: knex would copy the table on SQLite, and
  // dropping the original cascades to the rows of synced_copy_entities.
  for (const column of ['access_confirmed_at', 'reason']) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['synced_copies', column]);
  }
};
