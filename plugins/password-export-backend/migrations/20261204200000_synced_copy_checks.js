// @ts-check

/**
 * Adds the times at which the scheduled re-sync pass last checked a synced
 * copy, so that each pass checks the copies checked longest ago and every
 * copy is reached within a bounded number of passes.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('synced_copies', table => {
    table
      .timestamp('catalog_checked_at', { useTz: true })
      .nullable()
      .comment(
        'Time the scheduled pass last looked up the entities of the copy in the catalog; null before the first check',
      );
    table
      .timestamp('connection_checked_at', { useTz: true })
      .nullable()
      .comment(
        'Time the connection of a paused copy was last found unusable; null before the first check',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  // Plain ALTER TABLE statements, because knex drops a column on SQLite by
  // copying the table, and dropping the original then cascades to the rows
  // of synced_copy_entities. SQLite drops these columns in place since
  // version 3.35, as they have no index or constraint.
  for (const column of ['catalog_checked_at', 'connection_checked_at']) {
    await knex.raw('ALTER TABLE ?? DROP COLUMN ??', ['synced_copies', column]);
  }
};
