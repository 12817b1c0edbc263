import type { Knex } from 'knex';

/**
 * Staff actions, registry channels added by staff, and the dashboard's facts.
 * - `vendor_channels`: a contact staff found for a vendor whose policy gives none usable; never typed in without a
 *   source (a URL or a note saying where it came from) and who added it.
 * - `requests.vendor_channel_id`: the staff channel a request goes by (channel_fact_id stays for policy channels).
 * - `requests.outcome` / `answered_on`: the vendor's final answer and the day it came, for on-time rates and reports.
 * - `request_notes`: staff notes are free text that may hold personal data, so they live in their own erasable rows;
 *   the event only points at them.
 * - `calendar_tokens`: the secret of each staff member's deadline feed, stored hashed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('vendor_channels', (t) => {
    t.bigIncrements('id');
    t.bigInteger('vendor_id').notNullable().references('vendors.id').onDelete('CASCADE');
    t.text('type').notNullable();
    t.text('value').notNullable();
    t.text('purpose').notNullable().defaultTo('privacy_requests');
    t.specificType('jurisdictions', 'text[]').notNullable().defaultTo('{}');
    t.text('label');
    /** where staff found it: a URL, or a note such as "phoned the switchboard on 2026-06-01, confirmed by J. Doe" */
    t.text('source').notNullable();
    t.text('source_kind').notNullable(); // url | note
    t.bigInteger('added_by').notNullable().references('accounts.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('retired_at', { useTz: true });
    t.index(['vendor_id']);
  });
  await knex.raw(`
    alter table vendor_channels add constraint vendor_channels_type check (type in ('email','postal','webform','phone'));
    alter table vendor_channels add constraint vendor_channels_source_kind check (source_kind in ('url','note'));
  `);

  await knex.schema.alterTable('requests', (t) => {
    t.bigInteger('vendor_channel_id').references('vendor_channels.id');
    t.text('outcome');
    t.date('answered_on');
  });
  await knex.raw(`
    alter table requests add constraint requests_outcome check (outcome in ('fulfilled','partially_fulfilled','denied'));
    create index requests_answered_on on requests (answered_on) where answered_on is not null;
    create index requests_assignee_due on requests (assignee_id, due_on) where assignee_id is not null and due_on is not null;
    create index events_actor on events (actor_type, actor_id, id);
    create index events_type on events (type, id);
  `);

  await knex.schema.createTable('request_notes', (t) => {
    t.bigIncrements('id');
    t.bigInteger('request_id').notNullable().references('requests.id').onDelete('CASCADE');
    t.bigInteger('author_id').notNullable().references('accounts.id');
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('erased_at', { useTz: true });
    t.index(['request_id', 'id']);
  });

  await knex.schema.createTable('calendar_tokens', (t) => {
    t.bigInteger('account_id').primary().references('accounts.id').onDelete('CASCADE');
    t.text('token_hash').notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('calendar_tokens');
  await knex.schema.dropTableIfExists('request_notes');
  await knex.raw(`
    drop index if exists events_type;
    drop index if exists events_actor;
    drop index if exists requests_assignee_due;
    drop index if exists requests_answered_on;
  `);
  await knex.schema.alterTable('requests', (t) => {
    t.dropColumn('answered_on');
    t.dropColumn('outcome');
    t.dropColumn('vendor_channel_id');
  });
  await knex.schema.dropTableIfExists('vendor_channels');
}
