// @ts-check

/**
 * A deployer's call can fail without saying whether the deployment started:
 * the deployment stays in progress (or becomes unknown) and keeps what went
 * wrong apart from its reason, which may be the requester's.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table
      .string('deployer_error', 1024)
      .nullable()
      .comment('The last error of its deployer, or why the outcome is unknown');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Not knex's dropColumn: on SQLite it copies the table and drops the old
  // one, which (foreign keys on, inside the migration's transaction) deletes
  // the approvals of every deployment.
  await knex.raw('alter table ?? drop column ??', [
    'deployments',
    'deployer_error',
  ]);
};
