// @ts-check

/**
 * When the ledger itself ends a deployment — CI started another in its stage
 * (superseded), or CI said nothing by the deadline (ci-deadline) — it says
 * so in a column of its own, not only in the reason, which people and CI
 * write too. Deployments ended so before are recognised by their reasons.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('deployments', table => {
    table
      .string('ended_by', 32)
      .nullable()
      .comment(
        'Set when the ledger ended it: superseded (CI started another in its stage) or ci-deadline (no report from CI by its deadline)',
      );
  });
  // substr, not LIKE, which ignores case on SQLite: the ledger's own words.
  const superseded = 'Superseded by CI deployment ';
  await knex('deployments')
    .where({ state: 'cancelled' })
    .whereRaw('substr(reason, 1, ?) = ?', [superseded.length, superseded])
    .update({ ended_by: 'superseded' });
  const unreported = 'No report from CI by its deadline ';
  await knex('deployments')
    .where({ state: 'failed' })
    .whereNotNull('deadline_at')
    .whereRaw('substr(reason, 1, ?) = ?', [unreported.length, unreported])
    .update({ ended_by: 'ci-deadline' });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Not knex's dropColumn: on SQLite it copies the table, which deletes the
  // approvals (see 20261203000000_deployer_error.js).
  await knex.raw('alter table ?? drop column ??', ['deployments', 'ended_by']);
};
