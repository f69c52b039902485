// @ts-check

/**
 * The prod gate: deployments that changed what a stage with approvals runs
 * without passing its gate are marked ungated, and each stage counts how
 * many of its deployments passed the gate; CI deliveries are unique per
 * source and remember a hash of their body, so a retry with another body is
 * refused instead of answered with the first one's result.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table
      .boolean('ungated')
      .notNullable()
      .defaultTo(false)
      .comment(
        'Ran in a stage with approvals without passing its gate (recorded by hand or reported by CI)',
      );
  });

  // Gate compliance per stage, kept with the stage row in the transaction
  // that finishes a deployment; every deployment of before passed the gate.
  await knex.schema.alterTable('stage_state', table => {
    table
      .integer('deployments_ran')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Deployments that ran in the stage (succeeded, some rolled back since)',
      );
    table
      .integer('deployments_gated')
      .notNullable()
      .defaultTo(0)
      .comment('Of those, the ones that passed its gate');
  });
  const ran = knex('deployments as d')
    .count('*')
    .whereRaw('d.service_ref = stage_state.service_ref')
    .whereRaw('d.stage = stage_state.stage')
    .whereIn('d.state', ['succeeded', 'rolled-back']);
  await knex('stage_state').update({
    deployments_ran: ran,
    deployments_gated: ran.clone(),
  });

  await knex.schema.renameTable(
    'ingestion_deliveries',
    'ingestion_deliveries_v1',
  );
  await knex.schema.createTable('ingestion_deliveries', table => {
    table.comment('CI deliveries already applied, with the answer given');
    table.string('source', 255).notNullable();
    table.string('delivery_id', 255).notNullable();
    table
      .string('body_sha256', 64)
      .nullable()
      .comment('SHA-256 of the raw body; null for deliveries of before');
    table
      .text('result')
      .notNullable()
      .comment('JSON answer, replayed on retry');
    table.timestamp('received_at', { useTz: true, precision: 3 }).notNullable();
    // Named: the renamed table still holds the default constraint name.
    table.primary(
      ['source', 'delivery_id'],
      'ingestion_deliveries_source_delivery_pk',
    );
  });
  await knex
    .insert(
      knex('ingestion_deliveries_v1').select(
        'source',
        'delivery_id',
        'result',
        'received_at',
      ),
    )
    .into(
      knex.raw('?? (??, ??, ??, ??)', [
        'ingestion_deliveries',
        'source',
        'delivery_id',
        'result',
        'received_at',
      ]),
    );
  await knex.schema.dropTable('ingestion_deliveries_v1');
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.renameTable(
    'ingestion_deliveries',
    'ingestion_deliveries_v2',
  );
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
  // Deliveries of two sources with one id keep the first received.
  const rows = await knex('ingestion_deliveries_v2').orderBy('received_at');
  const seen = new Set();
  for (const row of rows) {
    if (seen.has(row.delivery_id)) continue;
    seen.add(row.delivery_id);
    await knex('ingestion_deliveries').insert({
      delivery_id: row.delivery_id,
      source: row.source,
      result: row.result,
      received_at: row.received_at,
    });
  }
  await knex.schema.dropTable('ingestion_deliveries_v2');
  await knex.schema.alterTable('stage_state', table => {
    table.dropColumn('deployments_ran');
    table.dropColumn('deployments_gated');
  });
  // Not knex's dropColumn: on SQLite it copies the table and drops the old
  // one, which (foreign keys on, inside the migration's transaction) deletes
  // the approvals of every deployment.
  await knex.raw('alter table ?? drop column ??', ['deployments', 'ungated']);
};
