import type { Knex } from 'knex';

/**
 * A revision number for the published registry, so API processes can cache vendor profiles and check them with one
 * tiny read instead of reloading every fact on every request. Any statement that changes vendors, their documents,
 * facts or staff-added channels sets the revision to a fresh sequence value. A sequence never hands out a number
 * twice, even when the transaction that took it rolls back, so a cached profile can never be mistaken for a later one.
 */
const TABLES = ['vendors', 'policy_documents', 'vendor_facts', 'vendor_channels'];

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create sequence registry_revision_seq;
    create table registry_revision (only_row boolean primary key default true check (only_row), n bigint not null);
    insert into registry_revision (n) values (nextval('registry_revision_seq'));
    create function registry_revision_bump() returns trigger language plpgsql as $$
    begin
      update registry_revision set n = nextval('registry_revision_seq');
      return null;
    end $$;
  `);
  for (const table of TABLES) {
    await knex.raw(`create trigger ${table}_registry_revision after insert or update or delete or truncate on ${table}
      for each statement execute function registry_revision_bump()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) await knex.raw(`drop trigger if exists ${table}_registry_revision on ${table}`);
  await knex.raw(`
    drop function if exists registry_revision_bump();
    drop table if exists registry_revision;
    drop sequence if exists registry_revision_seq;
  `);
}
