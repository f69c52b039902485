// @ts-check

/**
 * Release trains: each departure (run) with its state, what it carries
 * (one item per service: the version, where it is), and the run a
 * deployment rode.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('train_runs', table => {
    table.comment('Departures of release trains');
    table.string('id', 36).primary();
    table.string('train', 63).notNullable();
    table.timestamp('departs_at', { useTz: true, precision: 3 }).notNullable();
    table.timestamp('cutoff_at', { useTz: true, precision: 3 }).notNullable();
    table
      .string('state', 32)
      .notNullable()
      .comment(
        'boarding, departed, in-stage, arrived, partially-rolled-back, cancelled',
      );
    table
      .string('stage', 63)
      .nullable()
      .comment('Where the run is, when in-stage');
    table.text('reason').nullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).nullable();
    // One run per departure, whichever replica departs it.
    table.unique(['train', 'departs_at'], {
      indexName: 'train_runs_train_departure_uq',
    });
  });

  await knex.schema.createTable('train_run_items', table => {
    table.comment('What a train run carries: one version per service');
    table.bigIncrements('id').primary();
    table
      .string('run_id', 36)
      .notNullable()
      .references('id')
      .inTable('train_runs')
      .onDelete('CASCADE');
    table.string('service_ref', 255).notNullable();
    table
      .string('version', 128)
      .nullable()
      .comment('Absent when nothing boarded');
    table
      .string('from_version', 128)
      .nullable()
      .comment('What the first stage after boarding ran at departure');
    table
      .string('state', 32)
      .notNullable()
      .comment(
        'boarded, in-progress, awaiting-approval, arrived, failed, blocked, waiting',
      );
    table.string('stage', 63).nullable();
    table.string('deployment_id', 36).nullable();
    table.integer('changes').notNullable().defaultTo(0);
    table.text('reason').nullable();
    table.unique(['run_id', 'service_ref'], {
      indexName: 'train_run_items_run_service_uq',
    });
  });

  await knex.schema.alterTable('deployments', table => {
    table.string('train_run_id', 36).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Not knex's dropColumn: on SQLite it copies the table and drops the old
  // one, which (foreign keys on, inside the migration's transaction) deletes
  // the approvals of every deployment.
  await knex.raw('alter table ?? drop column ??', [
    'deployments',
    'train_run_id',
  ]);
  await knex.schema.dropTable('train_run_items');
  await knex.schema.dropTable('train_runs');
};
