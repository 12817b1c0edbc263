import type { Knex } from 'knex';

/**
 * A DRP revoke's reason (DRP 1.0 §2.04 `reason`) is the consumer's or agent's free text: it is kept on the DRP row,
 * which the retention purge erases, never in the append-only event.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('drp_requests', (t) => {
    t.text('revoke_reason');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('drp_requests', (t) => {
    t.dropColumn('revoke_reason');
  });
}
