import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.bigInteger('assignee_id').references('accounts.id');
  });
  // The queue reads requests by status and orders them by the date that counts now; these keep a page of 50 rows an
  // index walk whatever the number of requests.
  await knex.raw('create index requests_status_id on requests (status, id)');
  await knex.raw(
    'create index requests_assignee_status on requests (assignee_id, status) where assignee_id is not null',
  );
  await knex.raw(
    'create index request_deadlines_due_request on request_deadlines (effective_due, request_id) where closed_at is null',
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists request_deadlines_due_request');
  await knex.raw('drop index if exists requests_assignee_status');
  await knex.raw('drop index if exists requests_status_id');
  await knex.schema.alterTable('requests', (t) => {
    t.dropColumn('assignee_id');
  });
}
