import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('vendors', (t) => {
    t.bigIncrements('id');
    t.text('slug').notNullable().unique();
    t.text('name').notNullable();
    t.bigInteger('current_document_id');
    /** set when a re-ingested policy changed facts; cleared by staff review */
    t.boolean('needs_review').notNullable().defaultTo(false);
    t.text('review_note');
    /** lower-cased name, slug, products and contact domains: what the registry search matches */
    t.text('search_text').notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('policy_documents', (t) => {
    t.bigIncrements('id');
    t.bigInteger('vendor_id').notNullable().references('vendors.id').onDelete('CASCADE');
    t.text('source').notNullable();
    t.text('title').notNullable();
    t.text('format').notNullable();
    t.text('sha256').notNullable();
    t.text('normalized_text').notNullable();
    t.integer('byte_length').notNullable();
    t.text('effective_date');
    t.timestamp('retrieved_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['vendor_id', 'sha256']);
  });
  await knex.schema.alterTable('vendors', (t) => {
    t.foreign('current_document_id').references('policy_documents.id');
  });

  await knex.schema.createTable('vendor_facts', (t) => {
    t.bigIncrements('id');
    t.bigInteger('vendor_id').notNullable().references('vendors.id').onDelete('CASCADE');
    t.bigInteger('document_id').notNullable().references('policy_documents.id').onDelete('CASCADE');
    t.text('fact_key').notNullable();
    t.text('family').notNullable();
    t.jsonb('fact').notNullable();
    t.integer('citation_start').notNullable();
    t.integer('citation_end').notNullable();
    t.text('quote').notNullable();
    t.text('review_status').notNullable().defaultTo('draft');
    t.text('edited_value');
    t.text('review_reason');
    t.text('reviewed_by');
    t.timestamp('reviewed_at', { useTz: true });
    /** added: new in this document; kept: same key as in the previous document (its decision carried over) */
    t.text('change').notNullable().defaultTo('added');
    t.unique(['document_id', 'fact_key']);
    t.index(['vendor_id', 'review_status']);
  });
  await knex.raw(`
    alter table vendor_facts add constraint vendor_facts_review_status check (review_status in ('draft','approved','edited','rejected'));
    alter table vendor_facts add constraint vendor_facts_change check (change in ('added','kept'));
    alter table vendor_facts add constraint vendor_facts_span check (citation_start >= 0 and citation_end > citation_start);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('vendor_facts');
  await knex.schema.alterTable('vendors', (t) => t.dropForeign(['current_document_id']));
  await knex.schema.dropTableIfExists('policy_documents');
  await knex.schema.dropTableIfExists('vendors');
}
