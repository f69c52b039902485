// @ts-check

/**
 * The deploy history filtered by person ("Deployed by"): newest first among
 * one person's deployments, without reading every deployment of the scope.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.index(
      ['created_by', 'created_at'],
      'deployments_created_by_created_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex(
      ['created_by', 'created_at'],
      'deployments_created_by_created_idx',
    );
  });
};
