// @ts-check

/**
 * What each prod deployment and each change counts for in the DORA metrics,
 * worked out per service from its whole history, so that a report over many
 * services and months adds up rows instead of replaying their timelines.
 *
 * - `dora_fact_sources`: per service, the stage and hotfix window its facts
 *   were worked out for, and two counters: `changed` goes up in the same
 *   transaction as every deployment that finishes in that stage; the facts
 *   are current while `computed` (the `changed` they were worked out from)
 *   equals it and the service has no marks.
 * - `dora_fact_marks`: a row per version added since, as its build time can
 *   change what the service's deployments count for. Inserted, never
 *   updated, so that recording a version locks nothing a deployment waits
 *   for.
 * - `dora_deployment_facts`: per finished deployment into the stage, its
 *   verdicts (ran, a change, failed, rework) and its recovery time.
 * - `dora_change_facts`: per change that reached the stage, when it arrived
 *   and its lead times from commit and from merge.
 * - `dora_hourly_counts`: the deployment facts counted per service and hour,
 *   so that a report over the organisation adds up hours, not deployments.
 *
 * The facts are derived data: deleting them loses nothing, they are worked
 * out again from the ledger on the next read.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('dora_fact_sources', table => {
    table.comment('Per service: what its DORA facts were worked out from');
    table.string('service_ref', 255).primary();
    table.string('stage', 63).notNullable();
    table.bigInteger('hotfix_window_ms').notNullable();
    table
      .bigInteger('changed')
      .notNullable()
      .comment('Goes up with every finished deployment or new version');
    table
      .bigInteger('computed')
      .notNullable()
      .comment('The value of changed the facts were worked out from');
  });
  await knex.schema.createTable('dora_fact_marks', table => {
    table.comment('Versions added since the facts were worked out');
    table.bigIncrements('id');
    table.string('service_ref', 255).notNullable().index();
  });
  await knex.schema.createTable('dora_deployment_facts', table => {
    table.comment('What each finished prod deployment counts for');
    table.string('deployment_id', 36).primary();
    table.string('service_ref', 255).notNullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).notNullable();
    table.boolean('ran').notNullable().comment('It put its version in prod');
    table.boolean('is_change').notNullable().comment('Not a rollback');
    table
      .boolean('failed')
      .notNullable()
      .comment('Failed, rolled back or followed by a hotfix in the window');
    table.boolean('rework').notNullable();
    table
      .bigInteger('recovery_ms')
      .nullable()
      .comment('From its failure to the next good deployment');
    table.index(['service_ref', 'finished_at']);
    table.index(['finished_at']);
    // Few deployments fail: their recoveries are ranked from this alone.
    table.index(['finished_at'], 'dora_deployment_facts_recoveries', {
      predicate: knex.whereNotNull('recovery_ms'),
    });
  });
  await knex.schema.createTable('dora_hourly_counts', table => {
    table.comment('The deployment facts of each service, counted per hour');
    table.string('service_ref', 255).notNullable();
    table.timestamp('hour', { useTz: true, precision: 3 }).notNullable();
    table.integer('deployments').notNullable();
    table.integer('ran').notNullable();
    table.integer('changes').notNullable();
    table.integer('failed_changes').notNullable();
    table.integer('rework').notNullable();
    table.primary(['service_ref', 'hour']);
    table.index(['hour']);
  });
  await knex.schema.createTable('dora_change_facts', table => {
    table.comment('When each change reached prod, and how long it took');
    table.bigInteger('change_id').primary();
    table.string('service_ref', 255).notNullable();
    table.timestamp('arrived_at', { useTz: true, precision: 3 }).notNullable();
    table.bigInteger('from_commit_ms').nullable();
    table.bigInteger('from_merge_ms').nullable();
    table.index(['service_ref', 'arrived_at']);
    table.index(['arrived_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('dora_change_facts');
  await knex.schema.dropTable('dora_hourly_counts');
  await knex.schema.dropTable('dora_deployment_facts');
  await knex.schema.dropTable('dora_fact_marks');
  await knex.schema.dropTable('dora_fact_sources');
};
