import type { Knex } from 'knex';

/**
 * One vendor, several sources (issue #15). A record of an open dataset (Datenanfragen.de, the California data broker
 * registry) is stored like a policy: a source document (`policy_documents`, kind 'dataset_record') holding a canonical
 * text rendering of the record, whose facts cite spans of that text. `vendor_dataset_records` points at the current
 * document of each record (a vendor may have several records and a policy); `vendor_current_documents` lists every
 * current document of every vendor, so the profile, routing and staff review read facts from all of them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('policy_documents', (t) => {
    t.text('kind').notNullable().defaultTo('policy');
    /** dataset id as in seeds/datasets/manifest.json, the record's slug or row key, the dataset's version and date */
    t.text('dataset');
    t.text('dataset_name');
    t.text('dataset_record');
    t.text('dataset_version');
    t.text('dataset_date');
    /** the record's own sources (URLs its facts came from) */
    t.specificType('source_urls', 'text[]').notNullable().defaultTo('{}');
  });
  await knex.raw(`
    alter table policy_documents add constraint policy_documents_kind check (kind in ('policy', 'dataset_record'));
    alter table policy_documents add constraint policy_documents_dataset check ((kind = 'policy') = (dataset is null));
  `);

  await knex.schema.createTable('vendor_dataset_records', (t) => {
    t.bigIncrements('id');
    t.bigInteger('vendor_id').notNullable().references('vendors.id').onDelete('CASCADE');
    t.text('dataset').notNullable();
    t.text('record_key').notNullable();
    t.bigInteger('current_document_id').notNullable().references('policy_documents.id');
    /** the dataset's own grade of the record: tested > verified > imported > scraped (null when it has none) */
    t.text('quality');
    t.text('dataset_version').notNullable();
    t.text('dataset_date');
    /** per-record data kept as stored (e.g. a data broker's request metrics from the registry) */
    t.jsonb('metrics');
    /** set when a newer version of the dataset no longer has the record */
    t.timestamp('withdrawn_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['dataset', 'record_key']);
    t.index(['vendor_id']);
  });
  await knex.raw(`
    alter table vendor_dataset_records add constraint vendor_dataset_records_quality
      check (quality is null or quality in ('tested', 'verified', 'imported', 'scraped'));
    alter table vendors drop constraint vendors_data_quality;
    alter table vendors add constraint vendors_data_quality
      check (data_quality is null or data_quality in ('tested', 'verified', 'imported', 'scraped'));
    create trigger vendor_dataset_records_registry_revision after insert or update or delete or truncate on vendor_dataset_records
      for each statement execute function registry_revision_bump();
    create view vendor_current_documents as
      select id as vendor_id, current_document_id as document_id, 'policy'::text as kind from vendors where current_document_id is not null
      union all
      select vendor_id, current_document_id, 'dataset_record'::text from vendor_dataset_records;
  `);

  await knex.schema.alterTable('vendor_facts', (t) => {
    /** why the fact disagrees with another source's fact of the same kind (both kept, flagged for review) */
    t.text('conflict');
  });
  await knex.raw('create index vendor_facts_document_family on vendor_facts (document_id, family)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists vendor_facts_document_family');
  await knex.schema.alterTable('vendor_facts', (t) => t.dropColumn('conflict'));
  await knex.raw(`
    drop view if exists vendor_current_documents;
    drop trigger if exists vendor_dataset_records_registry_revision on vendor_dataset_records;
  `);
  // dataset vendors and documents go with their records; policy vendors stay
  await knex.raw(`
    update requests set channel_fact_id = null
      where channel_fact_id in (select f.id from vendor_facts f join policy_documents d on d.id = f.document_id where d.kind = 'dataset_record');
    delete from vendor_facts where document_id in (select id from policy_documents where kind = 'dataset_record');
    delete from vendor_dataset_records;
    delete from policy_documents where kind = 'dataset_record';
    delete from vendors v where v.current_document_id is null
      and not exists (select 1 from requests r where r.vendor_id = v.id)
      and not exists (select 1 from vendor_channels c where c.vendor_id = v.id);
  `);
  await knex.schema.dropTable('vendor_dataset_records');
  await knex.raw(`
    update vendors set data_quality = 'scraped' where data_quality = 'imported';
    alter table vendors drop constraint vendors_data_quality;
    alter table vendors add constraint vendors_data_quality check (data_quality is null or data_quality in ('tested','verified','scraped'));
    alter table policy_documents drop constraint policy_documents_dataset;
    alter table policy_documents drop constraint policy_documents_kind;
  `);
  await knex.schema.alterTable('policy_documents', (t) => {
    t.dropColumn('kind');
    t.dropColumn('dataset');
    t.dropColumn('dataset_name');
    t.dropColumn('dataset_record');
    t.dropColumn('dataset_version');
    t.dropColumn('dataset_date');
    t.dropColumn('source_urls');
  });
}
