// @ts-check

/**
 * The full deploy ledger: services, versions and the changes they carry,
 * deployments with their state and transitions, the current state of each
 * (service, stage), and the CI deliveries already applied.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('services', table => {
    table.comment('Services on a pipeline, synced from the catalog');
    table.string('service_ref', 255).primary();
    table.string('pipeline', 63).notNullable();
    table.string('train', 63).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.text('depends_on').notNullable().comment('JSON array of entity refs');
    table.timestamp('synced_at', { useTz: true, precision: 3 }).notNullable();
  });

  await knex.schema.createTable('versions', table => {
    table.comment('Immutable builds of a service, one commit each');
    table.bigIncrements('id').primary();
    table.string('service_ref', 255).notNullable();
    table.string('version', 128).notNullable();
    table.string('commit_sha', 40).notNullable();
    table.string('artifact', 512).nullable();
    table.timestamp('built_at', { useTz: true, precision: 3 }).notNullable();
    table.unique(['service_ref', 'version'], {
      indexName: 'versions_service_version_uq',
    });
    table.index(['service_ref', 'built_at'], 'versions_service_built_idx');
  });

  await knex.schema.createTable('changes', table => {
    table.comment('Commits merged into a service, as reported by CI');
    table.bigIncrements('id').primary();
    table.string('service_ref', 255).notNullable();
    table.string('commit_sha', 40).notNullable();
    table.integer('pr_number').nullable();
    table.string('title', 512).notNullable();
    table.string('author', 255).notNullable();
    table.timestamp('merged_at', { useTz: true, precision: 3 }).nullable();
    table.text('issue_keys').notNullable().comment('JSON array');
    table.unique(['service_ref', 'commit_sha'], {
      indexName: 'changes_service_sha_uq',
    });
    table.index(['commit_sha'], 'changes_sha_idx');
    table.index(['pr_number'], 'changes_pr_idx');
    table.index(['author'], 'changes_author_idx');
  });

  await knex.schema.createTable('change_issue_keys', table => {
    table.comment('Issue keys (e.g. PAY-123) named by a change, for search');
    table
      .bigInteger('change_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('changes')
      .onDelete('CASCADE');
    table.string('issue_key', 64).notNullable();
    table.primary(['change_id', 'issue_key']);
    table.index(['issue_key'], 'change_issue_keys_key_idx');
  });

  await knex.schema.createTable('version_changes', table => {
    table.comment('The changes a version brought since the previous version');
    table
      .bigInteger('version_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('versions')
      .onDelete('CASCADE');
    table
      .bigInteger('change_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('changes')
      .onDelete('CASCADE');
    table.primary(['version_id', 'change_id']);
    table.index(['change_id'], 'version_changes_change_idx');
  });

  await knex.schema.alterTable('deployments', table => {
    table
      .string('state', 24)
      .notNullable()
      .defaultTo('succeeded')
      .comment(
        'pending, awaiting-approval, in-progress, succeeded, failed, rolled-back, cancelled',
      );
    table.string('reason', 1024).nullable();
    table
      .string('external_id', 255)
      .nullable()
      .comment('The id CI gave this deployment, for matching its events');
    table.timestamp('started_at', { useTz: true, precision: 3 }).nullable();
    table.timestamp('finished_at', { useTz: true, precision: 3 }).nullable();
    table.unique(['service_ref', 'external_id'], {
      indexName: 'deployments_external_uq',
    });
    table.index(
      ['service_ref', 'stage', 'created_at'],
      'deployments_service_stage_created_idx',
    );
  });

  await knex.schema.createTable('deployment_transitions', table => {
    table.comment(
      'Append-only: every state change of a deployment and its cause',
    );
    table.bigIncrements('id').primary();
    table.string('deployment_id', 36).notNullable();
    table.string('from_state', 24).nullable();
    table.string('to_state', 24).notNullable();
    table.string('cause', 255).notNullable();
    table.string('delivery_id', 255).nullable();
    table.timestamp('at', { useTz: true, precision: 3 }).notNullable();
    table.index(['deployment_id'], 'deployment_transitions_deployment_idx');
  });

  await knex.schema.createTable('stage_state', table => {
    table.comment(
      'What each (service, stage) runs now; changed with its deployment',
    );
    table.string('service_ref', 255).notNullable();
    table.string('stage', 63).notNullable();
    table.string('current_deployment_id', 36).nullable();
    table.string('current_version', 128).nullable();
    table.timestamp('current_since', { useTz: true, precision: 3 }).nullable();
    table.string('in_flight_deployment_id', 36).nullable();
    table.primary(['service_ref', 'stage']);
  });

  // Deployments recorded before this migration finished when they were made;
  // each stage runs the latest of them.
  await knex('deployments').update({ finished_at: knex.ref('created_at') });
  await knex.raw(`
    insert into stage_state
      (service_ref, stage, current_deployment_id, current_version, current_since)
    select service_ref, stage, id, version, created_at from (
      select d.*, row_number() over (
        partition by service_ref, stage order by created_at desc, id desc
      ) as position
      from deployments d
    ) ranked
    where position = 1
  `);

  await knex.schema.createTable('ingestion_deliveries', table => {
    table.comment('CI deliveries already applied, with the answer given');
    table.string('delivery_id', 255).primary();
    table.string('source', 255).notNullable();
    table
      .text('result')
      .notNullable()
      .comment('JSON answer, replayed on retry');
    table.timestamp('received_at', { useTz: true, precision: 3 }).notNullable();
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('ingestion_deliveries');
  await knex.schema.dropTable('stage_state');
  await knex.schema.dropTable('deployment_transitions');
  await knex.schema.alterTable('deployments', table => {
    table.dropIndex([], 'deployments_service_stage_created_idx');
    table.dropUnique([], 'deployments_external_uq');
    table.dropColumns(
      'state',
      'reason',
      'external_id',
      'started_at',
      'finished_at',
    );
  });
  await knex.schema.dropTable('version_changes');
  await knex.schema.dropTable('change_issue_keys');
  await knex.schema.dropTable('changes');
  await knex.schema.dropTable('versions');
  await knex.schema.dropTable('services');
};
