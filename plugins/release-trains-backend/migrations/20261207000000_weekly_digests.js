// @ts-check

/**
 * The weekly digests owners were sent: one row per (owner, week), so that
 * each team hears once a week, from one replica, however often the task
 * runs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('weekly_digests', table => {
    table.comment('The weekly digest of each owner, once a week');
    table.string('owner_ref', 255).notNullable();
    table
      .string('week_start', 10)
      .notNullable()
      .comment('The Monday the week begins, as a date in the digest time zone');
    table
      .boolean('sent')
      .notNullable()
      .comment('False when the owner had no prod deployments to tell of');
    table.timestamp('recorded_at', { useTz: true, precision: 3 }).notNullable();
    table.primary(['owner_ref', 'week_start']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('weekly_digests');
};
