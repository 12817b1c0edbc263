import type { Knex } from 'knex';

/**
 * The queue orders requests by the date that counts now. Keeping that date on the request itself (set by a trigger on
 * request_deadlines, so every clock change keeps it right whoever makes it) lets one index (status, due_on, id) serve
 * every bucket page as an index walk, whatever the number of requests.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('requests', (t) => {
    t.date('due_on');
  });
  await knex.raw(`
    create function requests_follow_clock() returns trigger language plpgsql as $$
    begin
      update requests set due_on = case when new.closed_at is null then new.effective_due end
       where id = new.request_id and due_on is distinct from (case when new.closed_at is null then new.effective_due end);
      return new;
    end $$;
    create trigger request_deadlines_set_due after insert or update of effective_due, closed_at on request_deadlines
      for each row execute function requests_follow_clock();
    update requests r set due_on = d.effective_due from request_deadlines d where d.request_id = r.id and d.closed_at is null;
    drop index if exists requests_status_id;
    drop index if exists request_deadlines_due_request;
    create index requests_status_due on requests (status, due_on, id);
    create index requests_due on requests (due_on, id);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop index if exists requests_due;
    drop index if exists requests_status_due;
    drop trigger if exists request_deadlines_set_due on request_deadlines;
    drop function if exists requests_follow_clock();
    create index requests_status_id on requests (status, id);
    create index request_deadlines_due_request on request_deadlines (effective_due, request_id) where closed_at is null;
  `);
  await knex.schema.alterTable('requests', (t) => {
    t.dropColumn('due_on');
  });
}
