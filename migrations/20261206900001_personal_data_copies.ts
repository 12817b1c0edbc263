import type { Knex } from 'knex';

/**
 * Personal data out of the append-only history, and findable for the retention purge:
 * - `requests.withdrawal_reason`: a consumer's own words on withdrawing, which used to go into `events.reason` where
 *   the purge cannot erase them (events are append-only and hold ids, not personal data). Existing ones move here.
 * - an index on the lower-cased recipient of `outbound_emails`, so the purge finds every email sent to a person
 *   (sign-in links and notices whose related row does not lead back to them) without reading the whole table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.text('withdrawal_reason');
  });
  await knex.raw('create index outbound_emails_to_lower on outbound_emails (lower(to_address))');
  // move consumers' withdrawal reasons out of the history: the owner (never the app) lifts the append-only trigger for
  // this one statement, inside the migration's transaction
  await knex.raw(`
    update requests r set withdrawal_reason = e.reason
      from events e
     where e.subject_type = 'request' and e.subject_id = r.id and e.type = 'withdrawn' and e.actor_type = 'consumer' and e.reason is not null`);
  await knex.raw('alter table events disable trigger events_no_update_or_delete');
  await knex.raw(
    "update events set reason = null where type = 'withdrawn' and actor_type = 'consumer' and reason is not null",
  );
  await knex.raw('alter table events enable trigger events_no_update_or_delete');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table events disable trigger events_no_update_or_delete');
  await knex.raw(`
    update events e set reason = r.withdrawal_reason
      from requests r
     where e.subject_type = 'request' and e.subject_id = r.id and e.type = 'withdrawn' and e.actor_type = 'consumer' and r.withdrawal_reason is not null`);
  await knex.raw('alter table events enable trigger events_no_update_or_delete');
  await knex.raw('drop index if exists outbound_emails_to_lower');
  await knex.schema.alterTable('requests', (t) => {
    t.dropColumn('withdrawal_reason');
  });
}
