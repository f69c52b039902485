// @ts-check

/**
 * The dependency graph: the APIs each service provides and consumes (edges
 * between a consumer and the providers), and version requirements set
 * through the API beside the ones the `release-trains/requires` annotation
 * declares.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('services', table => {
    table
      .text('provides_apis')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of API entity refs (providesApi)');
    table
      .text('consumes_apis')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of API entity refs (consumesApi)');
  });
  await knex.schema.createTable('service_requirements', table => {
    table.comment(
      'Version requirements set through the API; they take precedence over the annotation',
    );
    table.string('service_ref', 255).notNullable();
    table.string('dependency_ref', 255).notNullable();
    table.string('range', 255).notNullable();
    table.string('set_by', 255).notNullable();
    table.timestamp('set_at', { useTz: true, precision: 3 }).notNullable();
    table.primary(['service_ref', 'dependency_ref']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('service_requirements');
  await knex.schema.alterTable('services', table => {
    table.dropColumn('provides_apis');
    table.dropColumn('consumes_apis');
  });
};
