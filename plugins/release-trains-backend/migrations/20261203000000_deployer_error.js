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
  await knex.schema.alterTable('deployments', table => {
    table.dropColumn('deployer_error');
  });
};
