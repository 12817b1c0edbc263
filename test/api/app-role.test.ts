import { createDb, ensureAppRole } from '../../server/db';
import { createIntakeContext, submitAndVerify } from '../factories/intake';
import { testConfig, unique, type TestContext } from '../setup/context';

/** Issue 18: the API and worker connect as a role that owns nothing; the owner alone can change the schema or history. */
describe('the app database role', () => {
  const config = testConfig();
  const owner = createDb(config.databaseUrl, 2);
  const app = createDb(config.appDatabaseUrl, 2);
  afterAll(async () => {
    await Promise.all([owner.destroy(), app.destroy()]);
  });

  test('the app connects as the configured role, which is neither superuser nor owner of any table', async () => {
    const { rows } = await app.raw(
      'select current_user as name, r.rolsuper, r.rolcreaterole, r.rolcreatedb from pg_roles r where r.rolname = current_user',
    );
    expect(rows[0]).toEqual({
      name: config.appDatabaseRole,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
    });
    const owned = await app.raw(
      "select tablename from pg_tables where schemaname = 'public' and tableowner = current_user",
    );
    expect(owned.rows).toEqual([]);
  });

  test.each([
    ['disable the append-only trigger on events', 'alter table events disable trigger all'],
    ['drop a table', 'drop table events'],
    ['truncate events', 'truncate events'],
    ['update an event', "update events set reason = 'rewritten' where id = (select max(id) from events)"],
    ['delete an event', 'delete from events where id = (select max(id) from events)'],
    ['create a table', 'create table sneaky (id int)'],
    ['alter a table', 'alter table requests add column sneaky int'],
    ['read the migrations table', 'select * from knex_migrations'],
  ])('when the app role tries to %s, then Postgres refuses', async (_what, sql) => {
    await expect(app.raw(sql)).rejects.toThrow(/permission denied|must be owner/);
  });

  test('normal work goes through: the app role reads, inserts and updates rows and appends events', async () => {
    const [event] = await app('events')
      .insert({ subject_type: 'request', subject_id: 0, type: 'role_check', actor_type: 'system', data: {} })
      .returning('id');
    expect(await app('events').where({ id: event.id })).toHaveLength(1);
    const [vendor] = await app('vendors')
      .insert({ slug: unique('role-vendor'), name: 'Role Vendor' })
      .returning('id');
    await app('vendors').where({ id: vendor.id }).update({ name: 'Role Vendor Renamed' });
    await app('vendors').where({ id: vendor.id }).delete();
  });

  test('a table a later migration creates is open to the app role without another set-up run, and the set-up runs again cleanly', async () => {
    const table = `role_future_${unique('t').replace(/-/g, '_')}`;
    await owner.schema.createTable(table, (t) => {
      t.bigIncrements('id');
      t.text('note');
    });
    try {
      await app(table).insert({ note: 'x' });
      expect(await app(table).count({ n: '*' })).toEqual([{ n: 1 }]);
      await ensureAppRole(owner, { role: config.appDatabaseRole });
      await expect(app.raw('truncate events')).rejects.toThrow(/permission denied/);
    } finally {
      await owner.schema.dropTable(table);
    }
  });

  test('a consumer files and verifies a request through the API connected as the app role', async () => {
    const ctx: TestContext = createIntakeContext({ config: testConfig({ DATABASE_URL: config.appDatabaseUrl }) });
    try {
      const { rows } = await ctx.db.raw('select current_user as name');
      expect(rows[0].name).toBe(config.appDatabaseRole);
      const { verified } = await submitAndVerify(ctx);
      expect(verified.requests.length).toBeGreaterThan(0);
      expect(
        await ctx.db('events').where({ subject_type: 'request', subject_id: verified.requests[0]!.id }).pluck('type'),
      ).toContain('request_created');
    } finally {
      await ctx.close();
    }
  });
});
