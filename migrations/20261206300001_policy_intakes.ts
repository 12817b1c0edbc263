import type { Knex } from 'knex';

/**
 * Adding or refreshing a company from its policy (issue #15). `policy_intakes` holds what staff submitted (an upload,
 * pasted text or a fetched URL) as the text the extractor reads, until staff publish it into the registry or discard
 * it. `policy_watches` holds a vendor's policy URL for the worker's scheduled re-check: the sha256 of the bytes last
 * fetched (an unchanged policy changes nothing), when it is next due, and the last error.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('policy_intakes', (t) => {
    t.bigIncrements('id');
    t.text('kind').notNullable();
    /** the URL asked for, the uploaded file's name, or "pasted text" */
    t.text('source').notNullable();
    /** the URL that answered, after redirects (kind url) */
    t.text('fetched_url');
    /** what the content is, sniffed from the bytes: text/plain, text/markdown, text/html or application/pdf */
    t.text('content_type').notNullable();
    /** sha256 of the bytes received */
    t.text('sha256').notNullable();
    /** the text the extractor reads (the PDF's text layer for a PDF) */
    t.text('text').notNullable();
    t.integer('byte_length').notNullable();
    t.text('slug');
    t.text('status').notNullable().defaultTo('draft');
    t.bigInteger('created_by').notNullable().references('accounts.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.bigInteger('decided_by').references('accounts.id');
    t.timestamp('decided_at', { useTz: true });
    t.bigInteger('vendor_id').references('vendors.id').onDelete('SET NULL');
    t.bigInteger('document_id').references('policy_documents.id').onDelete('SET NULL');
    t.index(['status', 'id']);
  });
  await knex.raw(`
    alter table policy_intakes add constraint policy_intakes_kind check (kind in ('upload','paste','url'));
    alter table policy_intakes add constraint policy_intakes_status check (status in ('draft','published','discarded'));
  `);

  await knex.schema.createTable('policy_watches', (t) => {
    t.bigIncrements('id');
    t.bigInteger('vendor_id').notNullable().unique().references('vendors.id').onDelete('CASCADE');
    t.text('url').notNullable();
    t.text('last_sha256');
    t.timestamp('last_checked_at', { useTz: true });
    t.timestamp('last_changed_at', { useTz: true });
    t.text('last_error');
    t.timestamp('next_check_at', { useTz: true }).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['next_check_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('policy_watches');
  await knex.schema.dropTableIfExists('policy_intakes');
}
