// @ts-check

/**
 * Progressive roll-outs: one row per deployment rolled out step by step,
 * the measurements its analysis took, and the health numbers systems push
 * for it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rollouts', table => {
    table.comment('A deployment rolled out step by step (canary, blue-green)');
    table
      .string('deployment_id', 36)
      .primary()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('strategy', 16).notNullable();
    table
      .string('runs_as', 16)
      .notNullable()
      .comment('rolling when the deployer cannot shift traffic');
    table.string('note', 512).nullable();
    table.string('baseline_version', 255).nullable();
    table.text('plan').notNullable().comment('The steps and analysis, JSON');
    table.integer('step_index').notNullable().defaultTo(0);
    table
      .timestamp('step_started_at', { useTz: true, precision: 3 })
      .nullable();
    table
      .timestamp('measured_at', { useTz: true, precision: 3 })
      .nullable()
      .comment('When the analysis last measured: one measurement an interval');
    table.integer('weight').notNullable().defaultTo(0);
    table
      .string('phase', 16)
      .notNullable()
      .comment('deploying, stepping, paused, completed or aborted');
    table.string('paused_reason', 1024).nullable();
    table.string('abort_reason', 1024).nullable();
    table.timestamp('breached_at', { useTz: true, precision: 3 }).nullable();
    table.string('rollback_deployment_id', 36).nullable();
    table
      .timestamp('rollback_started_at', { useTz: true, precision: 3 })
      .nullable();
    table.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable();
    table.index(['phase'], 'rollouts_phase_idx');
  });
  await knex.schema.createTable('rollout_measurements', table => {
    table.comment('What the analysis of a roll-out measured, check by check');
    table.bigIncrements('id').primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('deployment_id')
      .inTable('rollouts')
      .onDelete('CASCADE');
    table.integer('step_index').notNullable();
    table.string('check', 32).notNullable();
    table
      .string('phase', 16)
      .notNullable()
      .comment('successful, failed, inconclusive or error');
    table.double('canary').nullable();
    table.double('baseline').nullable();
    table.double('value').nullable().comment('What met the threshold');
    table.double('threshold').notNullable();
    table.string('reason', 1024).nullable();
    table.timestamp('measured_at', { useTz: true, precision: 3 }).notNullable();
    table.index(['deployment_id', 'step_index'], 'rollout_measurements_idx');
  });
  await knex.schema.createTable('health_reports', table => {
    table.comment('Health numbers a system pushed for a deployment');
    table.bigIncrements('id').primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table.string('check', 32).notNullable();
    table.double('canary').nullable();
    table.double('baseline').nullable();
    table.string('reported_by', 255).notNullable();
    table.timestamp('reported_at', { useTz: true, precision: 3 }).notNullable();
    table.index(
      ['deployment_id', 'check', 'reported_at'],
      'health_reports_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('health_reports');
  await knex.schema.dropTable('rollout_measurements');
  await knex.schema.dropTable('rollouts');
};
