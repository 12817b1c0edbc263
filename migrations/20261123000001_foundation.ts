import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // Append-only history of every state change: ids and facts, never personal data (that lives in rows the retention
  // purge can erase while the history stays).
  await knex.schema.createTable('events', (t) => {
    t.bigIncrements('id');
    t.text('subject_type').notNullable();
    t.bigInteger('subject_id').notNullable();
    t.text('type').notNullable();
    t.text('actor_type').notNullable(); // system | consumer | agent | staff | vendor
    t.text('actor_id');
    t.text('reason');
    t.jsonb('data').notNullable().defaultTo('{}');
    t.timestamp('occurred_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['subject_type', 'subject_id', 'id']);
    t.index(['occurred_at']);
  });
  await knex.raw(`
    create function events_are_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'events are append-only: % refused', tg_op using errcode = 'insufficient_privilege';
    end $$;
    create trigger events_no_update_or_delete before update or delete on events
      for each row execute function events_are_append_only();
    create trigger events_no_truncate before truncate on events
      for each statement execute function events_are_append_only();
  `);

  // Transactional outbox: written in the same transaction as the state change that causes the job. The relay moves
  // pending rows into BullMQ with their deterministic job id, so a Redis outage delays work but loses none.
  await knex.schema.createTable('outbox', (t) => {
    t.bigIncrements('id');
    t.text('queue').notNullable();
    t.text('job_name').notNullable();
    t.text('job_id').notNullable().unique();
    t.jsonb('payload').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('available_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('relayed_at', { useTz: true });
  });
  await knex.raw('create index outbox_pending on outbox (available_at, id) where relayed_at is null');

  // Every email the portal sends: rendered once, stored, then sent by the worker exactly once (status-guarded).
  await knex.schema.createTable('outbound_emails', (t) => {
    t.bigIncrements('id');
    t.text('template').notNullable();
    t.text('from_address').notNullable();
    t.text('to_address').notNullable();
    t.text('reply_to');
    t.text('subject').notNullable();
    t.text('text_body').notNullable();
    t.text('html_body');
    t.text('message_id').notNullable().unique();
    t.text('in_reply_to');
    t.text('status').notNullable().defaultTo('pending'); // pending | sent | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('smtp_response');
    t.text('last_error');
    t.timestamp('accepted_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('related_type');
    t.bigInteger('related_id');
    t.index(['related_type', 'related_id']);
  });
  await knex.raw(
    "alter table outbound_emails add constraint outbound_emails_status check (status in ('pending','sent','failed'))",
  );

  // Development mail capture: what the in-process SMTP sink received, so developers and staff can read it.
  await knex.schema.createTable('captured_mail', (t) => {
    t.bigIncrements('id');
    t.text('message_id');
    t.text('envelope_from');
    t.specificType('envelope_to', 'text[]').notNullable();
    t.text('subject');
    t.text('text_body');
    t.text('html_body');
    t.jsonb('headers').notNullable().defaultTo('{}');
    t.integer('size_bytes').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['received_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('captured_mail');
  await knex.schema.dropTableIfExists('outbound_emails');
  await knex.schema.dropTableIfExists('outbox');
  await knex.raw('drop trigger if exists events_no_truncate on events');
  await knex.raw('drop trigger if exists events_no_update_or_delete on events');
  await knex.schema.dropTableIfExists('events');
  await knex.raw('drop function if exists events_are_append_only()');
}
