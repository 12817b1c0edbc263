import type { Knex } from 'knex';

/**
 * "My company isn't listed" (issue #15). A consumer or agent names a company the registry does not know, with its
 * website and any contact they have if they know them:
 * - `submissions.unlisted`: what they gave (name, website, contact) and the rights, until the submission is filed.
 * - On filing, each such company becomes a vendor that is not `listed` (no search terms, no channel) and its requests
 *   wait in `needs_research`; `vendor_research` is the staff task: what was given (never used as a channel), who
 *   asked, and how it was resolved (staff added a confirmed channel to that vendor, or linked it to a listed vendor).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('submissions', (t) => {
    t.jsonb('unlisted');
  });
  await knex.schema.createTable('vendor_research', (t) => {
    t.bigIncrements('id');
    /** the vendor created for the named company (listed = false until staff confirm a contact) */
    t.bigInteger('vendor_id').notNullable().references('vendors.id').onDelete('CASCADE');
    t.bigInteger('submission_id').notNullable().references('submissions.id').onDelete('CASCADE');
    t.text('name').notNullable();
    t.text('website');
    /** as the consumer or agent gave it: a lead for staff, never an address the portal writes to */
    t.text('contact');
    t.text('requested_by_type').notNullable();
    t.text('requested_by_id').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.text('resolution');
    t.bigInteger('linked_vendor_id').references('vendors.id');
    t.bigInteger('resolved_by').references('accounts.id');
    t.timestamp('resolved_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['vendor_id']);
    t.index(['submission_id']);
  });
  await knex.raw(`
    alter table vendor_research add constraint vendor_research_status check (status in ('open', 'resolved'));
    alter table vendor_research add constraint vendor_research_resolution check (
      (status = 'open' and resolution is null) or (status = 'resolved' and resolution in ('channel_added', 'linked')));
    alter table vendor_research add constraint vendor_research_requested_by check (requested_by_type in ('consumer', 'agent'));
    create index vendor_research_open on vendor_research (created_at, id) where status = 'open';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('vendor_research');
  await knex.schema.alterTable('submissions', (t) => {
    t.dropColumn('unlisted');
  });
}
