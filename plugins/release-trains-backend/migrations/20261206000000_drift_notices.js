// @ts-check

/**
 * The drift the owners of a service have been told of: one row per
 * (service, stage, kind) while it lasts, so that a drift is notified once
 * when it appears, by one replica, and again only after it has cleared.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('drift_notices', table => {
    table.comment('Drift the owners were told of, while it lasts');
    table.string('service_ref', 255).notNullable();
    table.string('stage', 63).notNullable();
    table
      .string('kind', 32)
      .notNullable()
      .comment('ungated, not-upstream or lagging');
    table.string('message', 512).notNullable();
    table.timestamp('noticed_at', { useTz: true, precision: 3 }).notNullable();
    table.primary(['service_ref', 'stage', 'kind']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('drift_notices');
};
