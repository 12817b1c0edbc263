import type { Knex } from 'knex';

/**
 * "Clock" means only the time source (`server/shared/clock.ts`); a request's legal timeline is its deadline. The event
 * types that said "clock" for the deadline are renamed in the rows already stored, so the history reads with one
 * vocabulary and every reader (server, client timeline, reports) knows one name per event:
 *   clock_started → deadline_started, clock_paused → deadline_paused, clock_resumed → deadline_resumed,
 *   clock_closed → deadline_closed, clock_reopened → deadline_reopened, clock_voided → deadline_voided,
 * and in the payloads of `vendor_response_recorded` and `information_supplied` the keys `clock_paused` →
 * `deadline_paused` and `clock_resumed` → `deadline_resumed`.
 *
 * `events` is append-only: the `events_no_update_or_delete` trigger refuses every UPDATE. This migration runs as the
 * tables' owner (the app role cannot do this) and disables that trigger for this one rename only, re-enabling it in
 * the same transaction (knex runs each migration in one), so no other change can slip through while it is off and a
 * failure leaves the trigger as it was. Only the type name and the two payload keys change: ids, actors, times, reasons
 * and every other payload value stay as they were recorded.
 */
const RENAMED: [string, string][] = [
  ['clock_started', 'deadline_started'],
  ['clock_paused', 'deadline_paused'],
  ['clock_resumed', 'deadline_resumed'],
  ['clock_closed', 'deadline_closed'],
  ['clock_reopened', 'deadline_reopened'],
  ['clock_voided', 'deadline_voided'],
];
const RENAMED_KEYS: [string, string, string][] = [
  ['vendor_response_recorded', 'clock_paused', 'deadline_paused'],
  ['information_supplied', 'clock_resumed', 'deadline_resumed'],
];

async function rename(knex: Knex, types: [string, string][], keys: [string, string, string][]) {
  await knex.raw('alter table events disable trigger events_no_update_or_delete');
  for (const [from, to] of types) await knex('events').where({ type: from }).update({ type: to });
  for (const [type, from, to] of keys) {
    await knex.raw(
      'update events set data = (data - ?::text) || jsonb_build_object(?::text, data -> ?::text) ' +
        'where type = ? and (data -> ?::text) is not null',
      [from, to, from, type, from],
    );
  }
  await knex.raw('alter table events enable trigger events_no_update_or_delete');
}

export async function up(knex: Knex): Promise<void> {
  await rename(knex, RENAMED, RENAMED_KEYS);
}

export async function down(knex: Knex): Promise<void> {
  await rename(
    knex,
    RENAMED.map(([from, to]) => [to, from]),
    RENAMED_KEYS.map(([type, from, to]) => [type, to, from]),
  );
}
