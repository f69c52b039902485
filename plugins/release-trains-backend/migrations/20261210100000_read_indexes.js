// @ts-check

/**
 * Reads by index instead of by every row of a service or person: a stage's
 * runs newest-finished first (what a rollback may return to, and since
 * when a change has been in each stage), whether a version succeeded in a
 * stage (what waits to enter the next one), and an author's newest changes
 * (where is my change, by author).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table.index(
      ['service_ref', 'stage', 'finished_at'],
      'deployments_service_stage_finished_idx',
    );
    table.index(
      ['service_ref', 'version', 'stage'],
      'deployments_service_version_idx',
    );
  });
  await knex.schema.alterTable('changes', table => {
    table.dropIndex(['author'], 'changes_author_idx');
    table.index(['author', 'merged_at'], 'changes_author_merged_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('changes', table => {
    table.dropIndex(['author', 'merged_at'], 'changes_author_merged_idx');
    table.index(['author'], 'changes_author_idx');
  });
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex(
      ['service_ref', 'version', 'stage'],
      'deployments_service_version_idx',
    );
    table.dropIndex(
      ['service_ref', 'stage', 'finished_at'],
      'deployments_service_stage_finished_idx',
    );
  });
};
