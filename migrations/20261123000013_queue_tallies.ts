import type { Knex } from 'knex';

/**
 * Counts for the staff queue's tabs without counting a million rows per request. Every statement that inserts, updates
 * or deletes requests appends its net change per (status, channel_type, due_on) to `queue_tallies`; a bucket's count
 * is the sum of the rows in its range, a few hundred after compaction. Triggers are statement-level with transition
 * tables, so a bulk insert of 10,000 requests appends a handful of rows, and the table is append-only between
 * compactions, so concurrent transactions never wait on a shared counter row (or deadlock on two of them).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table queue_tallies (
      status text not null,
      channel_type text not null,
      due_on date,
      n bigint not null
    );
    create index queue_tallies_status_due on queue_tallies (status, due_on);

    create function queue_tallies_inserted() returns trigger language plpgsql as $$
    begin
      insert into queue_tallies (status, channel_type, due_on, n)
      select status, channel_type, due_on, count(*) from new_rows group by 1, 2, 3;
      return null;
    end $$;
    create function queue_tallies_updated() returns trigger language plpgsql as $$
    begin
      insert into queue_tallies (status, channel_type, due_on, n)
      select status, channel_type, due_on, sum(n) from (
        select status, channel_type, due_on, 1 as n from new_rows
        union all
        select status, channel_type, due_on, -1 from old_rows
      ) change group by 1, 2, 3 having sum(n) <> 0;
      return null;
    end $$;
    create function queue_tallies_deleted() returns trigger language plpgsql as $$
    begin
      insert into queue_tallies (status, channel_type, due_on, n)
      select status, channel_type, due_on, -count(*) from old_rows group by 1, 2, 3;
      return null;
    end $$;
    create function queue_tallies_truncated() returns trigger language plpgsql as $$
    begin
      delete from queue_tallies;
      return null;
    end $$;

    create trigger requests_tally_insert after insert on requests
      referencing new table as new_rows for each statement execute function queue_tallies_inserted();
    create trigger requests_tally_update after update on requests
      referencing old table as old_rows new table as new_rows for each statement execute function queue_tallies_updated();
    create trigger requests_tally_delete after delete on requests
      referencing old table as old_rows for each statement execute function queue_tallies_deleted();
    create trigger requests_tally_truncate after truncate on requests
      for each statement execute function queue_tallies_truncated();

    -- Folds the appended changes into one row per key. One statement: rows appended by transactions that commit
    -- meanwhile are outside its snapshot and stay for the next run; a second compaction running at the same time skips
    -- the rows the first one deleted.
    create function compact_queue_tallies() returns integer language sql as $$
      with moved as (delete from queue_tallies returning status, channel_type, due_on, n),
           folded as (
             insert into queue_tallies (status, channel_type, due_on, n)
             select status, channel_type, due_on, sum(n) from moved group by 1, 2, 3 having sum(n) <> 0
             returning 1
           )
      select count(*)::integer from folded
    $$;

    insert into queue_tallies (status, channel_type, due_on, n)
    select status, channel_type, due_on, count(*) from requests group by 1, 2, 3;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    drop trigger if exists requests_tally_truncate on requests;
    drop trigger if exists requests_tally_delete on requests;
    drop trigger if exists requests_tally_update on requests;
    drop trigger if exists requests_tally_insert on requests;
    drop function if exists compact_queue_tallies();
    drop function if exists queue_tallies_truncated();
    drop function if exists queue_tallies_deleted();
    drop function if exists queue_tallies_updated();
    drop function if exists queue_tallies_inserted();
    drop table if exists queue_tallies;
  `);
}
