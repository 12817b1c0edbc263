import type { Knex } from 'knex';

/**
 * Issue #19: Global Privacy Control and California's DROP.
 * - `submissions.gpc`: the GPC evidence recorded when the consumer filed (server/shared/opt-out-signals.ts), so an
 *   opt-out letter can say that their browser sends the signal and cite the law that makes it a valid opt-out.
 * - `vendor_gpc_checks`: the latest look at a vendor's `/.well-known/gpc.json` (server/vendors/gpc-support.ts); one row
 *   per vendor, replaced at each check.
 * - `drop_filings`: the day a consumer made their DROP request for a request to a registered broker
 *   (server/requests/drop.ts), from which the broker's statutory cycle is computed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('submissions', (t) => {
    t.jsonb('gpc');
  });
  await knex.schema.createTable('vendor_gpc_checks', (t) => {
    t.bigInteger('vendor_id').primary().references('vendors.id').onDelete('CASCADE');
    t.text('url').notNullable();
    /** supported: gpc.json says gpc true; not_supported: says false; absent: 404/410; invalid: not the format; failed: fetch refused or failed */
    t.text('outcome').notNullable();
    t.date('last_update');
    t.text('detail');
    t.timestamp('checked_at', { useTz: true }).notNullable();
  });
  await knex.raw(`alter table vendor_gpc_checks add constraint vendor_gpc_checks_outcome
    check (outcome in ('supported', 'not_supported', 'absent', 'invalid', 'failed'))`);
  await knex.raw('create index vendor_gpc_checks_checked_at on vendor_gpc_checks (checked_at)');
  await knex.schema.createTable('drop_filings', (t) => {
    t.bigInteger('request_id').primary().references('requests.id').onDelete('CASCADE');
    t.date('submitted_on').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('drop_filings');
  await knex.schema.dropTable('vendor_gpc_checks');
  await knex.schema.alterTable('submissions', (t) => {
    t.dropColumn('gpc');
  });
}
