import type { Knex } from 'knex';

/**
 * `requests.closed_at` is the moment a request was finished (completed, denied, withdrawn or closed) and is empty
 * while it is open. Staff actions set it from the injected clock (server/staff/action-support.ts); this trigger keeps
 * it true for every other path that changes a status (a vendor's answer recorded, a bulk close, a consumer's
 * withdrawal, SQL run by hand): set when a request reaches a finished status without one, cleared when it is
 * reopened. Requests already finished without one get the time of their last event.
 * The statuses are those of CLOSED_STATUSES in server/requests/request-status.ts.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function requests_keep_closed_at() returns trigger language plpgsql as $$
    begin
      if new.status in ('completed', 'denied', 'withdrawn', 'closed') then
        new.closed_at := coalesce(new.closed_at, now());
      else
        new.closed_at := null;
      end if;
      return new;
    end $$;
    create trigger requests_keep_closed_at before insert or update of status, closed_at on requests
      for each row execute function requests_keep_closed_at();
    update requests r
       set closed_at = coalesce((select max(e.occurred_at) from events e where e.subject_type = 'request' and e.subject_id = r.id), r.created_at)
     where r.status in ('completed', 'denied', 'withdrawn', 'closed') and r.closed_at is null;
    update requests set closed_at = null where status not in ('completed', 'denied', 'withdrawn', 'closed') and closed_at is not null;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger requests_keep_closed_at on requests;
    drop function requests_keep_closed_at();
  `);
}
