import type { Knex } from 'knex';

/**
 * requesters had two indexes on the email: btree(email) and btree(lower(email)). Every lookup by address compares
 * lower(email) (sign-in, consumer access, duplicates, bulk filing, the retention purge reads by id), so the plain one
 * was never used, and intake paid for it on every submission: an insert at a random place of an index as large as
 * the table of requesters (issue #18: the cost of intake grew with the database).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists requesters_email_index');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('create index if not exists requesters_email_index on requesters (email)');
}
