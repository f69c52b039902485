// @ts-check

/**
 * Rollback rehearsals: a version deployed, rolled back to its predecessor
 * and deployed again in a stage, to prove it can be rolled back before it
 * goes further.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollback_rehearsals', table => {
    table.comment('Rehearsed rollbacks: deploy N, roll back to N-1, deploy N');
    table.string('id', 36).primary();
    table.string('service_ref', 255).notNullable();
    table.string('stage', 63).notNullable();
    table.string('version', 255).notNullable();
    table.string('previous_version', 255).notNullable();
    table
      .string('phase', 16)
      .notNullable()
      .comment('deploy, rollback, redeploy or done');
    table
      .string('state', 16)
      .notNullable()
      .comment('running, succeeded or failed');
    table
      .string('deployment_id', 36)
      .nullable()
      .comment('The deployment of the current phase');
    table.integer('rollback_ms').nullable();
    table.integer('redeploy_ms').nullable();
    table.string('reason', 1024).nullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('started_at', { useTz: true, precision: 3 }).notNullable();
    table
      .timestamp('phase_started_at', { useTz: true, precision: 3 })
      .notNullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).nullable();
    table.index(['service_ref', 'version'], 'rollback_rehearsals_version_idx');
    table.index(['state'], 'rollback_rehearsals_state_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('rollback_rehearsals');
};
