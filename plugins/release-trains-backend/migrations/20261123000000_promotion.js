// @ts-check

/**
 * Promotion: approvals of deployments, which deployer runs a deployment and
 * until when, the hold a rollback puts on a stage, and the version
 * requirements of services (annotation `release-trains/requires`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('approvals', table => {
    table.comment('Decisions of approvers on deployments awaiting approval');
    table.bigIncrements('id').primary();
    table
      .string('deployment_id', 36)
      .notNullable()
      .references('id')
      .inTable('deployments')
      .onDelete('CASCADE');
    table
      .string('version', 128)
      .notNullable()
      .comment('The version approved; an approval counts for it only');
    table.string('approver', 255).notNullable();
    table.string('decision', 16).notNullable().comment('approve or reject');
    table.text('comment').nullable();
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    table.unique(['deployment_id', 'approver'], {
      indexName: 'approvals_deployment_approver_uq',
    });
  });

  await knex.schema.alterTable('deployments', table => {
    table.string('deployer', 63).nullable();
    table
      .timestamp('deadline_at', { useTz: true, precision: 3 })
      .nullable()
      .comment('When an in-progress deployment is given up as failed');
    table.index(['state'], 'deployments_state_idx');
  });

  await knex.schema.alterTable('stage_state', table => {
    table.string('held_by', 255).nullable();
    table.text('held_reason').nullable();
    table.timestamp('held_at', { useTz: true, precision: 3 }).nullable();
  });

  await knex.schema.alterTable('services', table => {
    table
      .text('requires')
      .notNullable()
      .defaultTo('{}')
      .comment('JSON object: entity ref → semver range');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('services', table => {
    table.dropColumn('requires');
  });
  await knex.schema.alterTable('stage_state', table => {
    table.dropColumn('held_by');
    table.dropColumn('held_reason');
    table.dropColumn('held_at');
  });
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex(['state'], 'deployments_state_idx');
    table.dropColumn('deployer');
    table.dropColumn('deadline_at');
  });
  await knex.schema.dropTable('approvals');
};
