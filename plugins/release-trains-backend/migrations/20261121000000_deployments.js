// @ts-check

/**
 * The deploy ledger's first table: every recorded deployment of a service
 * version to a stage, append-only.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('deployments', table => {
    table.comment('Append-only history of deployments of service versions');
    table.string('id', 36).primary().notNullable();
    table
      .string('service_ref', 255)
      .notNullable()
      .comment('Entity ref of the service, e.g. component:default/payments');
    table.string('stage', 63).notNullable();
    table.string('version', 128).notNullable();
    table.string('kind', 16).notNullable().comment('deploy, promote, rollback');
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
    table.index(
      ['service_ref', 'created_at'],
      'deployments_service_created_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('deployments');
};
