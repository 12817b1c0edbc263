import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  // The clock of one request: the engine's whole Deadline (basis, citations, explanation) in `state`, plus the few
  // dates the product queries, as columns. `effective_due` is the date that counts now (due, or extended_due once an
  // extension was accepted).
  await knex.schema.createTable('request_deadlines', (t) => {
    t.bigInteger('request_id').primary().references('requests.id').onDelete('CASCADE');
    t.text('regime').notNullable();
    t.text('rules_version').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.date('received_on').notNullable();
    t.date('due').notNullable();
    t.date('extended_due');
    t.date('ack_due');
    t.date('effective_due').notNullable();
    t.date('paused_since');
    /** bumped whenever the clock changes; milestones of older generations are cancelled */
    t.integer('generation').notNullable().defaultTo(1);
    t.jsonb('state').notNullable();
    t.timestamp('closed_at', { useTz: true });
    t.text('close_reason');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['effective_due']);
  });

  await knex.schema.createTable('deadline_milestones', (t) => {
    t.bigIncrements('id');
    t.bigInteger('request_id').notNullable().references('requests.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.date('due_on').notNullable();
    /** start of due_on in the jurisdiction's timezone, stored as an instant */
    t.timestamp('fire_at', { useTz: true }).notNullable();
    t.timestamp('fired_at', { useTz: true });
    /** set when the clock changed or closed before this milestone fired: it never fires */
    t.timestamp('cancelled_at', { useTz: true });
    t.integer('generation').notNullable();
    /** the one notification this milestone produced: set under a row lock, so a retry or a second worker sees it */
    t.timestamp('notified_at', { useTz: true });
    /** {status: queued|skipped|failed, emails: [{id, template, recipient}], reason?}: ids and roles, no addresses */
    t.jsonb('notification');
    t.unique(['request_id', 'kind', 'generation']);
    t.index(['request_id']);
  });
  await knex.raw(`
    alter table deadline_milestones add constraint deadline_milestones_kind
      check (kind in ('ack_due','reminder_7d','reminder_2d','due','overdue','escalation'));
    -- The sweep's only access path: its cost follows the number of DUE milestones, not the number of open ones.
    create index deadline_milestones_pending on deadline_milestones (fire_at, id)
      where fired_at is null and cancelled_at is null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('deadline_milestones');
  await knex.schema.dropTableIfExists('request_deadlines');
}
