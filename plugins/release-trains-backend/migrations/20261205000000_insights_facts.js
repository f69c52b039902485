// @ts-check

/**
 * The facts delivery metrics (DORA) are counted from, recorded as CI reports
 * them, since they cannot be worked out later:
 *
 * - when a change was committed, as lead time counts from the commit (and
 *   from the merge, which the ledger has already);
 * - a change's labels, as a `hotfix` label makes its version a hotfix;
 * - whether a version is a hotfix, as change failure rate counts them. It is
 *   decided once, when the version is recorded, by the rule of the day, so
 *   that a later change of the rule does not rewrite history.
 *
 * Changes recorded before have no commit time (lead time from the commit is
 * unknown for them) and no labels. Versions recorded before are hotfixes by
 * the one part of the rule the ledger can still tell: all their changes are
 * reverts. CI's labels and `kind` of those versions were never recorded.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('changes', table => {
    table
      .timestamp('committed_at', { useTz: true, precision: 3 })
      .nullable()
      .comment('When the change was committed, as CI reported it');
    table
      .text('labels')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of the labels of its pull request');
  });
  await knex.schema.alterTable('versions', table => {
    table
      .boolean('hotfix')
      .notNullable()
      .defaultTo(false)
      .comment(
        'A fix rushed out: CI said so (kind hotfix), all its changes are reverts, or one is labelled hotfix',
      );
  });

  // A revert's title as git words it; substr, not LIKE, which ignores case
  // on SQLite.
  const notRevert =
    'not (substr(c.title, 1, 8) = ? or substr(c.title, 1, 8) = ?)';
  const revertPrefixes = ['Revert "', "Revert '"];
  const changesOf = () =>
    knex('version_changes as vc')
      .join('changes as c', 'c.id', 'vc.change_id')
      .whereRaw('vc.version_id = versions.id')
      .select('vc.change_id');
  await knex('versions')
    .whereExists(changesOf())
    .whereNotExists(changesOf().whereRaw(notRevert, revertPrefixes))
    .update({ hotfix: true });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // Not knex's dropColumn: on SQLite it copies the table and drops the old
  // one, which (foreign keys on, inside the migration's transaction) deletes
  // the rows that reference it: the versions' and changes' links, the
  // changes' issue keys (see 20261203000000_deployer_error.js).
  await knex.raw('alter table ?? drop column ??', ['versions', 'hotfix']);
  await knex.raw('alter table ?? drop column ??', ['changes', 'labels']);
  await knex.raw('alter table ?? drop column ??', ['changes', 'committed_at']);
};
