import type { Knex } from 'knex';

/**
 * The API and worker connect as a login role that owns nothing: it may read and write rows, never change the schema,
 * and never rewrite the append-only history. The owner (DATABASE_URL's user, who runs the migrations) keeps the
 * tables, the `events` trigger and the right to alter them; a compromised app cannot disable the trigger, drop or
 * truncate a table, or update or delete an event.
 *
 * Idempotent: run after every migrate. The role is cluster-wide (created once, password updated when configured); the
 * grants live in this database's catalog, so a database created from it with CREATE DATABASE ... TEMPLATE has them.
 */
export interface AppRoleOptions {
  role: string;
  password?: string;
}

/** Tables the app may read but never change (the history), and tables only the owner's tooling uses. */
const APPEND_ONLY = ['events'];
const OWNER_ONLY = ['knex_migrations', 'knex_migrations_lock'];

export async function ensureAppRole(db: Knex, options: AppRoleOptions): Promise<void> {
  const { role, password } = options;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error(`Refusing the app role name "${role}".`);
  const { rows: owner } = await db.raw<{ rows: { name: string; database: string }[] }>(
    'select current_user as name, current_database() as database',
  );
  if (owner[0]!.name === role)
    throw new Error(`DATABASE_URL connects as the app role "${role}"; migrations must run as the tables' owner.`);
  const database = owner[0]!.database;
  const { rows: existing } = await db.raw<{
    rows: {
      rolsuper: boolean;
      rolcreaterole: boolean;
      rolcreatedb: boolean;
      rolcanlogin: boolean;
      rolbypassrls: boolean;
    }[];
  }>('select rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolbypassrls from pg_roles where rolname = ?', [role]);
  const current = existing[0];
  if (!current) {
    await db
      .raw(`create role ?? login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls`, [role])
      .catch((err: { code?: string }) => {
        // created at the same moment by another process (roles are cluster-wide)
        if (err.code !== '42710' && err.code !== '23505') throw err;
      });
  }
  // (an owner without CREATEROLE can use a role a DBA created, as long as it is already a plain login role)
  const plain =
    current &&
    current.rolcanlogin &&
    !current.rolsuper &&
    !current.rolcreaterole &&
    !current.rolcreatedb &&
    !current.rolbypassrls;
  if (!plain) await db.raw(`alter role ?? login nosuperuser nocreatedb nocreaterole noreplication nobypassrls`, [role]);
  if (password) await db.raw(`alter role ?? password ${quoteLiteral(password)}`, [role]);

  await db.raw(`revoke create on schema public from public`);
  await db.raw(`grant connect, temporary on database ?? to ??`, [database, role]);
  await db.raw(`grant usage on schema public to ??`, [role]);
  await db.raw(`grant select, insert, update, delete on all tables in schema public to ??`, [role]);
  await db.raw(`grant usage, select on all sequences in schema public to ??`, [role]);
  await db.raw(`grant execute on all functions in schema public to ??`, [role]);
  await db.raw(`revoke truncate, references, trigger on all tables in schema public from ??`, [role]);
  for (const table of APPEND_ONLY) await db.raw(`revoke update, delete, truncate on ?? from ??`, [table, role]);
  for (const table of OWNER_ONLY) {
    const present = await db.raw<{ rowCount: number }>(
      `select 1 from information_schema.tables where table_schema = 'public' and table_name = ?`,
      [table],
    );
    if (present.rowCount) await db.raw(`revoke all on ?? from ??`, [table, role]);
  }
  // tables and sequences the owner creates later (future migrations) get the same rights without another set-up run;
  // a new append-only table must revoke them in its migration
  await db.raw(`alter default privileges in schema public grant select, insert, update, delete on tables to ??`, [
    role,
  ]);
  await db.raw(`alter default privileges in schema public grant usage, select on sequences to ??`, [role]);
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
