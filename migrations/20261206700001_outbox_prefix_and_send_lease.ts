import type { Knex } from 'knex';

/**
 * Issue #18.
 * - `outbox.queue_prefix`: the BullMQ prefix of the deployment that wrote the row. A relay claims only rows of its own
 *   prefix, so two deployments (or two test files) sharing one database never relay each other's jobs. Rows written
 *   before this migration belong to the default prefix `drp`; afterwards the column has no default.
 * - `outbound_emails.claim_token` / `lease_expires_at`: the send claim is a lease with a fencing token. A worker takes
 *   the lease before it sends and extends it while the send lasts; a second worker cannot take a letter whose lease has
 *   not expired, and the mark and outcome writes only land while the token is still the one on the row.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.text('queue_prefix').notNullable().defaultTo('drp');
  });
  // existing rows got the default; from now on every insert names its prefix (an insert that forgets fails loudly
  // instead of writing a job that no relay of another prefix would ever move)
  await knex.raw('alter table outbox alter column queue_prefix drop default');
  await knex.raw('drop index if exists outbox_pending');
  await knex.raw('create index outbox_pending on outbox (queue_prefix, available_at, id) where relayed_at is null');
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.uuid('claim_token');
    t.timestamp('lease_expires_at', { useTz: true });
  });
  // the reconciler looks for letters still pending: a partial index keeps that cheap however many were sent
  await knex.raw("create index outbound_emails_pending on outbound_emails (id) where status = 'pending'");
  await knex.raw(
    'create index deadline_milestones_undelivered on deadline_milestones (id) where fired_at is not null and notified_at is null',
  );
  await knex.raw("create index submissions_unverified on submissions (id) where status = 'pending_verification'");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists submissions_unverified');
  await knex.raw('drop index if exists deadline_milestones_undelivered');
  await knex.raw('drop index if exists outbound_emails_pending');
  await knex.schema.alterTable('outbound_emails', (t) => {
    t.dropColumn('claim_token');
    t.dropColumn('lease_expires_at');
  });
  await knex.raw('drop index if exists outbox_pending');
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('queue_prefix');
  });
  await knex.raw('create index outbox_pending on outbox (available_at, id) where relayed_at is null');
}
