import type { Knex } from 'knex';

/**
 * Indexes for the gauges /metrics computes when scraped (server/ops/metrics.ts): emails not yet accepted by the relay,
 * and open requests by due date. Both are partial: they hold the few rows still in play, not the growing history.
 * The closed statuses are those of CLOSED_STATUSES in server/requests/request-status.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(
    `create index outbound_emails_unsent on outbound_emails (status, created_at) where status in ('pending', 'failed', 'uncertain')`,
  );
  await knex.raw(
    `create index requests_open_due on requests (due_on) where status not in ('completed', 'denied', 'withdrawn', 'closed')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index outbound_emails_unsent');
  await knex.raw('drop index requests_open_due');
}
