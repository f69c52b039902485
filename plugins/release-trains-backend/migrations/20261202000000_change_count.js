// @ts-check

/**
 * The number of changes a train run item carries is its change count: the
 * same word in the ledger, the API and the UI.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('train_run_items', table => {
    table.renameColumn('changes', 'change_count');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('train_run_items', table => {
    table.renameColumn('change_count', 'changes');
  });
};
