// @ts-check

/**
 * The links of each service to others, one row per link (what it dependsOn,
 * requires by annotation, consumes and provides), copied from the services
 * table's JSON columns so that a service's neighbourhood in the dependency
 * graph is found by index in both directions, without reading every service.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('service_links', table => {
    table.comment(
      'The links of each service, from the services table: dependsOn, requires, consumes, provides',
    );
    table
      .string('service_ref', 255)
      .notNullable()
      .references('service_ref')
      .inTable('services')
      .onDelete('CASCADE');
    table
      .string('kind', 16)
      .notNullable()
      .comment('depends-on, requires, consumes, provides');
    table
      .string('target', 255)
      .notNullable()
      .comment('An entity ref: a service, or an API for consumes and provides');
    table.primary(['service_ref', 'kind', 'target']);
    table.index(['target', 'kind'], 'service_links_target_idx');
  });
  await knex.schema.alterTable('service_requirements', table => {
    table.index(['dependency_ref'], 'service_requirements_dependency_idx');
  });
  const services = await knex('services').select(
    'service_ref',
    'depends_on',
    'requires',
    'consumes_apis',
    'provides_apis',
  );
  /** A JSON column as written; an unreadable one links nothing. */
  const parsed = (/** @type {string} */ text, /** @type {unknown} */ empty) => {
    try {
      return JSON.parse(text) ?? empty;
    } catch {
      return empty;
    }
  };
  const links = services.flatMap(service => {
    const of = (/** @type {string} */ kind, /** @type {unknown} */ targets) =>
      [...new Set(Array.isArray(targets) ? targets : [])]
        .filter(target => typeof target === 'string')
        .map(target => ({
          service_ref: service.service_ref,
          kind,
          target,
        }));
    return [
      ...of('depends-on', parsed(service.depends_on, [])),
      ...of('requires', Object.keys(parsed(service.requires, {}))),
      ...of('consumes', parsed(service.consumes_apis, [])),
      ...of('provides', parsed(service.provides_apis, [])),
    ];
  });
  for (let i = 0; i < links.length; i += 500) {
    await knex('service_links').insert(links.slice(i, i + 500));
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('service_requirements', table => {
    table.dropIndex(['dependency_ref'], 'service_requirements_dependency_idx');
  });
  await knex.schema.dropTable('service_links');
};
