import type { Knex } from 'knex';

/**
 * Registry at scale (issue #15): what the open datasets tell about a vendor beyond its contacts, and the extensions the
 * search needs. `countries` are ISO codes (or 'all') where the vendor operates; `data_quality` is the dataset's own
 * grade of its record (tested: a request was actually sent; verified; scraped), null for policy-only vendors;
 * `request_language` is the language the vendor works in (ISO 639-1), used to write letters in it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create extension if not exists pg_trgm');
  await knex.raw('create extension if not exists unaccent');
  await knex.schema.alterTable('vendors', (t) => {
    t.specificType('countries', 'text[]').notNullable().defaultTo('{}');
    t.text('data_quality');
    t.text('request_language');
    t.boolean('registered_data_broker').notNullable().defaultTo(false);
  });
  await knex.raw(
    `alter table vendors add constraint vendors_data_quality check (data_quality is null or data_quality in ('tested','verified','scraped'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('vendors', (t) => {
    t.dropColumn('countries');
    t.dropColumn('data_quality');
    t.dropColumn('request_language');
    t.dropColumn('registered_data_broker');
  });
}
